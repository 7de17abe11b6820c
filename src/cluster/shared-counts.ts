// Subscriber counts across replicas (docs/guides/query-feeds-and-subscribers.md): every few seconds each replica adds what
// it saw to Redis and reads back what all saw. The day's salt is chosen once for all (SET NX), so a
// poller that meets two replicas is one hash; pollers go into a HyperLogLog per feed and day (PFADD,
// PFCOUNT: Redis keeps registers, never the hashes); reports into a hash per day, the latest per
// agent's id. Every key expires two days after its day. While Redis does not answer, each replica shows
// its own counts, and what it saw meanwhile is sent once Redis answers again.
import { cached } from '../memo.js';
import { randomBytes } from 'node:crypto';
import { POLLERS, type MergedCounts, type SubscriberCounts } from '../subscribers/counts.js';
import { utcDay } from '../subscribers/salt.js';
import type { RedisLink } from './redis-link.js';

const KEEP_SECONDS = 3 * 86_400;

export class SharedCounts {
  readonly #link: RedisLink;
  readonly #prefix: string;
  readonly #counts: SubscriberCounts;
  readonly #maxFeeds: number;
  #timer: NodeJS.Timeout | undefined;
  #syncing: Promise<void> | undefined;

  constructor(link: RedisLink, prefix: string, counts: SubscriberCounts, maxFeeds: number) {
    this.#link = link;
    this.#prefix = `${prefix}:subscribers:`;
    this.#counts = counts;
    this.#maxFeeds = maxFeeds;
  }

  /** Syncs every `seconds` (cluster.announceSeconds), the first time at once. */
  start(seconds: number): void {
    const tick = (): void => {
      void this.sync().finally(() => {
        if (this.#timer !== undefined) this.#timer = setTimeout(tick, seconds * 1000);
      });
    };
    this.#timer = setTimeout(tick, 0);
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** One exchange with Redis; never rejects. */
  sync(): Promise<void> {
    this.#syncing ??= this.#exchange().finally(() => (this.#syncing = undefined));
    return this.#syncing;
  }

  async #exchange(): Promise<void> {
    const delta = this.#counts.takeDelta();
    const merged = await this.#link.call(async (cmd) => {
      const day = delta.day;
      const yesterday = utcDay(Date.parse(`${day}T00:00:00Z`) - 86_400_000);
      const key = (name: string): string => `${this.#prefix}${name}`;
      // The day's salt: whoever comes first chooses it.
      const saltKey = key(`salt:${day}`);
      await cmd.set(saltKey, randomBytes(32).toString('base64'), 'EX', KEEP_SECONDS, 'NX');
      const salt = await cmd.get(saltKey);
      if (salt) this.#counts.salt.adopt(day, Buffer.from(salt, 'base64'));

      const write = cmd.pipeline();
      if (delta.reports.length > 0) {
        write.hset(key(`reports:${day}`), Object.fromEntries(delta.reports.map((r) => [`${r.feed}\n${r.source}\n${r.id}`, String(r.count)])));
        write.expire(key(`reports:${day}`), KEEP_SECONDS);
      }
      // In chunks: a call's arguments are spread, and a feed may have gained many pollers since.
      for (const [feed, hashes] of delta.pollers) {
        for (const part of chunks(hashes)) write.pfadd(key(`pollers:${day}:${feed}`), ...part);
        write.expire(key(`pollers:${day}:${feed}`), KEEP_SECONDS);
      }
      if (delta.feeds.length > 0) {
        for (const part of chunks(delta.feeds)) write.sadd(key(`feeds:${day}`), ...part);
        write.expire(key(`feeds:${day}`), KEEP_SECONDS);
      }
      await write.exec();

      const feedsToday = await cmd.smembers(key(`feeds:${day}`));
      const feedsBefore = await cmd.smembers(key(`feeds:${yesterday}`));
      const feeds = [...new Set([...feedsToday, ...feedsBefore])].slice(0, this.#maxFeeds);
      const read = cmd.pipeline();
      read.hgetall(key(`reports:${yesterday}`));
      read.hgetall(key(`reports:${day}`));
      for (const feed of feeds) read.pfcount(key(`pollers:${day}:${feed}`));
      for (const feed of feeds) read.pfcount(key(`pollers:${yesterday}:${feed}`));
      const answers = (await read.exec()) ?? [];
      const value = (i: number): unknown => {
        const [err, v] = answers[i] ?? [null, undefined];
        if (err) throw err;
        return v;
      };
      return mergeCounts(
        [value(0) as Record<string, string>, value(1) as Record<string, string>],
        feeds.map((feed, i) => [feed, Math.max(Number(value(2 + i)), Number(value(2 + feeds.length + i)))] as const),
      );
    });
    if (merged === undefined) {
      // Kept for the next exchange, so that Redis gets it when it answers again.
      this.#counts.restoreDelta(delta);
      this.#counts.setMerged(undefined);
      return;
    }
    this.#counts.setMerged(merged);
  }
}

function* chunks<T>(list: readonly T[], size = 1000): Generator<T[]> {
  for (let i = 0; i < list.length; i += size) yield list.slice(i, i + size);
}

/**
 * Reports (yesterday's, then today's: the later report of an id wins) summed per feed and source, and the
 * pollers of each feed (the more of today and yesterday).
 */
export function mergeCounts(reportDays: readonly Record<string, string>[], pollers: readonly (readonly [string, number])[]): MergedCounts {
  const latest = new Map<string, number>();
  for (const day of reportDays) for (const [field, count] of Object.entries(day ?? {})) latest.set(field, Number(count));
  const out = new Map<string, Map<string, number>>();
  const add = (feed: string, source: string, n: number): void => {
    const sources = cached(out, feed, () => new Map());
    sources.set(source, (sources.get(source) ?? 0) + n);
  };
  for (const [field, count] of latest) {
    const [feed = '', source = ''] = field.split('\n');
    if (Number.isFinite(count)) add(feed, source, count);
  }
  for (const [feed, n] of pollers) if (n > 0) add(feed, POLLERS, n);
  return out;
}
