// GET /status, /healthz and /readyz: what the service did last and whether it can answer yet. Never cached.
import { Router, type Response } from 'express';
import { MethodNotAllowedError } from '../errors.js';
import type { SnapshotStore } from '../snapshot/store.js';

export interface StatusDeps {
  /** The /status document, built per request by the composition root. */
  readonly status: () => unknown;
  /** True once shutdown has begun: a load balancer should stop sending traffic. */
  readonly stopping?: () => boolean;
}

export const STATUS_PATHS = ['/status', '/healthz', '/readyz'] as const;

export function statusRoutes(store: SnapshotStore, deps: StatusDeps): Router {
  const router = Router();
  router.get('/status', (_req, res) => sendJson(res, 200, deps.status()));
  // Liveness: the event loop answers. Nothing else is checked, so a slow rescan never gets the process killed.
  router.get('/healthz', (_req, res) => sendJson(res, 200, { status: 'ok' }));
  // Readiness: a load balancer sends no traffic until there are feeds to serve, nor once stopping.
  router.get('/readyz', (_req, res) => {
    const state = store.current === undefined ? 'starting' : deps.stopping?.() ? 'stopping' : 'ready';
    if (state === 'ready') sendJson(res, 200, { status: state });
    else sendJson(res.set('Retry-After', '5'), 503, { status: state });
  });
  for (const path of STATUS_PATHS) {
    router.all(path, () => {
      throw new MethodNotAllowedError('GET, HEAD');
    });
  }
  return router;
}

/** JSON that describes this moment: `no-store`, so no cache ever answers for the service. */
export function sendJson(res: Response, status: number, body: unknown): void {
  res.status(status).set({ 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' }).json(body);
}
