// Sends one snapshot entry: the representation for the request's encoding, validators, caching headers,
// 304 and HEAD. Both the fast path and the Express app answer with this one function.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { cached } from '../memo.js';
import type { Encoding } from '../snapshot/etag.js';
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

/** The header lists of one representation, made once: `setHeader` validates each header every time. */
interface Prepared {
  readonly cacheControl: string;
  readonly etag: string;
  /** Flat [name, value, …] lists, as `writeHead` takes them. */
  readonly notModified: readonly string[];
  readonly ok: readonly string[];
  readonly body: Buffer | readonly Buffer[];
}

// Per entry (so a new snapshot's entries start empty, and old ones go with their snapshot).
const NAVIGATION_KEYS: Readonly<Record<Encoding, string>> = { identity: 'nav identity', gzip: 'nav gzip', br: 'nav br' };
const prepared = new WeakMap<SnapshotEntry, Map<string, Prepared>>();

/**
 * Answers with `entry`. Returns undefined when the response is complete; on the first request for a
 * compressed version, a promise (never rejected) that settles once it is: its final status is known then.
 */
export function sendEntry(req: IncomingMessage, res: ServerResponse, entry: SnapshotEntry, configured: string): Promise<void> | undefined {
  // An entry's own Cache-Control (a full archive page: immutable) wins over the configured one.
  const cacheControlValue = entry.cacheControl ?? configured;
  const encoding = chooseEncoding(req.headers['accept-encoding']);
  const navigate = entry.navigation !== undefined && req.headers['sec-fetch-dest'] === 'document';
  // No string is built per request: the key is the encoding itself for a feed reader.
  const key = navigate ? NAVIGATION_KEYS[encoding] : encoding;
  let ready = prepared.get(entry)?.get(key);
  if (!ready || ready.cacheControl !== cacheControlValue) {
    const body = encoding === 'identity' ? entry.body.chunks : entry.body.encoded(encoding);
    if (!Buffer.isBuffer(body) && !Array.isArray(body)) {
      // First request for this encoding of this version: wait for the one compression all such requests
      // share, then answer as any later request will.
      return (body as Promise<Buffer>).then(
        () => void sendEntry(req, res, entry, cacheControlValue),
        () => {
          res.statusCode = 500;
          res.end();
        },
      );
    }
    ready = prepare(entry, navigate, encoding, cacheControlValue, body as Buffer | readonly Buffer[]);
    cached(prepared, entry, () => new Map()).set(key, ready);
  }
  const h = req.headers;
  if (isNotModified(h['if-none-match'], h['if-modified-since'], ready.etag, entry.lastModified)) {
    res.writeHead(304, ready.notModified as string[]);
    res.end();
    return undefined;
  }
  res.writeHead(200, ready.ok as string[]);
  if (req.method === 'HEAD') res.end();
  else if (Buffer.isBuffer(ready.body)) res.end(ready.body);
  else writeChunks(res, ready.body as readonly Buffer[]);
  return undefined;
}

function prepare(entry: SnapshotEntry, navigate: boolean, encoding: Encoding, cc: string, body: Buffer | readonly Buffer[]): Prepared {
  const variant = navigate && entry.navigation ? entry.navigation : entry;
  const etag = variant.etags[encoding];
  // RFC 9110 §15.4.5: a 304 carries the headers a 200 would have had for caching: ETag, Cache-Control,
  // Vary, Last-Modified.
  const common = [
    'ETag',
    etag,
    'Cache-Control',
    cc,
    'Vary',
    entry.navigation === undefined ? 'Accept-Encoding' : 'Accept-Encoding, Sec-Fetch-Dest',
    'X-Content-Type-Options',
    'nosniff',
    ...Object.entries(entry.headers ?? {}).flat(),
    ...(entry.lastModified !== undefined ? ['Last-Modified', new Date(entry.lastModified).toUTCString()] : []),
  ];
  const length = Buffer.isBuffer(body) ? body.length : entry.body.length;
  const ok = [
    ...common,
    'Content-Type',
    variant.contentType,
    ...(encoding === 'identity' ? [] : ['Content-Encoding', encoding]),
    'Content-Length',
    String(length),
  ];
  return { cacheControl: cc, etag, notModified: common, ok, body: Buffer.isBuffer(body) || body.length !== 1 ? body : (body[0] as Buffer) };
}

function writeChunks(res: ServerResponse, chunks: readonly Buffer[]): void {
  // One writev for the headers and every chunk.
  res.cork();
  for (const chunk of chunks) res.write(chunk);
  res.end();
  res.uncork();
}
