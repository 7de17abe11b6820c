// The node:http listener: snapshot documents are answered here directly, everything else goes to
// Express. Express's request pipeline alone costs ~60 % of the throughput of sending bytes from memory;
// this path is the same `sendEntry` the Express app uses, so headers and behaviour are identical.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { Config } from '../config/schema.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import type { SnapshotStore } from '../snapshot/store.js';
import { accessLog } from './access-log.js';
import { onClientError, onConnect } from './client-error.js';
import { sendError } from './error-handler.js';
import { SAVED_DIR } from '../render/query-feed.js';
import type { FeedPolled } from './feed-polls.js';
import { answerProbe, isProbe, type StatusDeps } from './probes.js';
import { documentKind } from './route-kind.js';
import { answerQuery, type QueryAnswering } from './query-feed.js';
import { decodeRequestPath } from './request-path.js';
import { cacheControl, sendEntry } from './send-entry.js';

/** What the fast path does beyond the snapshot's documents: probes, query feeds, and counting feeds' polls. */
export interface FastPathExtras {
  readonly queries?: QueryAnswering | undefined;
  readonly polled?: FeedPolled | undefined;
  /** /healthz and /readyz answered here too: a warm start is ready before Express is loaded (service.ts). */
  readonly probes?: StatusDeps | undefined;
}

/** What answers the rest: an Express app, or one that loads on the first request (service.ts). */
export type AppHandler = (req: IncomingMessage, res: ServerResponse) => void;

export function createListener(
  app: AppHandler,
  store: SnapshotStore,
  config: Config,
  metrics?: Metrics,
  extras: FastPathExtras = {},
): (req: IncomingMessage, res: ServerResponse) => void {
  const cc = cacheControl(config.cache);
  const { queries, polled, probes } = extras;
  return (req, res) => {
    // One clock read per request, for the duration histogram.
    const start = metrics ? performance.now() : 0;
    let path: string;
    try {
      path = decodeRequestPath(req.url ?? '');
    } catch (err) {
      // Too long or malformed (only client errors are thrown): refused before Express parses it, with
      // the answer its error handler gives.
      sendError(res, err, () => {});
      metrics?.response('other', res.statusCode, (performance.now() - start) / 1000);
      return;
    }
    if (req.method === 'GET' || req.method === 'HEAD') {
      if (probes && isProbe(path)) {
        answerProbe(path, res, store, probes, req.method === 'HEAD');
        metrics?.response('status', res.statusCode, (performance.now() - start) / 1000);
        return;
      }
      // A query string (or a saved query's path) may name a query feed; one that changes nothing, the
      // fixed feed below. One indexOf per request when query feeds are on.
      if (queries) {
        const url = req.url as string;
        const q = url.indexOf('?');
        const answering = q !== -1 || path.startsWith(SAVED_DIR) ? answerQuery(queries, req, res, path, q === -1 ? '' : url.slice(q + 1)) : undefined;
        if (answering) {
          if (metrics) void answering.then(() => metrics.response('query', res.statusCode, (performance.now() - start) / 1000));
          return;
        }
      }
      const entry = store.current?.entries.get(path);
      if (entry) {
        const sending = sendEntry(req, res, entry, cc);
        if (metrics || polled) {
          // Counted once the status is final: at once, or after the first compression of this version
          // (which may fail with a 500). No 'finish' listener: this costs a Map lookup per response.
          const kind = documentKind(path);
          const done = (): void => {
            metrics?.response(kind, res.statusCode, (performance.now() - start) / 1000);
            if (kind === 'feed') polled?.(req, path, true, res.statusCode);
          };
          if (sending) void sending.then(done);
          else done();
        }
        return;
      }
    }
    app(req, res);
  };
}

/** `log` writes the access log when config.log.requests is on. */
export function createServer(app: AppHandler, store: SnapshotStore, config: Config, metrics?: Metrics, log?: Logger, extras?: FastPathExtras): http.Server {
  const listener = createListener(app, store, config, metrics, extras);
  const logRequest = config.log.requests && log ? accessLog(log) : undefined;
  const server: http.Server = http.createServer(
    // Bounds on what a client may send; Node answers 431 past the header limit.
    { maxHeaderSize: 16 * 1024, requestTimeout: 30_000, headersTimeout: 10_000 },
    (req, res) => {
      // Once close() has begun, a kept-alive connection would hold shutdown open until it idles out:
      // answer this request and close the connection.
      if (!server.listening) res.shouldKeepAlive = false;
      logRequest?.(req, res);
      listener(req, res);
    },
  );
  server.keepAliveTimeout = 65_000;
  server.on('clientError', onClientError);
  server.on('connect', onConnect);
  return server;
}
