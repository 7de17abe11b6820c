// Replicas behind one balancer, kept in step through Redis: a trigger accepted by one is relayed to all,
// each announces what it serves, claims decide which one uploads a version and pings a feed's change
// (for publish/notify.ts), and `?wait=all`
// collects every live replica's swap. Loaded only when cluster.redisUrl is set (service.ts imports it lazily).
import { createHash, randomBytes } from 'node:crypto';
import os from 'node:os';
import type { Redis } from 'ioredis';
import type { Config } from '../config/schema.js';
import type { Logger } from '../log.js';
import type { RescanResult } from '../rescan/rescanner.js';
import { snapshotId } from '../snapshot/snapshot-id.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import type { UploadClaim } from '../publish/bucket/background.js';
import type { FeedChange, VersionClaims } from '../publish/notify.js';
import type { SnapshotStore } from '../snapshot/store.js';
import type { FailureLimiter, FailureLimits, Limiter } from '../triggers/failure-limiter.js';
import { VERSION } from '../version.js';
import { newestSnapshot, parseMessage, readReplicas, type Announcement, type KeyRow, type Message } from './messages.js';
import { RedisLink, type LinkCounts } from './redis-link.js';
import { SharedLimiter } from './shared-limiter.js';

export interface ClusterDeps {
  readonly config: Config;
  readonly redisUrl: string;
  readonly log: Logger;
  readonly store: SnapshotStore;
  /** This replica's own Rescanner.trigger: relayed triggers coalesce with local ones. */
  readonly trigger: (reason: string) => Promise<RescanResult>;
  /** Replicas live, and whether this one serves the newest snapshot seen (metrics). */
  readonly gauges?: (replicas: number, current: boolean) => void;
}

/** The `?wait=all` answer: 200 once every live replica swapped, else 504 naming those that did not. */
export interface WaitAllAnswer {
  readonly status: 200 | 504;
  readonly body: unknown;
}

interface Reply {
  readonly id: string;
  readonly snapshotId: string | null;
  readonly ok: boolean;
}

/** A version of a feed is pinged by one replica; the key outlives the time replicas take to catch up. */
const PING_CLAIM_MS = 60 * 60_000;

/**
 * A version is uploaded to the bucket (publish.onRescan) by one replica. The key is held while it uploads
 * (at most this long, should the replica die), then kept only briefly: long enough for the replicas that
 * rescanned the same change to see it, short enough that the same change made again later (A → B → A → B)
 * is uploaded again.
 */
const UPLOAD_HOLD_MS = 15 * 60_000;
const UPLOAD_KEEP_MS = 60_000;
/** Replica keys read at most (a flood of forged ones costs one bounded reading, not a list without end). */
const MAX_REPLICA_KEYS = 10_000;
/** A real announcement is a few hundred bytes; a longer value is not read. */
const MAX_ANNOUNCEMENT_BYTES = 4096;
/** Keys not counted that this replica names in its log, once each; later ones are not named. */
const MAX_TOLD = 100;

/**
 * Reads every replica key with its remaining time to live, in one atomic step, and removes the keys that
 * have none (no replica writes one: such a key is left by hand or by a bug, and would never expire). Keys
 * that are not strings, or too long, come back without their text instead of failing the whole reading.
 */
const READ_SCRIPT = `
local rows = {}
for _, key in ipairs(KEYS) do
  local ttl = redis.call('PTTL', key)
  if ttl == -1 then
    redis.call('DEL', key)
    rows[#rows + 1] = {key, -1, false}
  elseif ttl > 0 then
    local value = false
    if redis.call('TYPE', key)['ok'] == 'string' and redis.call('STRLEN', key) <= tonumber(ARGV[1]) then
      value = redis.call('GET', key)
    end
    rows[#rows + 1] = {key, ttl, value}
  end
end
return rows`;

/** An upload claim waits this long for a connection that has not come up yet (ioredis's connect timeout). */
const FIRST_CONNECT_WAIT_MS = 2000;

export class Cluster implements VersionClaims {
  readonly id = `${os.hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  readonly #d: ClusterDeps;
  readonly #link: RedisLink;
  readonly #prefix: string;
  readonly #channel: string;
  readonly #startedAt = new Date().toISOString();
  #url: string | null = null;
  #timer: NodeJS.Timeout | undefined;
  #replicas: readonly Announcement[] = [];
  /** The last rescan here, for the announcement. */
  #last: RescanResult | undefined;
  readonly #waiting = new Map<string, (reply: Reply) => void>();
  /** Resolved by close(): a `?wait=all` in flight answers with what it has instead of holding the stop. */
  #stop: () => void = () => {};
  readonly #stopped = new Promise<void>((resolve) => (this.#stop = resolve));
  #firstUp: () => void = () => {};
  /** Settles when the link first comes up: the scan at start ends before it may have. */
  readonly #connected = new Promise<void>((resolve) => (this.#firstUp = resolve));
  #closed = false;
  /** Keys not counted as replicas that the log has named already. */
  readonly #told = new Set<string>();

  constructor(deps: ClusterDeps) {
    this.#d = deps;
    this.#prefix = deps.config.cluster.prefix;
    this.#channel = `${this.#prefix}:triggers`;
    this.#link = new RedisLink({
      url: deps.redisUrl,
      log: deps.log,
      channel: this.#channel,
      onMessage: (text) => this.#onMessage(text),
      onReconnect: () => void this.#d.trigger('cluster-reconnect').catch(() => undefined),
      onUp: () => {
        this.#firstUp();
        void this.#announce();
      },
    });
  }

  /** After the server listens: announce now and every third of the expiry. */
  start(url: string): void {
    this.#url = url;
    const every = (this.#d.config.cluster.announceSeconds * 1000) / 3;
    this.#timer = setInterval(() => void this.#announce(), every);
    this.#timer.unref();
    void this.#announce();
  }

  /** A trigger this replica accepted (webhook, watcher): every other replica rescans too. */
  relay(reason: string, request?: string): void {
    const message: Message = { type: 'trigger', from: this.id, reason, ...(request ? { request } : {}) };
    // Redis down or slow: the others catch up on their schedule, and with one rescan when it is back.
    void this.#link.call((cmd) => cmd.publish(this.#channel, JSON.stringify(message)));
  }

  /**
   * `POST /hooks/rebuild?wait=all`: rescans here and everywhere, and answers once every replica live at
   * the call has swapped, or after cluster.waitSeconds with those that have not.
   */
  async waitAll(reason: string, local: (reason: string) => Promise<RescanResult>, report: (r: RescanResult) => unknown): Promise<WaitAllAnswer> {
    const live = await this.#link.call((cmd) => this.#live(cmd));
    const run = local(reason);
    if (live === undefined) {
      const r = await run;
      return { status: 504, body: { status: 'redis-unavailable', replicas: [this.#reply(r)], missing: null, rescan: report(r) } };
    }
    const others = new Set(live.map((a) => a.id).filter((id) => id !== this.id));
    const request = randomBytes(8).toString('hex');
    const replies = new Map<string, Reply>();
    let settle: () => void = () => {};
    const allIn = new Promise<void>((resolve) => (settle = resolve));
    this.#waiting.set(request, (reply) => {
      if (!others.has(reply.id)) return;
      replies.set(reply.id, reply);
      if (replies.size === others.size) settle();
    });
    if (others.size === 0) settle();
    this.relay(reason, request);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, this.#d.config.cluster.waitSeconds * 1000)));
    try {
      const r = await run;
      await Promise.race([allIn, timeout, this.#stopped]);
      const answered = [this.#reply(r), ...replies.values()];
      const missing = [...others].filter((id) => !replies.has(id));
      const ids = new Set(answered.map((a) => a.snapshotId));
      const body = {
        status: missing.length === 0 ? 'swapped' : 'timeout',
        same: missing.length === 0 && ids.size === 1,
        replicas: answered,
        missing,
        rescan: report(r),
      };
      return { status: missing.length === 0 ? 200 : 504, body };
    } finally {
      clearTimeout(timer);
      this.#waiting.delete(request);
    }
  }

  /** The webhook's failure limiter, counted in Redis while it answers. */
  limiter(local: FailureLimiter, limits: FailureLimits): Limiter {
    return new SharedLimiter(local, limits, this.#link, this.#prefix);
  }

  /** After every rescan: announce what this replica now serves. */
  rescanned(r: RescanResult): void {
    this.#last = r;
    void this.#announce();
  }

  /** What the link to Redis went through (RedisLink.counts): tests wait on it instead of sleeping. */
  get redisCounts(): LinkCounts {
    return this.#link.counts;
  }

  /** What /status shows: this replica, Redis's state, and the replicas that announced themselves lately. */
  status(): unknown {
    const own = this.#d.store.current ? snapshotId(this.#d.store.current) : null;
    const newest = newestSnapshot(this.#replicas);
    return {
      enabled: true,
      id: this.id,
      redis: { where: this.#link.where, connected: this.#link.up, usable: this.#link.usable },
      // As last read from Redis: while it is unreachable, the list of the last time it answered.
      snapshotId: own,
      current: newest === undefined || newest === own,
      replicas: this.#replicas,
    };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#stop();
    clearInterval(this.#timer);
    // Leave at once rather than linger as "live" until the key expires; not worth waiting on a slow Redis.
    await this.#link.call((cmd) => cmd.del(this.#key(this.id)));
    await this.#link.close();
  }

  #key(id: string): string {
    return `${this.#prefix}:replica:${id}`;
  }

  #reply(r: RescanResult): Reply {
    const current = this.#d.store.current;
    return { id: this.id, snapshotId: current ? snapshotId(current) : null, ok: r.ok };
  }

  #onMessage(text: string): void {
    const m = parseMessage(text);
    if (!m || this.#closed) return;
    if (m.type === 'swapped') {
      this.#waiting.get(m.request)?.({ id: m.from, snapshotId: m.snapshotId, ok: m.ok });
      return;
    }
    // Our own trigger has already run here; relaying it again would loop.
    if (m.from === this.id) return;
    const run = this.#d.trigger(`cluster:${m.reason}`);
    run
      .then((r) => {
        if (m.request === undefined) return;
        const reply: Message = { type: 'swapped', from: this.id, request: m.request, snapshotId: this.#reply(r).snapshotId, ok: r.ok };
        return this.#link.call((cmd) => cmd.publish(this.#channel, JSON.stringify(reply)));
      })
      .catch(() => undefined);
  }

  /**
   * A key per feed change (ETag before and after), set only if absent, so exactly one replica pings for one
   * change, and a feed that changes back later (A → B → A) is pinged again. Redis down: ping anyway, as a
   * lone replica would; a second ping of the same version costs a hub one fetch, a missing one costs
   * subscribers the update.
   */
  async claimPings(changes: readonly FeedChange[]): Promise<readonly string[]> {
    const won: string[] = [];
    for (const { path, before, after } of changes) {
      const key = `${this.#prefix}:websub:${createHash('sha256').update(`${path}\0${before}\0${after}`).digest('base64url')}`;
      // null: another replica holds the key; undefined: Redis did not answer.
      const claim = await this.#link.call((cmd) => cmd.set(key, this.id, 'PX', PING_CLAIM_MS, 'NX'));
      if (claim !== null) won.push(path);
    }
    return won;
  }

  /**
   * Whether this replica uploads `snapshot` to the bucket, as a change from `previous` (so A → B → A is a
   * new claim). Redis down: upload anyway, as a lone replica would; a second upload of a version finds the
   * manifest up to date and changes nothing. A failed upload gives the claim back for another to take.
   */
  async claimUpload(snapshot: Snapshot, previous: Snapshot | undefined): Promise<UploadClaim> {
    const change = `${previous ? snapshotId(previous) : '-'}\0${snapshotId(snapshot)}`;
    const key = `${this.#prefix}:upload:${createHash('sha256').update(change).digest('base64url')}`;
    // Every replica's first version is ready before its connection is: wait for it a little, or all upload.
    if (!this.#link.up) await Promise.race([this.#connected, new Promise((resolve) => setTimeout(resolve, FIRST_CONNECT_WAIT_MS).unref())]);
    const claim = await this.#link.call((cmd) => cmd.set(key, this.id, 'PX', UPLOAD_HOLD_MS, 'NX'));
    if (claim === null) return { won: false, done: () => undefined };
    return {
      won: true,
      done: (ok) => void this.#link.call((cmd) => (ok ? cmd.pexpire(key, UPLOAD_KEEP_MS) : cmd.del(key))),
    };
  }

  /** Refreshes this replica's key and reads every live one's (for /status, metrics and wait=all). */
  async #announce(): Promise<void> {
    if (this.#closed || this.#url === null) return;
    const current = this.#d.store.current;
    const last = this.#last;
    const own: Announcement = {
      id: this.id,
      version: VERSION,
      url: this.#url,
      startedAt: this.#startedAt,
      snapshotId: current ? snapshotId(current) : null,
      lastRescan: last ? new Date(last.startedAt).toISOString() : null,
      ok: last?.ok ?? false,
    };
    // Even while Redis is slow: this refresh is how the link notices it answers in time again.
    const live = await this.#link.call(async (cmd) => {
      await cmd.set(this.#key(this.id), JSON.stringify(own), 'PX', this.#d.config.cluster.announceSeconds * 1000);
      return this.#live(cmd);
    }, true);
    // Down or slow: the state change is logged by the link; the next tick tries again.
    if (live === undefined) return;
    this.#replicas = live;
    const newest = newestSnapshot(live);
    this.#d.gauges?.(live.length, newest === undefined || newest === own.snapshotId);
  }

  /** Every replica alive (its key renewed lately; messages.ts's readReplicas), sorted by id. */
  async #live(cmd: Redis): Promise<Announcement[]> {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await cmd.scan(cursor, 'MATCH', `${this.#prefix}:replica:*`, 'COUNT', 1000);
      cursor = next;
      keys.push(...batch);
    } while (cursor !== '0' && keys.length < MAX_REPLICA_KEYS);
    if (keys.length === 0) return [];
    const rows = (await cmd.eval(READ_SCRIPT, keys.length, ...keys, MAX_ANNOUNCEMENT_BYTES)) as KeyRow[];
    const { live, ignored } = readReplicas(this.#prefix, rows, this.#d.config.cluster.announceSeconds * 1000);
    for (const { key, why } of ignored) this.#ignored(key, why);
    return live;
  }

  /** One line per key not counted, the first time this replica reads it (the refresh reads every few seconds). */
  #ignored(key: string, why: string): void {
    if (this.#told.has(key) || this.#told.size >= MAX_TOLD) return;
    this.#told.add(key);
    // The key is anyone's text: cut, so a flood of long names cannot flood the log.
    this.#d.log.warn({ key: key.slice(0, 200) }, `cluster: ${key.slice(0, 200)} is not counted as a live replica: ${why}`);
  }
}
