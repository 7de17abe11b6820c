// Who is in the cluster: each replica refreshes its own key (an announcement of what it serves) every third
// of cluster.announceSeconds, and reads every live one's, for /status, metrics and `?wait=all`. A key that
// no live replica renews expires; one without an expiry is removed (messages.ts's readReplicas decides).
import type { Redis } from 'ioredis';
import type { Config } from '../config/schema.js';
import type { Logger } from '../log.js';
import type { RescanResult } from '../rescan/rescanner.js';
import { snapshotId } from '../snapshot/snapshot-id.js';
import type { SnapshotStore } from '../snapshot/store.js';
import { VERSION } from '../version.js';
import { newestSnapshot, readReplicas, type Announcement, type KeyRow } from './messages.js';
import type { RedisLink } from './redis-link.js';

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

export interface MembershipDeps {
  readonly id: string;
  readonly config: Config;
  readonly log: Logger;
  readonly store: SnapshotStore;
  readonly link: RedisLink;
  /** Replicas live, and whether this one serves the newest snapshot seen (metrics). */
  readonly gauges?: ((replicas: number, current: boolean) => void) | undefined;
}

export class Membership {
  readonly #d: MembershipDeps;
  readonly #prefix: string;
  readonly #startedAt = new Date().toISOString();
  #url: string | null = null;
  #timer: NodeJS.Timeout | undefined;
  #replicas: readonly Announcement[] = [];
  /** The last rescan here, for the announcement. */
  #last: RescanResult | undefined;
  #closed = false;
  /** Keys not counted as replicas that the log has named already. */
  readonly #told = new Set<string>();

  constructor(deps: MembershipDeps) {
    this.#d = deps;
    this.#prefix = deps.config.cluster.prefix;
  }

  /** The replicas as last read from Redis (while it is unreachable, the list of the last time it answered). */
  get replicas(): readonly Announcement[] {
    return this.#replicas;
  }

  /** After the server listens: announce now and every third of the expiry. */
  start(url: string): void {
    this.#url = url;
    const every = (this.#d.config.cluster.announceSeconds * 1000) / 3;
    this.#timer = setInterval(() => void this.announce(), every);
    this.#timer.unref();
    void this.announce();
  }

  /** After every rescan: what this replica now serves. */
  rescanned(r: RescanResult): void {
    this.#last = r;
    void this.announce();
  }

  /** Every replica alive (its key renewed lately), sorted by id; undefined when Redis does not answer. */
  live(): Promise<Announcement[] | undefined> {
    return this.#d.link.call((cmd) => this.#live(cmd));
  }

  /** Leaves at once rather than linger as "live" until the key expires; not worth waiting on a slow Redis. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#timer);
    await this.#d.link.call((cmd) => cmd.del(this.#key(this.#d.id)));
  }

  /** Refreshes this replica's key and reads every live one's (for /status, metrics and wait=all). */
  async announce(): Promise<void> {
    if (this.#closed || this.#url === null) return;
    const current = this.#d.store.current;
    const last = this.#last;
    const own: Announcement = {
      id: this.#d.id,
      version: VERSION,
      url: this.#url,
      startedAt: this.#startedAt,
      snapshotId: current ? snapshotId(current) : null,
      lastRescan: last ? new Date(last.startedAt).toISOString() : null,
      ok: last?.ok ?? false,
    };
    // Even while Redis is slow: this refresh is how the link notices it answers in time again.
    const live = await this.#d.link.call(async (cmd) => {
      await cmd.set(this.#key(this.#d.id), JSON.stringify(own), 'PX', this.#d.config.cluster.announceSeconds * 1000);
      return this.#live(cmd);
    }, true);
    // Down or slow: the state change is logged by the link; the next tick tries again.
    if (live === undefined) return;
    this.#replicas = live;
    const newest = newestSnapshot(live);
    this.#d.gauges?.(live.length, newest === undefined || newest === own.snapshotId);
  }

  #key(id: string): string {
    return `${this.#prefix}:replica:${id}`;
  }

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
