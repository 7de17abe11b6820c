// The one retry policy of everything feedwright sends out (WebSub pings, CDN purges, bucket uploads, git
// clones and fetches): how many attempts, how long between them (doubling, up to a bound), which failures
// are worth another try, a server's Retry-After, and the wait a stop ends early.
// The delays are deterministic (no jitter): one process retries a handful of calls, and with replicas only
// one of them uploads, purges and pings a version, so there is no herd to spread, while fixed delays keep
// the log and the tests readable.

export interface RetryPolicy {
  /** Attempts after the first. */
  readonly retries: number;
  /** Wait before the first retry; it doubles with each further one. */
  readonly delayMs: number;
  /** The longest wait between two attempts, whatever the doubling says (unset: no bound but `retries`). */
  readonly maxDelayMs?: number;
  /** A server's Retry-After is honoured up to this, so a hostile or confused one cannot park us for days. */
  readonly maxRetryAfterMs: number;
}

/** How one attempt failed. */
export interface Failure {
  /** One line, secrets already removed (redact.ts): it goes to logs, /status and the terminal. */
  readonly reason: string;
  /** false: asking again gets the same answer (a refusal, a template naming an unset variable, a missing program). */
  readonly retryable: boolean;
  /** What the server asked for (Retry-After), in ms. */
  readonly retryAfterMs?: number;
}

/**
 * HTTP answers worth another try: 408 (RFC 9110 §15.5.9), 425 (RFC 8470 §5.2), 429 (RFC 6585 §4) and the
 * 5xx that say "not now" rather than "never" (501 and 505 are refusals).
 */
const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 425, 429, 500, 502, 503, 504]);

export function retryableStatus(status: number): boolean {
  return RETRYABLE_STATUSES.has(status);
}

/**
 * Retry-After (RFC 9110 §10.2.3) as ms from `now`: delay-seconds or an HTTP-date; 0 when absent, in the
 * past or unreadable.
 */
export function retryAfterMs(value: string | null | undefined, now: number): number {
  const text = value?.trim() ?? '';
  if (text === '') return 0;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? 0 : Math.max(0, at - now);
}

/** An HTTP answer that is not a success, as a Failure. */
export function httpFailure(status: number, reason: string, retryAfter: string | null, now: number): Failure {
  return { reason, retryable: retryableStatus(status), retryAfterMs: retryAfterMs(retryAfter, now) };
}

/** The wait before the next attempt once `attempts` attempts failed, the last with `failure`; undefined: give up. */
export function nextDelay(policy: RetryPolicy, attempts: number, failure: Failure): number | undefined {
  if (!failure.retryable || attempts > policy.retries) return undefined;
  return Math.max(backoffDelay(policy, attempts), Math.min(failure.retryAfterMs ?? 0, policy.maxRetryAfterMs));
}

/** The wait after the `failures`-th failure in a row: `delayMs`, doubling, at most `maxDelayMs`. */
export function backoffDelay(policy: Pick<RetryPolicy, 'delayMs' | 'maxDelayMs'>, failures: number): number {
  return Math.min(policy.maxDelayMs ?? Number.POSITIVE_INFINITY, policy.delayMs * 2 ** Math.min(Math.max(failures - 1, 0), 30));
}

/**
 * The same doubling for something retried until it works (a first git clone) or until a success resets it
 * (a fetch that failed is tried again by one more rescan).
 */
export class Backoff {
  readonly #policy: Pick<RetryPolicy, 'delayMs' | 'maxDelayMs'>;
  #failures = 0;

  constructor(policy: Pick<RetryPolicy, 'delayMs' | 'maxDelayMs'>) {
    this.#policy = policy;
  }

  /** Failures since the last success. */
  get failures(): number {
    return this.#failures;
  }

  /** Counts a failure; the wait before the next attempt. */
  next(): number {
    this.#failures++;
    return backoffDelay(this.#policy, this.#failures);
  }

  /** A success: the next failure waits `delayMs` again. */
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

/** How waits happen: real timers, or a test's clock. */
export interface Waiter {
  /** Resolves after `ms`, or as soon as `signal` aborts (never rejects). */
  wait(ms: number, signal: AbortSignal | undefined): Promise<void>;
}

export const realWaiter: Waiter = {
  wait: async (ms, signal) => void (await pause(ms, signal)),
};

/** One attempt's end: `retry` (another is scheduled after `retryInMs`) or `failed` (the last one). */
export interface AttemptEnd {
  readonly attempt: number;
  readonly outcome: 'ok' | 'retry' | 'failed';
  readonly failure?: Failure;
  readonly retryInMs?: number;
}

export interface Retried {
  readonly attempts: number;
  /** The last failure; undefined: the last attempt succeeded. */
  readonly failure: Failure | undefined;
}

/**
 * Runs `attempt` (1, 2, …; it resolves to its failure, or undefined on success) until it succeeds, fails
 * for good, or the retries are spent. Once `signal` aborts no further attempt starts, and a wait in
 * progress ends at once: the last failure stands. `ended` hears each attempt's end.
 */
export async function retrying(
  policy: RetryPolicy,
  attempt: (n: number) => Promise<Failure | undefined>,
  options: { readonly signal?: AbortSignal; readonly waiter?: Waiter; readonly ended?: (end: AttemptEnd) => void } = {},
): Promise<Retried> {
  const waiter = options.waiter ?? realWaiter;
  for (let n = 1; ; n++) {
    const failure = await attempt(n);
    if (failure === undefined) {
      options.ended?.({ attempt: n, outcome: 'ok' });
      return { attempts: n, failure };
    }
    const delay = options.signal?.aborted ? undefined : nextDelay(policy, n, failure);
    if (delay === undefined) {
      options.ended?.({ attempt: n, outcome: 'failed', failure });
      return { attempts: n, failure };
    }
    options.ended?.({ attempt: n, outcome: 'retry', failure, retryInMs: delay });
    await waiter.wait(delay, options.signal);
    if (options.signal?.aborted) {
      options.ended?.({ attempt: n, outcome: 'failed', failure });
      return { attempts: n, failure };
    }
  }
}
