// Bounded exponential backoff: how long to wait before the next attempt of something that failed (a git
// clone or fetch), doubling from `firstMs` up to `maxMs`, so that a server that is down is neither
// hammered nor left untried for long once it is back.

export interface BackoffOptions {
  readonly firstMs: number;
  readonly maxMs: number;
}

export class Backoff {
  readonly #options: BackoffOptions;
  #failures = 0;

  constructor(options: BackoffOptions) {
    this.#options = options;
  }

  /** Failures since the last success. */
  get failures(): number {
    return this.#failures;
  }

  /** Counts a failure; the wait before the next attempt. */
  next(): number {
    const ms = Math.min(this.#options.maxMs, this.#options.firstMs * 2 ** Math.min(this.#failures, 30));
    this.#failures++;
    return ms;
  }

  /** A success: the next failure waits `firstMs` again. */
  reset(): void {
    this.#failures = 0;
  }
}

/** Waits `ms`; true when the time passed, false as soon as `signal` is aborted (at once if it already is). */
export function pause(ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (passed: boolean): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve(passed);
    };
    const onAbort = (): void => done(false);
    const timer = setTimeout(() => done(true), ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
