// The two connections to Redis (commands, and the subscriber that pub/sub needs to itself) and whether
// they are up. Redis is a convenience, never a dependency of serving: commands fail at once while it is
// down (no offline queue), time out when it is slow (each command, and a call of several as a whole), and
// one line is logged per change of state, naming Redis by host and port only (never its password).
import { Redis } from 'ioredis';
import type { Logger } from '../log.js';

export interface LinkOptions {
  readonly url: string;
  readonly log: Logger;
  /** The link came back after being down (or was down at start and came up): triggers may have been lost. */
  readonly onReconnect: () => void;
  /** Every time the link comes up, the first time included (the announcer says who we are at once). */
  readonly onUp?: () => void;
  readonly onMessage: (message: string) => void;
  readonly channel: string;
}

/** A command that takes longer than this fails, and the caller falls back to what it knows alone. */
export const COMMAND_TIMEOUT_MS = 1000;
/**
 * A call (a few commands: the refresh sets its key, scans, reads) is given up after this long in all, so
 * a Redis that answers each command just in time still cannot hold a request or a stop for long.
 */
const CALL_TIMEOUT_MS = 3 * COMMAND_TIMEOUT_MS;
/** Reconnect attempts back off from 100 ms, doubling, to this. */
const MAX_BACKOFF_MS = 3000;

export class RedisLink {
  readonly #cmd: Redis;
  readonly #sub: Redis;
  readonly #o: LinkOptions;
  #cmdReady = false;
  /** Subscribed on the subscriber's current connection. */
  #subReady = false;
  /** Counts the subscriber's connections: a SUBSCRIBE answered on an old one says nothing of this one. */
  #subConnection = 0;
  #up = false;
  /** Set once the link has been down (or never came up): the next up is a reconnect. */
  #wasDown = false;
  #lastError = '';
  /** Connected, but a command timed out: others skip Redis until a command answers in time again. */
  #slow = false;
  #closed = false;

  constructor(options: LinkOptions) {
    this.#o = options;
    const common = {
      retryStrategy: (times: number) => Math.min(100 * 2 ** Math.min(times - 1, 10), MAX_BACKOFF_MS),
      // The TCP connect only: a frozen Redis accepts connections (the kernel does) and then answers nothing,
      // which the ready check after the connect (INFO, a command) meets.
      connectTimeout: 2000,
      // ioredis retries a command across reconnects by default: a webhook would then wait on Redis.
      maxRetriesPerRequest: 0,
    };
    this.#cmd = new Redis(options.url, { ...common, enableOfflineQueue: false, commandTimeout: COMMAND_TIMEOUT_MS });
    // No command timeout here: nothing waits on the subscriber, and a SUBSCRIBE given up while Redis is
    // frozen would leave the link deaf once it thaws. A connection that closes rejects what it had sent.
    this.#sub = new Redis(options.url, { ...common, enableOfflineQueue: false, autoResubscribe: false });
    this.#watch(
      this.#cmd,
      () => (this.#cmdReady = true),
      () => (this.#cmdReady = false),
    );
    this.#watch(
      this.#sub,
      () => this.#subscribe(),
      () => {
        this.#subReady = false;
        this.#subConnection++;
      },
    );
    this.#sub.on('message', (_channel: string, message: string) => options.onMessage(message));
  }

  /**
   * Subscribes on every connection of the subscriber, and counts it ready once Redis confirmed. Left to
   * ioredis, a SUBSCRIBE sent before the first connection was dropped with the failed attempt (no retries per
   * command), and a replica started while Redis was down announced itself and never heard a trigger.
   */
  #subscribe(): void {
    const connection = ++this.#subConnection;
    this.#sub.subscribe(this.#o.channel).then(
      () => {
        if (connection !== this.#subConnection || this.#closed) return;
        this.#subReady = true;
        this.#state();
      },
      () => {
        // The connection closed first: the next one subscribes again.
      },
    );
  }

  /** Both connections are ready: what is published now reaches every replica that is up too. */
  get up(): boolean {
    return this.#up;
  }

  /**
   * Runs a command, or not: undefined when Redis is down, slow (unless `evenIfSlow`: the announcer's
   * refresh is what notices it is fast again) or the command fails. Callers then do what a lone replica does.
   */
  async call<T>(command: (cmd: Redis) => Promise<T>, evenIfSlow = false): Promise<T | undefined> {
    if (this.#closed || !this.#up || (this.#slow && !evenIfSlow)) return undefined;
    let timer: NodeJS.Timeout | undefined;
    try {
      const deadline = new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(new Error(`call timed out after ${CALL_TIMEOUT_MS} ms`)), CALL_TIMEOUT_MS);
      });
      const result = await Promise.race([command(this.#cmd), deadline]);
      if (this.#slow) {
        this.#slow = false;
        // Relayed triggers were skipped meanwhile, here and maybe elsewhere: as after a reconnect.
        this.#o.log.info({ redis: this.where }, 'cluster: Redis answers in time again; rescanning once for triggers missed meanwhile');
        this.#o.onReconnect();
      }
      return result;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (/timed? ?out/i.test(message) && this.#up && !this.#slow) {
        this.#slow = true;
        this.#o.log.warn(
          { redis: this.where, timeoutMs: COMMAND_TIMEOUT_MS },
          'cluster: Redis is too slow; this replica goes on on its own until it answers in time',
        );
      }
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Connected and answering in time. */
  get usable(): boolean {
    return this.#up && !this.#slow;
  }

  /** Where Redis is, without credentials (logs and /status must never show a password). */
  get where(): string {
    try {
      return new URL(this.#o.url).host;
    } catch {
      return 'redis';
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#up = false;
    // disconnect(), not quit(): quit waits for Redis, which may be the thing that is gone.
    this.#cmd.disconnect();
    this.#sub.disconnect();
  }

  #watch(client: Redis, ready: () => void, closed: () => void): void {
    client.on('ready', () => {
      ready();
      this.#state();
    });
    client.on('close', () => {
      closed();
      this.#state();
    });
    // Without a listener ioredis prints every failed attempt; the state change below says it once.
    client.on('error', (err: Error) => {
      this.#lastError = err.message;
      if (!this.#up) this.#down();
    });
  }

  #state(): void {
    if (this.#closed) return;
    const up = this.#cmdReady && this.#subReady;
    if (up === this.#up) return;
    if (up) {
      this.#up = true;
      this.#slow = false;
      this.#o.onUp?.();
      if (!this.#wasDown) return;
      this.#wasDown = false;
      this.#o.log.info({ redis: this.where }, 'cluster: Redis is back; rescanning once for triggers missed meanwhile');
      this.#o.onReconnect();
      return;
    }
    this.#up = false;
    this.#down();
  }

  /** One warning per fall: later failed attempts to reconnect are silent. */
  #down(): void {
    if (this.#wasDown || this.#closed) return;
    this.#wasDown = true;
    this.#o.log.warn(
      { redis: this.where, error: this.#lastError || undefined },
      'cluster: Redis is unreachable; this replica serves, rescans and takes webhooks on its own until it is back',
    );
  }
}
