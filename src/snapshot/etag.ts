// Strong validators derived from the bytes alone, so every replica and every run agrees on them.
import { createHash } from 'node:crypto';

export type Encoding = 'identity' | 'gzip' | 'br';

// RFC 9110 §8.8.3: a strong ETag must differ between representations, encodings included. The
// compressed variants share the identity hash plus a suffix, so a zlib upgrade on one replica does not
// make aggregators refetch unchanged feeds through another.
const SUFFIX: Readonly<Record<Encoding, string>> = { identity: '', gzip: '-gz', br: '-br' };

export function contentHash(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('base64url').slice(0, 27);
}

export function etagFor(hash: string, encoding: Encoding): string {
  return `"${hash}${SUFFIX[encoding]}"`;
}

/**
 * The ETag of a representation when sent with an entry's navigation Content-Type: the bytes are the same,
 * but RFC 9110 §8.8.1 counts Content-Type as part of the representation, and a shared cache holding both
 * variants must not be told by a 304 to reuse the other one.
 */
export function navigationEtag(etag: string): string {
  return `${etag.slice(0, -1)}-nav"`;
}
