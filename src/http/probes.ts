// GET /healthz and /readyz, answered by the listener itself (server.ts) as well as by the Express routes
// (status.ts), with node's own API: a warm start says it is ready before Express is even loaded.
import type { ServerResponse } from 'node:http';
import type { SnapshotStore } from '../snapshot/store.js';
import { sendNoStore } from './error-handler.js';

/** The probes this module answers, and the status routes they are among. */
export const PROBE_PATHS: readonly string[] = ['/healthz', '/readyz'];
export const STATUS_PATHS = ['/status', ...PROBE_PATHS] as const;

export interface StatusDeps {
  /** The /status document, built per request by the composition root. */
  readonly status: () => unknown;
  /** True once shutdown has begun: a load balancer should stop sending traffic. */
  readonly stopping?: () => boolean;
}

/** Whether `path` is a probe this module answers. */
export function isProbe(path: string): boolean {
  return PROBE_PATHS.includes(path);
}

/** Answers a probe: GET and HEAD only (the caller checks the method and the path). */
export function answerProbe(path: string, res: ServerResponse, store: SnapshotStore, deps: StatusDeps, head: boolean): void {
  // Liveness: the event loop answers. Nothing else is checked, so a slow rescan never gets the process killed.
  if (path === '/healthz') {
    sendJson(res, 200, { status: 'ok' }, head);
    return;
  }
  // Readiness: a load balancer sends no traffic until there are feeds to serve, nor once stopping.
  const state = store.current === undefined ? 'starting' : deps.stopping?.() ? 'stopping' : 'ready';
  if (state === 'ready') sendJson(res, 200, { status: state }, head);
  else sendJson(res, 503, { status: state }, head, { 'Retry-After': '5' });
}

/** JSON that describes this moment: `no-store`, so no cache ever answers for the service. */
export function sendJson(res: ServerResponse, status: number, body: unknown, head: boolean, headers: Readonly<Record<string, string>> = {}): void {
  sendNoStore(res, status, 'application/json; charset=utf-8', Buffer.from(JSON.stringify(body), 'utf8'), headers, head);
}
