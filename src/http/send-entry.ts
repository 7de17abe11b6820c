// Sends one snapshot entry: the representation for the request's encoding, validators, caching headers,
// 304 and HEAD. Both the fast path and the Express app answer with this one function.
import type { IncomingMessage, ServerResponse } from 'node:http';
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

/**
 * Answers with `entry`. Returns undefined when the response is complete; on the first request for a
 * compressed version, a promise (never rejected) that settles once it is: its final status is known then.
 */
export function sendEntry(req: IncomingMessage, res: ServerResponse, entry: SnapshotEntry, cacheControlValue: string): Promise<void> | undefined {
  const encoding = chooseEncoding(req.headers['accept-encoding']);
  const { navigation } = entry;
  const variant = navigation !== undefined && req.headers['sec-fetch-dest'] === 'document' ? navigation : entry;
  const etag = variant.etags[encoding];
  // RFC 9110 §15.4.5: a 304 carries the headers a 200 would have had for caching: ETag, Cache-Control,
  // Vary, Last-Modified.
  res.setHeader('ETag', etag);
  res.setHeader('Cache-Control', cacheControlValue);
  res.setHeader('Vary', navigation === undefined ? 'Accept-Encoding' : 'Accept-Encoding, Sec-Fetch-Dest');
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
  res.setHeader('Content-Type', variant.contentType);
  if (encoding === 'identity') {
    res.setHeader('Content-Length', entry.body.length);
    if (req.method === 'HEAD') res.end();
    else writeChunks(res, entry.body.chunks);
    return;
  }
  res.setHeader('Content-Encoding', encoding);
  const encoded = entry.body.encoded(encoding);
  if (Buffer.isBuffer(encoded)) {
    sendBuffer(req, res, encoded);
    return;
  }
  // First request for this encoding of this version: wait for the one compression all such requests share.
  return encoded.then(
    (bytes) => sendBuffer(req, res, bytes),
    () => {
      res.removeHeader('Content-Encoding');
      res.statusCode = 500;
      res.end();
    },
  );
}

function sendBuffer(req: IncomingMessage, res: ServerResponse, bytes: Buffer): void {
  res.setHeader('Content-Length', bytes.length);
  if (req.method === 'HEAD') res.end();
  else res.end(bytes);
}

function writeChunks(res: ServerResponse, chunks: readonly Buffer[]): void {
  if (chunks.length === 1) {
    res.end(chunks[0]);
    return;
  }
  // One writev for the headers and every chunk.
  res.cork();
  for (const chunk of chunks) res.write(chunk);
  res.end();
  res.uncork();
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
