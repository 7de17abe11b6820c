// Polls /healthz on a fixed schedule while something else runs (a rescan, a cold build), for the benchmark
// and the chaos harness. Each answer's latency counts from when its poll was due, not from when it was
// sent: a stalled event loop (the service's, or this process's when the service runs in it) shows as the
// whole wait it caused, not as one slow poll among the few that got out (no coordinated omission).
import http from 'node:http';

export interface HealthzFigures {
  /** Polls that fell due while polling ran. */
  readonly polls: number;
  /** Polls still without an answer when polling stopped; their wait so far is in the latencies. */
  readonly unanswered: number;
  /** Polls whose request failed (connection refused before the server listens, or after it died). */
  readonly failed: number;
  /** Answers other than 200 (e.g. a 503 before the first build). */
  readonly non200: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

export interface HealthzPoll {
  /**
   * Stops polling, gives the polls in flight up to `graceMs` to be answered, then counts the rest as
   * unanswered (with their wait so far among the latencies) and sums up.
   */
  stop(graceMs?: number): Promise<HealthzFigures>;
}

/** No more requests than this in flight: the polls that fall due meanwhile ride on the next one sent. */
const MAX_IN_FLIGHT = 64;

export function pollHealthz(url: string, intervalMs = 20): HealthzPoll {
  const target = new URL('healthz', url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: MAX_IN_FLIGHT });
  const start = performance.now();
  const latencies: number[] = [];
  const inFlight = new Set<{ req: http.ClientRequest; due: readonly number[] }>();
  let next = 0; // the next slot not yet sent
  let carried: number[] = []; // due times waiting for a free request
  let failed = 0;
  let non200 = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const tick = (): void => {
    if (stopped) return;
    const now = performance.now();
    while (start + next * intervalMs <= now) carried.push(start + next++ * intervalMs);
    if (carried.length > 0 && inFlight.size < MAX_IN_FLIGHT) {
      send(carried);
      carried = [];
    }
    timer = setTimeout(tick, Math.max(0, start + next * intervalMs - performance.now()));
  };

  const send = (due: readonly number[]): void => {
    const entry = { req: undefined as unknown as http.ClientRequest, due };
    const done = (answered: boolean, status?: number): void => {
      if (!inFlight.delete(entry)) return;
      if (!answered) {
        failed += due.length;
        return;
      }
      if (status !== 200) non200 += due.length;
      const t = performance.now();
      for (const d of due) latencies.push(t - d);
    };
    entry.req = http.get(target, { agent, headers: { connection: 'keep-alive' } }, (res) => {
      res.resume();
      res.on('end', () => done(true, res.statusCode));
      res.on('error', () => done(false));
    });
    entry.req.on('error', () => done(false));
    inFlight.add(entry);
  };

  tick();
  return {
    async stop(graceMs = 1000): Promise<HealthzFigures> {
      stopped = true;
      clearTimeout(timer);
      if (carried.length > 0) send(carried.splice(0));
      const until = performance.now() + graceMs;
      while (inFlight.size > 0 && performance.now() < until) await new Promise((resolve) => setTimeout(resolve, 5));
      const now = performance.now();
      let unanswered = 0;
      for (const entry of inFlight) {
        unanswered += entry.due.length;
        for (const d of entry.due) latencies.push(now - d);
        entry.req.destroy();
      }
      inFlight.clear();
      agent.destroy();
      const sorted = latencies.sort((a, b) => a - b);
      const at = (q: number): number => round1(sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN);
      return { polls: next, unanswered, failed, non200, p50Ms: at(0.5), p99Ms: at(0.99), maxMs: round1(sorted.at(-1) ?? NaN) };
    },
  };
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
