// Trying git again after it failed, with bounded backoff: the first clone until it succeeds (there is
// nothing to serve without it; the service answers /healthz meanwhile), and a failed fetch by one more
// rescan a while later (the last good posts are served meanwhile), so that a push made while the host was
// down is not left waiting for the schedule.
import { GitError } from '../errors.js';
import { Backoff, pause, type BackoffOptions } from './backoff.js';
import type { GitCheckout } from './git-checkout.js';

/** The first clone: 1 s, 2 s, 4 s… then every minute. */
export const CLONE_BACKOFF: BackoffOptions = { firstMs: 1000, maxMs: 60_000 };
/** After a failed fetch: 5 s, 10 s, 20 s… then every 5 minutes. */
export const FETCH_BACKOFF: BackoffOptions = { firstMs: 5000, maxMs: 300_000 };

/** Hears of each failed clone: its number, git's line, and the wait before the next. */
export type CloneFailed = (failure: { readonly attempt: number; readonly error: string; readonly retryInMs: number }) => void;

/**
 * Opens the checkout (git-checkout.ts: open), trying the clone again after each failure until it works:
 * 'found' or 'cloned', or 'stopped' once `signal` is aborted (git is then stopped, nothing half-made is
 * left). Anything but a failed git command (git missing, a path not ours) is thrown.
 */
export async function openWithRetries(
  git: GitCheckout,
  options: { signal?: AbortSignal; backoff?: BackoffOptions; failed?: CloneFailed },
): Promise<'found' | 'cloned' | 'stopped'> {
  const { signal } = options;
  const backoff = new Backoff(options.backoff ?? CLONE_BACKOFF);
  for (;;) {
    if (signal?.aborted) return 'stopped';
    try {
      return await git.open(signal);
    } catch (err) {
      if (signal?.aborted) return 'stopped';
      if (!(err instanceof GitError)) throw err;
      const retryInMs = backoff.next();
      git.retryingAt(Date.now() + retryInMs);
      options.failed?.({ attempt: backoff.failures, error: git.status.error ?? err.message, retryInMs });
      const waited = await pause(retryInMs, signal);
      git.retryingAt(undefined);
      if (!waited) return 'stopped';
    }
  }
}

/**
 * After each rescan: while the last fetch failed, one more rescan (`retry`) is due after a backoff; a fetch
 * that worked resets it. At most one is planned at a time; close() cancels it.
 */
export class FetchRetry {
  readonly #git: GitCheckout;
  readonly #retry: () => void;
  readonly #backoff: Backoff;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(git: GitCheckout, retry: () => void, backoff: BackoffOptions = FETCH_BACKOFF) {
    this.#git = git;
    this.#retry = retry;
    this.#backoff = new Backoff(backoff);
  }

  /** Called after every rescan: plans a retry while git's last fetch failed, forgets the failures once one worked. */
  rescanned(): void {
    if (this.#closed) return;
    if (this.#git.status.error === undefined) {
      this.#backoff.reset();
      return;
    }
    if (this.#timer) return;
    const ms = this.#backoff.next();
    this.#git.retryingAt(Date.now() + ms);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#git.retryingAt(undefined);
      this.#retry();
    }, ms);
    // A planned retry never keeps the process alive by itself.
    this.#timer.unref();
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#git.retryingAt(undefined);
  }
}
