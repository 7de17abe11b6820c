// Strong validators derived from the bytes alone, so every replica and every run agrees on them.
export type Encoding = 'identity' | 'gzip' | 'br';

// RFC 9110 §8.8.3: a strong ETag must differ between representations, encodings included. The
// compressed variants share the identity hash plus a suffix: they are known before anything is
// compressed (a 304 never needs the compressed bytes), and a zlib upgrade on one replica does not make
// aggregators refetch unchanged feeds through another.
const SUFFIX: Readonly<Record<Encoding, string>> = { identity: '', gzip: '-gz', br: '-br' };

export type Etags = Readonly<Record<Encoding, string>>;

export function etagsFor(hash: string, variant = ''): Etags {
  const tag = (encoding: Encoding): string => `"${hash}${SUFFIX[encoding]}${variant}"`;
  return { identity: tag('identity'), gzip: tag('gzip'), br: tag('br') };
}

/**
 * The ETags of a document sent with its navigation Content-Type (SnapshotEntry.navigation): the bytes
 * are the same, but RFC 9110 §8.8.1 counts Content-Type as part of the representation, and a shared
 * cache holding both variants must not be told by a 304 to reuse the other one.
 */
export function navigationEtagsFor(hash: string): Etags {
  return etagsFor(hash, '-nav');
}
