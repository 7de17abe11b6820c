// `serve` with publish.onRescan: after each rescan's swap the current snapshot goes to the bucket, in the
// background. One publish at a time; a newer snapshot replaces one still waiting (the manifest diff makes
// any snapshot's publish complete on its own); failures are retried with backoff (retry.ts), then on the
// next rescan. Each call to the store has a deadline (s3-store.ts), so a stalled store fails a publish
// rather than holding every later one behind it.
// Serving and rescans never wait for it. Each publish's landing (its manifest diff: what it changed in the
// bucket, not what this process remembers of its rescans) goes to `landed`, which purges and pings
// (publish/notify.ts): a change whose upload failed before a stop is told by the first publish after the
// restart.
import type { Logger } from '../../log.js';
import type { BucketPublishFacts } from '../../metrics.js';
import type { Snapshot } from '../../snapshot/snapshot.js';
import { retrying, type Failure, type RetryPolicy } from '../../retry.js';
import { PublishFailure, type Landed } from '../../errors.js';
import { publishSnapshot, type PublishOptions } from './publish.js';
import type { PurgeStatus } from './purge.js';
import { s3ErrorLine } from './s3-errors.js';
import type { S3Store } from './s3-store.js';
import { targetText } from './target.js';

export interface BackgroundOptions extends Omit<PublishOptions, 'dryRun' | 'warn'> {
  /** Retries after a failed publish, before waiting for the next rescan. */
  readonly retries: number;
  /** Delay before the first retry; it doubles with each one. */
  readonly retryDelayMs: number;
  readonly log: Logger;
  /**
   * Hears what each publish put in the bucket or removed (also a failed one's, when the new version is in
   * place all the same): the CDN purge and the WebSub pings hang here (publish/notify.ts).
   */
  readonly landed?: (landed: Landed) => void;
  /** The last CDN purge, for /status (publish.purge). */
  readonly purgeStatus?: () => PurgeStatus | null;
  /**
   * With replicas (src/cluster/): whether this replica uploads `snapshot`, reached from `previous` (one
   * replica per version); `done` tells how its upload ended. Unset: always this one.
   */
  readonly claim?: (snapshot: Snapshot, previous: Snapshot | undefined) => Promise<UploadClaim>;
  /** Hears every attempt's end, for /metrics. */
  readonly attempted?: (facts: BucketPublishFacts) => void;
}

export interface UploadClaim {
  readonly won: boolean;
  done(ok: boolean): void;
}

/** What /status shows. */
export interface BucketStatus {
  readonly target: string;
  /** `another replica`: the last version was claimed by another replica, which uploads (and pings) it. */
  readonly state: 'idle' | 'publishing' | 'waiting to retry' | 'ok' | 'failed' | 'another replica';
  /** The last publish that finished, and what it did. */
  readonly lastSuccess: { readonly at: string; readonly uploaded: number; readonly bytes: number; readonly deleted: number; readonly unchanged: number } | null;
  /** The last failure's one line, and when; cleared by a success. */
  readonly lastError: { readonly at: string; readonly reason: string } | null;
  /** Failed attempts since the last success. */
  readonly failures: number;
  /** The last CDN purge (publish.purge), or null: none configured or none yet. */
  readonly purge?: PurgeStatus | null;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export class BucketPublisher {
  readonly #store: S3Store;
  readonly #o: BackgroundOptions;
  #next: Snapshot | undefined;
  /** The snapshot taken before the one in hand: with `claim`, a version is claimed as a change from it. */
  #taken: Snapshot | undefined;
  #running: Promise<void> | undefined;
  #closed = false;
  /** Aborted by a newer snapshot or close(): the snapshot in hand is not retried (a wait ends at once). */
  #superseded: AbortController | undefined;
  readonly #policy: RetryPolicy;
  readonly #status: Mutable<BucketStatus>;

  constructor(store: S3Store, options: BackgroundOptions) {
    this.#store = store;
    this.#o = options;
    // S3 stores answer throttling with 503 SlowDown, which the SDK retries itself: no Retry-After here.
    this.#policy = { retries: options.retries, delayMs: options.retryDelayMs, maxRetryAfterMs: 0 };
    this.#status = { target: targetText(store.target), state: 'idle', lastSuccess: null, lastError: null, failures: 0 };
  }

  get status(): BucketStatus {
    return { ...this.#status, ...(this.#o.purgeStatus ? { purge: this.#o.purgeStatus() } : {}) };
  }

  /** Publishes `snapshot` once the publish in progress (if any) is done; returns at once. */
  push(snapshot: Snapshot): void {
    if (this.#closed) return;
    this.#next = snapshot;
    this.#superseded?.abort();
    this.#running ??= this.#loop().finally(() => (this.#running = undefined));
  }

  /** Settles when nothing is waiting or running (tests wait on it). */
  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }

  /**
   * Stops retrying and takes no new snapshot; a publish in flight gets `graceMs` to finish, then its calls
   * to the store are aborted (what it uploaded stays; the manifest still names the previous version).
   */
  async close(graceMs = 2000): Promise<void> {
    this.#closed = true;
    this.#next = undefined;
    this.#superseded?.abort();
    if (this.#running) {
      let timer: NodeJS.Timeout | undefined;
      const finished = await Promise.race([
        this.#running.then(() => true),
        new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), graceMs))),
      ]);
      clearTimeout(timer);
      if (!finished) this.#o.log.warn({ target: this.#status.target }, 'publish: stopping with an upload in flight; the bucket keeps its previous version');
    }
    this.#store.close();
  }

  async #loop(): Promise<void> {
    while (this.#next && !this.#closed) {
      const snapshot = this.#next;
      this.#next = undefined;
      const previous = this.#taken;
      this.#taken = snapshot;
      const claim = await this.#o.claim?.(snapshot, previous);
      if (claim && !claim.won) {
        // The replica that won uploads this version, and purges and pings what its upload changed.
        this.#status.state = 'another replica';
        continue;
      }
      const superseded = new AbortController();
      this.#superseded = superseded;
      // A newer snapshot is published instead of retrying this one: it holds every change of this one.
      if (this.#next || this.#closed) superseded.abort();
      const r = await retrying(
        this.#policy,
        async () => {
          this.#status.state = 'publishing';
          return this.#publish(snapshot);
        },
        {
          signal: superseded.signal,
          ended: (e) => {
            if (e.outcome === 'retry') this.#status.state = 'waiting to retry';
          },
        },
      );
      if (r.failure === undefined) claim?.done(true);
      else {
        this.#status.state = 'failed';
        claim?.done(false);
      }
    }
  }

  /** One attempt: undefined when it succeeded, else its failure (reported here: log, /status, metrics). */
  async #publish(snapshot: Snapshot): Promise<Failure | undefined> {
    const started = performance.now();
    try {
      const r = await publishSnapshot(snapshot, this.#store, { ...this.#o, dryRun: false, warn: (m) => this.#o.log.warn(`publish: ${m}`) });
      const done = { uploaded: r.uploaded, bytes: r.uploadedBytes, deleted: r.deleted, unchanged: r.plan.unchanged.length };
      // One clock reading for /status and /metrics, so the two agree.
      const at = Date.now();
      Object.assign(this.#status, { state: 'ok', lastSuccess: { at: new Date(at).toISOString(), ...done }, lastError: null, failures: 0 });
      this.#o.log.info({ target: this.#status.target, ...done, ms: Math.round(performance.now() - started) }, 'publish');
      this.#o.attempted?.({ ok: true, uploaded: done.uploaded, bytes: done.bytes, deleted: done.deleted, at });
      this.#landed(r);
      return undefined;
    } catch (err) {
      const reason = err instanceof PublishFailure ? `${err.reason}; ${err.outcome}` : s3ErrorLine(err, this.#store.target, this.#store.endpointText);
      // A stop is not a failure of the bucket: nothing to count or retry.
      if (this.#closed) {
        this.#o.log.info({ target: this.#status.target, reason }, 'publish: stopped');
        return { reason, retryable: false };
      }
      this.#status.failures++;
      this.#status.lastError = { at: new Date().toISOString(), reason };
      this.#o.log.error(
        { target: this.#status.target, failures: this.#status.failures, reason },
        'publish failed; feeds are still served, and the next rescan tries again',
      );
      this.#o.attempted?.({ ok: false, failures: this.#status.failures });
      // A failed deletion comes after the new version is in the bucket, and the manifest already names it:
      // the next publish would not see those changes again.
      if (err instanceof PublishFailure && err.landed) this.#landed(err.landed);
      return { reason, retryable: true };
    }
  }

  /** What a publish changed in the bucket, to whoever announces it; a listener's bug is logged, not retried. */
  #landed(landed: Landed): void {
    if (landed.stale.length === 0) return;
    try {
      this.#o.landed?.(landed);
    } catch (err) {
      this.#o.log.error({ err }, 'publish: reporting a finished upload failed');
    }
  }
}
