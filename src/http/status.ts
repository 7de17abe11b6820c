// GET /status, /healthz and /readyz: what the service did last and whether it can answer yet. Never cached.
// The probes are answered as the listener answers them (probes.ts), before Express when it has not loaded.
import { Router } from 'express';
import { MethodNotAllowedError } from '../errors.js';
import type { SnapshotStore } from '../snapshot/store.js';
import { answerProbe, PROBE_PATHS, sendJson, STATUS_PATHS, type StatusDeps } from './probes.js';

export function statusRoutes(store: SnapshotStore, deps: StatusDeps): Router {
  const router = Router();
  router.get('/status', (req, res) => sendJson(res, 200, deps.status(), req.method === 'HEAD'));
  for (const path of PROBE_PATHS) router.get(path, (req, res) => answerProbe(path, res, store, deps, req.method === 'HEAD'));
  for (const path of STATUS_PATHS) {
    router.all(path, () => {
      throw new MethodNotAllowedError('GET, HEAD');
    });
  }
  return router;
}
