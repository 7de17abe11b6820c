// GET /metrics (Prometheus text format), and counting and timing every response the Express app sends by
// route kind and status. The fast path in server.ts counts its own responses without this middleware.
import { Router, type RequestHandler } from 'express';
import { MethodNotAllowedError } from '../errors.js';
import type { Metrics } from '../metrics.js';
import type { SnapshotStore } from '../snapshot/store.js';
import { METRICS_PATH, routeKind } from './route-kind.js';

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
