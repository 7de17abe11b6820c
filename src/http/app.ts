// The Express app: status and metrics, the webhook, snapshot documents, then the slash redirect, then
// 404/405, then the error handler. It never listens itself.
import express, { type Express, type RequestHandler } from 'express';
import type { Config } from '../config/schema.js';
import type { Metrics } from '../metrics.js';
import { archiveDocumentAt, type FindEntry } from '../snapshot/archives.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import type { SnapshotStore } from '../snapshot/store.js';
import { errorHandler, notFound, sendText } from './error-handler.js';
import { countResponses, metricsRoutes } from './metrics.js';
import { queryFeedRoute, type QueryAnswering } from './query-feed.js';
import { decodeRequestPath } from './request-path.js';
import { cacheControl, sendEntry } from './send-entry.js';
import type { StatusDeps } from './probes.js';
import { statusRoutes } from './status.js';
import { trailingSlash } from './trailing-slash.js';

export interface AppDeps {
  readonly store: SnapshotStore;
  readonly config: Config;
  /** Unexpected errors (5xx) go here, to the log. */
  readonly onError?: (err: unknown) => void;
  /** Counts every response, and serves GET /metrics. */
  readonly metrics?: Metrics;
  /** GET /status, /healthz, /readyz. */
  readonly status?: StatusDeps;
  /** POST /hooks/rebuild; absent when no secret is configured, so the path is a 404. */
  readonly webhook?: { readonly path: string; readonly handler: RequestHandler };
  /** Documents rendered on their first request (archive pages), for paths the snapshot does not hold. */
  readonly findEntry?: FindEntry;
  /** Query feeds (docs/guides/query-feeds-and-subscribers.md); the fast path answers most, this what reaches Express. */
  readonly queries?: QueryAnswering;
  /** GET /subscribers, the publisher's page (docs/guides/query-feeds-and-subscribers.md); absent when it is off. */
  readonly subscribersPage?: RequestHandler;
}

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag'); // ETags come from the snapshot, per representation.
  app.set('query parser', false);
  // Which X-Forwarded-For hops are believed for `req.ip` (the webhook limits failures per client).
  app.set('trust proxy', deps.config.server.trustProxy);
  // Every answer, whatever route makes it (/metrics, /status, errors): no browser may sniff a type.
  app.use((_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    next();
  });
  if (deps.metrics) app.use(countResponses(deps.metrics, deps.store));
  // Before the snapshot, which answers 503 to everything until the first build: /readyz must say so itself.
  if (deps.status) app.use(statusRoutes(deps.store, deps.status));
  if (deps.metrics) app.use(metricsRoutes(deps.metrics));
  if (deps.webhook) app.all(deps.webhook.path, deps.webhook.handler);
  if (deps.subscribersPage) app.use(deps.subscribersPage);
  if (deps.queries) app.use(queryFeedRoute(deps.queries));
  app.use(afterProvisional(deps.store));
  app.use(serveSnapshot(deps));
  // Archive documents exist only where findEntry serves them; the index answers whether one is at a path
  // without rendering it (a redirect must not cost a page's rendering).
  const rendersOnRequest = deps.findEntry
    ? (s: Snapshot, p: string): boolean => s.archive !== undefined && archiveDocumentAt(s.archive, p) !== undefined
    : undefined;
  app.use(trailingSlash(deps.store, cacheControl(deps.config.cache), rendersOnRequest));
  app.use(notFound);
  app.use(errorHandler(deps.onError ?? (() => {})));
  return app;
}

/**
 * A provisional snapshot (a warm start's cached documents, before its first rescan) answers the paths it
 * holds; any other (an archive page, whose index that rescan builds) waits for the rescan, so it is not
 * answered 404 for the second or two that takes.
 */
function afterProvisional(store: SnapshotStore): RequestHandler {
  return (req, _res, next) => {
    const waiting = store.provisional;
    if (waiting && !store.current?.entries.has(decodeRequestPath(req.originalUrl))) void waiting.then(() => next());
    else next();
  };
}

/** Answers any path the snapshot holds; other methods on those paths get 405 with Allow. */
export function serveSnapshot(deps: Pick<AppDeps, 'store' | 'config' | 'findEntry'>): RequestHandler {
  const cc = cacheControl(deps.config.cache);
  return (req, res, next) => {
    const snapshot = deps.store.current;
    if (!snapshot) {
      // Before the first build nothing is known to be missing; a 404 could make a reader unsubscribe.
      sendText(res, 503, 'Starting: the feeds are being built', { 'Retry-After': '5' });
      return;
    }
    const path = decodeRequestPath(req.originalUrl);
    const entry = snapshot.entries.get(path) ?? deps.findEntry?.(snapshot, path);
    if (!entry) {
      next();
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendText(res, 405, 'Method not allowed', { Allow: 'GET, HEAD' });
      return;
    }
    // A first compression answers later (never rejecting); countResponses counts on 'finish', so nothing
    // here waits for it. A page rendered on request (a promise) is sent once it is made.
    if (entry instanceof Promise) entry.then((made) => (made ? void sendEntry(req, res, made, cc) : next()), next);
    else void sendEntry(req, res, entry, cc);
  };
}
