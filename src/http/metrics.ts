// GET /metrics (Prometheus text format), and counting and timing every response the Express app sends by
// route kind and status. The fast path in server.ts counts its own responses without this middleware.
import { Router, type RequestHandler } from 'express';
import { MethodNotAllowedError } from '../errors.js';
import type { Metrics, RouteKind } from '../metrics.js';
import { OPML_PATH } from '../render/opml.js';
import { SAVED_DIR } from '../render/query-feed.js';
import { isFeedPath } from '../snapshot/feeds.js';
import type { SnapshotStore } from '../snapshot/store.js';
import { decodeRequestPath } from './request-path.js';
import { STATUS_PATHS } from './status.js';

export const METRICS_PATH = '/metrics';

export function metricsRoutes(metrics: Metrics): Router {
  const router = Router();
  router.get(METRICS_PATH, async (_req, res) => {
    const text = await metrics.registry.metrics();
    res.status(200).set({ 'Content-Type': metrics.registry.contentType, 'Cache-Control': 'no-store' }).send(text);
  });
  router.all(METRICS_PATH, () => {
    throw new MethodNotAllowedError('GET, HEAD');
  });
  return router;
}

/** Counts and times each response when it has been sent; the kind is decided then, from the path alone. */
export function countResponses(metrics: Metrics, store: SnapshotStore): RequestHandler {
  return (req, res, next) => {
    const start = performance.now();
    res.on('finish', () => metrics.response(routeKind(req.originalUrl, store), res.statusCode, (performance.now() - start) / 1000));
    next();
  };
}

const FIXED: ReadonlyMap<string, RouteKind> = new Map<string, RouteKind>([...STATUS_PATHS.map((p) => [p, 'status'] as const), [METRICS_PATH, 'metrics']]);

export function routeKind(url: string, store: SnapshotStore): RouteKind {
  let path: string;
  try {
    path = decodeRequestPath(url);
  } catch {
    return 'other';
  }
  const fixed = FIXED.get(path);
  if (fixed) return fixed;
  if (path.startsWith('/hooks/')) return 'hook';
  // A query string on a feed's path, or a saved query (the fast path knows better: it answers most).
  if (path.startsWith(SAVED_DIR) || (isFeedPath(path) && url.includes('?'))) return 'query';
  // A feed path is a feed route even when the scope is unknown (its 404s belong with the feeds).
  if (isFeedPath(path)) return 'feed';
  const entries = store.current?.entries;
  if (entries?.has(path)) return documentKind(path);
  // `/tags/<slug>` redirected to its page (trailing-slash.ts).
  return entries?.has(`${path}/`) ? 'page' : 'other';
}

/**
 * The kind of a document the snapshot holds, from its path alone (the fast path calls this for every
 * response): feeds, pages (folders), the OPML list, and the rest, which are files that pages and styled
 * feeds load.
 */
export function documentKind(path: string): RouteKind {
  if (isFeedPath(path)) return 'feed';
  if (path.endsWith('/')) return 'page';
  return path === OPML_PATH ? 'opml' : 'asset';
}
