// Strong validators derived from the bytes alone, so every replica and every run agrees on them.
export type Encoding = 'identity' | 'gzip' | 'br';

// RFC 9110 §8.8.3: a strong ETag must differ between representations, encodings included. The
// compressed variants share the identity hash plus a suffix: they are known before anything is
// compressed (a 304 never needs the compressed bytes), and a zlib upgrade on one replica does not make
// aggregators refetch unchanged feeds through another.
const SUFFIX: Readonly<Record<Encoding, string>> = { identity: '', gzip: '-gz', br: '-br' };

export function etagsFor(hash: string): Readonly<Record<Encoding, string>> {
  return { identity: `"${hash}${SUFFIX.identity}"`, gzip: `"${hash}${SUFFIX.gzip}"`, br: `"${hash}${SUFFIX.br}"` };
}
