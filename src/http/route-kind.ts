// Which kind of route a response belongs to, for /metrics: from the path alone, with no Express (the
// listener counts its own responses with it, before Express is loaded).
import type { RouteKind } from '../metrics.js';
import { OPML_PATH } from '../render/opml.js';
import { SAVED_DIR } from '../render/query-feed.js';
import { isFeedPath } from '../snapshot/feeds.js';
import type { SnapshotStore } from '../snapshot/store.js';
import { STATUS_PATHS } from './probes.js';
import { decodeRequestPath } from './request-path.js';

export const METRICS_PATH = '/metrics';

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
