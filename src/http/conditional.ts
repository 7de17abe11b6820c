// RFC 9110 §13: does a GET/HEAD with validators get 304 Not Modified?

/**
 * If-None-Match, when present, decides alone (§13.2.2): 304 when any listed tag matches by weak
 * comparison, or on `*`. Otherwise If-Modified-Since gives 304 only when it is the document's
 * Last-Modified exactly (nginx's default, `if_modified_since exact`), not whenever it is later: a feed's
 * Last-Modified is its newest item's time, which moves back when that post is deleted, and a client
 * holding the later date must then get the feed without the post, not a 304.
 */
export function isNotModified(ifNoneMatch: string | undefined, ifModifiedSince: string | undefined, etag: string, lastModified: number | undefined): boolean {
  if (ifNoneMatch !== undefined) return etagListMatches(ifNoneMatch, etag);
  if (ifModifiedSince === undefined || lastModified === undefined) return false;
  const since = Date.parse(ifModifiedSince);
  if (Number.isNaN(since)) return false;
  // HTTP dates have whole seconds; compare at that precision.
  return Math.floor(lastModified / 1000) * 1000 === since;
}

function etagListMatches(header: string, etag: string): boolean {
  const opaque = stripWeak(etag);
  for (const part of header.split(',')) {
    const tag = part.trim();
    if (tag === '*' || (tag !== '' && stripWeak(tag) === opaque)) return true;
  }
  return false;
}

function stripWeak(tag: string): string {
  return tag.startsWith('W/') ? tag.slice(2) : tag;
}
