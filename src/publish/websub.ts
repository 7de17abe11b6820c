// WebSub publisher (W3C WebSub §7, "Publishing"): after a rescan, every hub is told which feeds changed
// with a form-encoded `hub.mode=publish&hub.url=<feed URL>` POST. In the background: a slow or failing hub
// never delays a rescan or a response. Each ping has a time limit and is aborted on close; failed pings
// are retried by the one publish/ policy (retry.ts), a bounded number of times, then logged and dropped.
import type { Logger } from '../log.js';
import type { PingOutcome } from '../metrics.js';
import { VERSION } from '../version.js';
import { redactShapes } from '../secrets.js';
import { httpFailure, nextDelay, type Failure, type RetryPolicy } from '../retry.js';

export interface PublisherOptions {
  readonly hubs: readonly string[];
  /** Retries after the first attempt. */
  readonly retries: number;
  /** Delay before the first retry; doubled for each further one. */
  readonly retryDelayMs: number;
  readonly timeoutMs: number;
  readonly log: Logger;
  /** Hears each attempt's end: the ping, and with `retry` or `failed` why it failed. */
  readonly outcome?: (outcome: PingOutcome, ping: { readonly hub: string; readonly url: string; readonly failure?: string }) => void;
  /** Pings in flight at once, all hubs together. */
  readonly concurrency?: number;
}

interface Ping {
  readonly hub: string;
  readonly url: string;
  readonly attempt: number;
}

/** A hub's Retry-After is honoured up to this. */
const MAX_RETRY_AFTER_MS = 10 * 60_000;

export class WebSubPublisher {
  readonly #o: PublisherOptions;
  readonly #policy: RetryPolicy;
  readonly #concurrency: number;
  readonly #queue: Ping[] = [];
  /** `hub url` of every ping queued or waiting to retry: a feed that changes again meanwhile is pinged once. */
  readonly #pending = new Set<string>();
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #inFlight = new Map<Promise<void>, AbortController>();
  #closed = false;

  constructor(options: PublisherOptions) {
    this.#o = options;
    this.#policy = { retries: options.retries, delayMs: options.retryDelayMs, maxRetryAfterMs: MAX_RETRY_AFTER_MS };
    this.#concurrency = options.concurrency ?? 4;
  }

  /** Queues a ping of each hub for each feed URL and returns at once. */
  publish(feedUrls: readonly string[]): void {
    if (this.#closed) return;
    for (const hub of this.#o.hubs) for (const url of feedUrls) this.#enqueue({ hub, url, attempt: 0 });
    this.#pump();
  }

  /** Pings queued, waiting to retry or in flight (for tests and /status). */
  get backlog(): number {
    return this.#queue.length + this.#timers.size + this.#inFlight.size;
  }

  /** Settles when nothing is queued, waiting or in flight (tests wait on it). */
  async idle(): Promise<void> {
    while (this.backlog > 0) {
      if (this.#inFlight.size > 0) await Promise.race(this.#inFlight.keys());
      else await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /**
   * Stops: waiting retries and queued pings are dropped (and logged); pings in flight get `graceMs` to
   * finish, then are aborted.
   */
  async close(graceMs = 2000): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const dropped = this.#queue.length + this.#timers.size;
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
    this.#queue.length = 0;
    this.#pending.clear();
    if (dropped > 0) this.#o.log.warn({ dropped }, 'websub: stopping; pings not yet sent are dropped');
    if (this.#inFlight.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
    await Promise.race([Promise.allSettled(this.#inFlight.keys()), grace]);
    clearTimeout(timer);
    for (const controller of this.#inFlight.values()) controller.abort();
    await Promise.allSettled(this.#inFlight.keys());
  }

  #enqueue(ping: Ping): void {
    const key = `${ping.hub} ${ping.url}`;
    if (this.#pending.has(key)) return;
    this.#pending.add(key);
    this.#queue.push(ping);
  }

  #pump(): void {
    while (!this.#closed && this.#inFlight.size < this.#concurrency && this.#queue.length > 0) {
      const ping = this.#queue.shift() as Ping;
      // From here a new change of this feed needs a new ping: the hub may fetch before the change.
      this.#pending.delete(`${ping.hub} ${ping.url}`);
      const controller = new AbortController();
      const done = this.#send(ping, controller).finally(() => {
        this.#inFlight.delete(done);
        this.#pump();
      });
      this.#inFlight.set(done, controller);
    }
  }

  async #send(ping: Ping, controller: AbortController): Promise<void> {
    const timeout = setTimeout(() => controller.abort(new Error(`no answer within ${this.#o.timeoutMs} ms`)), this.#o.timeoutMs);
    let failure: Failure;
    try {
      const res = await fetch(ping.hub, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'User-Agent': `feedwright/${VERSION} (WebSub publisher)` },
        body: new URLSearchParams({ 'hub.mode': 'publish', 'hub.url': ping.url }).toString(),
        // Following a 301/302 would turn the POST into a GET that looks like success.
        redirect: 'manual',
        signal: controller.signal,
      });
      await res.body?.cancel();
      if (res.status >= 200 && res.status < 300) {
        this.#o.outcome?.('delivered', { hub: ping.hub, url: ping.url });
        this.#o.log.debug({ hub: ping.hub, url: ping.url, status: res.status }, 'websub: hub notified');
        return;
      }
      failure = httpFailure(res.status, `HTTP ${res.status}`, res.headers.get('retry-after'), Date.now());
    } catch (err) {
      const cause = controller.signal.aborted ? controller.signal.reason : err;
      const text = cause instanceof Error ? (cause.cause instanceof Error ? cause.cause.message : cause.message) : String(cause);
      failure = { reason: redactShapes(text), retryable: true };
    } finally {
      clearTimeout(timeout);
    }
    this.#failed(ping, failure);
  }

  #failed(ping: Ping, failure: Failure): void {
    const fields = { hub: ping.hub, url: ping.url, attempt: ping.attempt + 1, failure: failure.reason };
    if (this.#closed) return;
    const delay = nextDelay(this.#policy, ping.attempt + 1, failure);
    if (delay === undefined) {
      this.#o.outcome?.('failed', { hub: ping.hub, url: ping.url, failure: failure.reason });
      this.#o.log.warn(fields, failure.retryable ? 'websub: hub not notified; giving up' : 'websub: hub refused the ping');
      return;
    }
    const key = `${ping.hub} ${ping.url}`;
    // A newer ping of this feed is already queued: it tells the hub the same, and more recently.
    if (this.#pending.has(key)) return;
    this.#pending.add(key);
    this.#o.outcome?.('retry', { hub: ping.hub, url: ping.url, failure: failure.reason });
    this.#o.log.info({ ...fields, retryInMs: delay }, 'websub: hub not notified; will retry');
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      this.#queue.push({ ...ping, attempt: ping.attempt + 1 });
      this.#pump();
    }, delay);
    timer.unref();
    this.#timers.add(timer);
  }
}
