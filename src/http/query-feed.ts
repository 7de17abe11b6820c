// Answers a request for a query feed (docs/guides/query-feeds-and-subscribers.md) through the one sendEntry every document goes
// through (ETags, 304, gzip and br, Cache-Control), from the node:http fast path and from Express alike.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import { SAVED_DIR } from '../render/query-feed.js';
import type { SnapshotEntry } from '../snapshot/snapshot.js';
import { sendError } from './error-handler.js';
import type { FeedPolled } from './feed-polls.js';
import type { QueryFeeds } from './query-feeds.js';
import { decodeRequestPath } from './request-path.js';
import { sendEntry } from './send-entry.js';

export interface QueryAnswering {
  readonly queries: QueryFeeds;
  readonly cacheControl: string;
  /** Counts the poll once the status is final. */
  readonly polled?: FeedPolled | undefined;
  /** Unexpected errors (5xx), for the log. */
  readonly onError?: ((err: unknown) => void) | undefined;
}

/**
 * Answers a GET or HEAD if it names a query feed: undefined when it names none (the caller answers as
 * for any path), else a promise that settles once the response's status is final (never rejected).
 */
export function answerQuery(a: QueryAnswering, req: IncomingMessage, res: ServerResponse, path: string, search: string): Promise<void> | undefined {
  const onError = a.onError ?? ((): void => undefined);
  let found: ReturnType<QueryFeeds['find']>;
  try {
    found = a.queries.find(req, path, search);
  } catch (err) {
    sendError(res, err, onError);
    return Promise.resolve();
  }
  if (!found) return undefined;
  const feed = found.feed;
  const send = (entry: SnapshotEntry): Promise<void> => {
    const counted = (): void => a.polled?.(req, feed, feed.startsWith(SAVED_DIR), res.statusCode);
    const sending = sendEntry(req, res, entry, a.cacheControl);
    if (sending) return sending.then(counted);
    counted();
    return Promise.resolve();
  };
  if (found.entry instanceof Promise) return found.entry.then(send, (err: unknown) => sendError(res, err, onError));
  return send(found.entry);
}

/** The same for Express: a query string on a feed's path, or a saved query's path. */
export function queryFeedRoute(a: QueryAnswering): RequestHandler {
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      next();
      return;
    }
    const url = req.originalUrl;
    const q = url.indexOf('?');
    const path = decodeRequestPath(url);
    if (q === -1 && !path.startsWith(SAVED_DIR)) {
      next();
      return;
    }
    if (!answerQuery(a, req, res, path, q === -1 ? '' : url.slice(q + 1))) next();
  };
}
