// Sends one snapshot entry: the representation for the request's encoding, validators, caching headers,
// 304 and HEAD. Both the fast path and the Express app answer with this one function.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { navigationEtag } from '../snapshot/etag.js';
import type { SnapshotEntry } from '../snapshot/snapshot.js';
import { isNotModified } from './conditional.js';
import { chooseEncoding } from './encoding.js';

export interface CachePolicy {
  readonly maxAge: number;
  readonly staleWhileRevalidate: number;
}

export function cacheControl(policy: CachePolicy): string {
  return `public, max-age=${policy.maxAge}, stale-while-revalidate=${policy.staleWhileRevalidate}`;
}

export function sendEntry(req: IncomingMessage, res: ServerResponse, entry: SnapshotEntry, cacheControlValue: string): void {
  const encoding = chooseEncoding(req.headers['accept-encoding']);
  const rep = entry[encoding];
  const navigationType = entry.navigationContentType;
  const asNavigation = navigationType !== undefined && req.headers['sec-fetch-dest'] === 'document';
  const etag = asNavigation ? navigationEtag(rep.etag) : rep.etag;
  // RFC 9110 §15.4.5: a 304 carries the headers a 200 would have had for caching: ETag, Cache-Control,
  // Vary, Last-Modified.
  res.setHeader('ETag', etag);
  res.setHeader('Cache-Control', cacheControlValue);
  res.setHeader('Vary', navigationType === undefined ? 'Accept-Encoding' : 'Accept-Encoding, Sec-Fetch-Dest');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  if (entry.headers) for (const [name, value] of Object.entries(entry.headers)) res.setHeader(name, value);
  if (entry.lastModified !== undefined) res.setHeader('Last-Modified', httpDate(entry.lastModified));
  const h = req.headers;
  if (isNotModified(h['if-none-match'], h['if-modified-since'], etag, entry.lastModified)) {
    res.statusCode = 304;
    res.end();
    return;
  }
  res.statusCode = 200;
  res.setHeader('Content-Type', asNavigation ? navigationType : entry.contentType);
  res.setHeader('Content-Length', rep.body.length);
  if (encoding !== 'identity') res.setHeader('Content-Encoding', encoding);
  if (req.method === 'HEAD') res.end();
  else res.end(rep.body);
}

const dates = new Map<number, string>();

/** RFC 9110 IMF-fixdate; memoised because a snapshot has few distinct dates and this is the hot path. */
function httpDate(ms: number): string {
  let text = dates.get(ms);
  if (text === undefined) {
    if (dates.size > 10_000) dates.clear();
    text = new Date(ms).toUTCString();
    dates.set(ms, text);
  }
  return text;
}
