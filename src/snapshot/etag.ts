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
