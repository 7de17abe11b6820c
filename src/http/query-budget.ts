// What query feeds may cost (docs/guides/query-feeds-and-subscribers.md): a share of one core for all their renderings together
// (a bucket of CPU milliseconds, refilled as time passes), and a number of renderings per client and
// minute. Both are about renderings only: a query feed already made is answered like any document.

/** Milliseconds of CPU, refilled at `share` per millisecond of time, up to one second's worth. */
export class CpuBudget {
  readonly #share: number;
  readonly #capacity: number;
  readonly #now: () => number;
  #tokens: number;
  #at: number;

  constructor(share: number, now: () => number = () => performance.now()) {
    this.#share = share;
    this.#capacity = share * 1000;
    this.#now = now;
    this.#tokens = this.#capacity;
    this.#at = now();
  }

  /** Milliseconds to wait before the next piece of work may run: 0 when there is budget left. */
  waitMs(): number {
    this.#refill();
    return this.#tokens > 0 ? 0 : Math.ceil(-this.#tokens / this.#share) + 1;
  }

  /** Work that took `ms` (may leave the bucket below zero: the wait that follows makes up for it). */
  spend(ms: number): void {
    this.#refill();
    this.#tokens -= ms;
  }

  #refill(): void {
    const now = this.#now();
    this.#tokens = Math.min(this.#capacity, this.#tokens + (now - this.#at) * this.#share);
    this.#at = now;
  }
}

/** Clients remembered at most; the oldest window is forgotten first (its client starts afresh). */
const MAX_CLIENTS = 10_000;
const WINDOW_MS = 60_000;

/**
 * Renderings per client in a fixed one-minute window. Clients are keyed by a salted hash of their address
 * (subscribers/pollers.ts), never the address itself.
 */
export class ClientLimiter {
  readonly #perMinute: number;
  readonly #now: () => number;
  readonly #windows = new Map<string, { start: number; count: number }>();

  constructor(perMinute: number, now: () => number = () => Date.now()) {
    this.#perMinute = perMinute;
    this.#now = now;
  }

  /** Counts one rendering for `client`; the seconds to wait instead when its minute's share is spent. */
  take(client: string): number | undefined {
    const now = this.#now();
    let w = this.#windows.get(client);
    if (!w || now - w.start >= WINDOW_MS) {
      this.#windows.delete(client);
      if (this.#windows.size >= MAX_CLIENTS) this.#windows.delete(this.#windows.keys().next().value as string);
      w = { start: now, count: 0 };
      this.#windows.set(client, w);
    }
    if (w.count >= this.#perMinute) return Math.max(1, Math.ceil((w.start + WINDOW_MS - now) / 1000));
    w.count++;
    return undefined;
  }

  /** Clients in the table (tests: bounded whatever the flood). */
  get size(): number {
    return this.#windows.size;
  }
}
