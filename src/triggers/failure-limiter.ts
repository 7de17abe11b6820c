// Remembers failed webhook authentications per client address and refuses an address that fails too often
// for a while. In memory and bounded: an attacker with many addresses evicts old entries, never grows the map.

export interface FailureLimits {
  /** Failures within `windowMs` that block the address. */
  readonly failures: number;
  readonly windowMs: number;
  readonly blockMs: number;
  /** Addresses remembered at most; the least recently seen is forgotten first. */
  readonly maxKeys: number;
}

/**
 * What the webhook asks of a limiter. This class answers at once; a cluster-wide one (src/cluster/) may
 * ask Redis first, so the answer can be a promise.
 */
export interface Limiter {
  retryAfter(key: string): number | Promise<number>;
  fail(key: string): void;
  succeed(key: string): void;
}

interface Entry {
  /** Failures counted since `since`. */
  count: number;
  since: number;
  blockedUntil: number;
}

export class FailureLimiter implements Limiter {
  readonly #limits: FailureLimits;
  readonly #now: () => number;
  // A Map iterates in insertion order; re-inserting on every touch makes the first key the stalest.
  readonly #entries = new Map<string, Entry>();

  constructor(limits: FailureLimits, now: () => number = Date.now) {
    this.#limits = limits;
    this.#now = now;
  }

  /** Seconds until `key` may try again, or 0 when it is not blocked. */
  retryAfter(key: string): number {
    const entry = this.#entries.get(key);
    const left = entry ? entry.blockedUntil - this.#now() : 0;
    return left > 0 ? Math.ceil(left / 1000) : 0;
  }

  fail(key: string): void {
    const now = this.#now();
    let entry = this.#entries.get(key);
    if (!entry || now - entry.since >= this.#limits.windowMs) entry = { count: 0, since: now, blockedUntil: entry?.blockedUntil ?? 0 };
    entry.count++;
    if (entry.count >= this.#limits.failures) {
      entry.blockedUntil = now + this.#limits.blockMs;
      entry.count = 0;
      entry.since = now;
    }
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    while (this.#entries.size > this.#limits.maxKeys) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) break;
      this.#entries.delete(oldest);
    }
  }

  /** A valid call forgets the address's failures. */
  succeed(key: string): void {
    this.#entries.delete(key);
  }

  /** Addresses remembered now (for tests: it never passes maxKeys). */
  get size(): number {
    return this.#entries.size;
  }
}
