// Who reads each feed (docs/guides/query-feeds-and-subscribers.md): what aggregators report in their User-Agent, and how
// many other pollers fetched it today (and yesterday), each known only as a salted hash of its address
// and User-Agent. Neither the address nor the User-Agent is kept; the hashes of a day go with its salt.
// Bounded: feeds counted, ids per agent and feed, and pollers per feed and day all have a ceiling.
import { cached } from '../memo.js';
import { DailySalt, saltedHash, utcDay } from './salt.js';
import { readUserAgent, READ_CHARACTERS, type AgentReport } from './user-agent.js';

export interface Poll {
  /** The feed: a served feed's path, or a query feed's `path?canonical query`. */
  readonly feed: string;
  /** The snapshot's feeds are always counted; query feeds while there is room (maxFeeds). */
  readonly fixed: boolean;
  readonly userAgent: string | undefined;
  /** The client's address, as the proxy settings make it out: hashed for the day, never kept. */
  readonly address: string;
  /** The request target: two addresses of one feed are two feeds to an agent that gives no id of its own. */
  readonly target: string;
}

export interface CountsOptions {
  readonly maxReported: number;
  readonly maxFeeds: number;
  readonly maxPollersPerFeed: number;
  /** Hosts of the configured WebSub hubs: a hub that reports a count in its fetches is counted as `websub:<host>`. */
  readonly hubHosts?: readonly string[];
  readonly now?: () => number;
  readonly salt?: DailySalt;
}

/** One feed's count from one source (an aggregator, a hub, or `pollers`). */
export interface FeedCount {
  readonly feed: string;
  readonly source: string;
  readonly subscribers: number;
}

/** What one replica saw since it last told the others (cluster: shared-counts.ts). */
export interface CountsDelta {
  readonly day: string;
  /** The latest count of each (feed, source, id) reported since. */
  readonly reports: readonly { readonly feed: string; readonly source: string; readonly id: string; readonly count: number }[];
  /** Hashes of pollers new today, per feed. */
  readonly pollers: ReadonlyMap<string, readonly string[]>;
  /** Every feed this replica counts, so that the others' counts of them are read too. */
  readonly feeds: readonly string[];
}

/** Counts as every replica together has them: sources per feed. */
export type MergedCounts = ReadonlyMap<string, ReadonlyMap<string, number>>;

/** An agent's ids of one feed counted at most: more is one client inventing ids. */
export const MAX_IDS = 16;

interface Report {
  count: number;
  day: string;
}

interface Pollers {
  day: string;
  today: Set<string>;
  yesterday: number;
  /** Today's set is full (maxPollersPerFeed): the count stops there. */
  capped: boolean;
}

export const POLLERS = 'pollers';

export class SubscriberCounts {
  readonly #o: CountsOptions;
  readonly #now: () => number;
  readonly salt: DailySalt;
  readonly #feeds = new Set<string>();
  readonly #reports = new Map<string, Map<string, Map<string, Report>>>();
  readonly #pollers = new Map<string, Pollers>();
  #day = '';
  #delta: { reports: Map<string, { feed: string; source: string; id: string; count: number }>; pollers: Map<string, string[]> } = {
    reports: new Map(),
    pollers: new Map(),
  };
  #merged: MergedCounts | undefined;
  /** Counts given and not believed (over maxReported), and polls of feeds there was no room for. */
  #rejected = 0;
  #overflow = 0;

  constructor(options: CountsOptions) {
    this.#o = options;
    this.#now = options.now ?? (() => Date.now());
    this.salt = options.salt ?? new DailySalt(this.#now);
  }

  /** One request for a feed; costs a table lookup and, for a poller, one keyed hash. */
  saw(poll: Poll): void {
    const { day, key } = this.salt.current();
    if (day !== this.#day) this.#roll(day);
    if (!this.#feeds.has(poll.feed)) {
      if (!poll.fixed && this.#feeds.size >= this.#o.maxFeeds) {
        this.#overflow++;
        return;
      }
      this.#feeds.add(poll.feed);
    }
    const agent = readUserAgent(poll.userAgent, this.#o.maxReported, this.#o.hubHosts);
    if (agent?.rejected) this.#rejected++;
    if (agent?.subscribers !== undefined) this.#report(poll, agent, day);
    else this.#poller(poll, key, day);
  }

  /** Every feed's counts, source by source, sorted: the replicas' together when a cluster merged them. */
  counts(): FeedCount[] {
    const out: FeedCount[] = [];
    const merged = this.#merged;
    if (merged) {
      for (const [feed, sources] of merged) for (const [source, subscribers] of sources) out.push({ feed, source, subscribers });
    } else {
      for (const feed of this.#feeds) for (const [source, subscribers] of this.#local(feed)) out.push({ feed, source, subscribers });
    }
    return out.sort((a, b) => (a.feed < b.feed ? -1 : a.feed > b.feed ? 1 : a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
  }

  /** What /status shows besides the counts. */
  status(): { counted: number; day: string; rejectedReports: number; feedsOverLimit: number; cappedFeeds: number; shared: boolean } {
    let capped = 0;
    for (const p of this.#pollers.values()) if (p.capped) capped++;
    return {
      counted: this.#feeds.size,
      day: this.#day,
      rejectedReports: this.#rejected,
      feedsOverLimit: this.#overflow,
      cappedFeeds: capped,
      shared: this.#merged !== undefined,
    };
  }

  /** What changed since the last call, for the other replicas; starts the next delta. */
  takeDelta(): CountsDelta {
    const { reports, pollers } = this.#delta;
    this.#delta = { reports: new Map(), pollers: new Map() };
    return { day: this.#day || utcDay(this.#now()), reports: [...reports.values()], pollers, feeds: [...this.#feeds] };
  }

  /** A delta the other replicas did not get (Redis did not answer): it goes with the next one. A past day's is dropped. */
  restoreDelta(delta: CountsDelta): void {
    if (delta.day !== this.#day) return;
    for (const r of delta.reports) {
      const key = `${r.feed}\n${r.source}\n${r.id}`;
      if (!this.#delta.reports.has(key)) this.#delta.reports.set(key, r);
    }
    for (const [feed, hashes] of delta.pollers) this.#delta.pollers.set(feed, [...hashes, ...(this.#delta.pollers.get(feed) ?? [])]);
  }

  /** The replicas' counts together (undefined: Redis did not answer; the local counts are shown meanwhile). */
  setMerged(merged: MergedCounts | undefined): void {
    this.#merged = merged;
  }

  /** This replica's own counts of one feed, source by source. */
  #local(feed: string): Map<string, number> {
    const out = new Map<string, number>();
    for (const [source, ids] of this.#reports.get(feed) ?? []) {
      let sum = 0;
      for (const r of ids.values()) sum += r.count;
      out.set(source, sum);
    }
    const p = this.#pollers.get(feed);
    if (p) out.set(POLLERS, Math.max(p.today.size, p.yesterday));
    return out;
  }

  #report(poll: Poll, agent: AgentReport, day: string): void {
    const sources = cached(this.#reports, poll.feed, () => new Map());
    const ids = cached(sources, agent.source, () => new Map());
    // Without an id of its own, the address it polls tells its feeds apart (bounded: a target is a URL).
    const id = agent.feedId ?? `url:${poll.target.slice(0, READ_CHARACTERS)}`;
    const known = ids.get(id);
    if (!known && ids.size >= MAX_IDS) return;
    const count = agent.subscribers as number;
    if (known) {
      // An agent polls with the same count again and again: nothing new for the other replicas.
      if (known.count === count && known.day === day) return;
      known.count = count;
      known.day = day;
    } else {
      ids.set(id, { count, day });
    }
    this.#delta.reports.set(`${poll.feed}\n${agent.source}\n${id}`, { feed: poll.feed, source: agent.source, id, count });
  }

  #poller(poll: Poll, salt: string, day: string): void {
    const p = cached(this.#pollers, poll.feed, () => ({ day, today: new Set<string>(), yesterday: 0, capped: false }));
    if (p.today.size >= this.#o.maxPollersPerFeed) {
      p.capped = true;
      return;
    }
    const hash = saltedHash(salt, [poll.address, (poll.userAgent ?? '').slice(0, READ_CHARACTERS)]);
    if (p.today.has(hash)) return;
    p.today.add(hash);
    const added = cached(this.#delta.pollers, poll.feed, () => []);
    added.push(hash);
  }

  /** A new UTC day: today's pollers become yesterday's count, older reports go, and so do feeds nobody polled since. */
  #roll(day: string): void {
    const yesterday = utcDay(Date.parse(`${day}T00:00:00Z`) - 86_400_000);
    for (const [feed, p] of this.#pollers) {
      p.yesterday = p.day === yesterday ? p.today.size : 0;
      p.today = new Set();
      p.capped = false;
      p.day = day;
      if (p.yesterday === 0) this.#pollers.delete(feed);
    }
    for (const [feed, sources] of this.#reports) {
      for (const [source, ids] of sources) {
        for (const [id, r] of ids) if (r.day !== day && r.day !== yesterday) ids.delete(id);
        if (ids.size === 0) sources.delete(source);
      }
      if (sources.size === 0) this.#reports.delete(feed);
    }
    for (const feed of this.#feeds) if (!this.#pollers.has(feed) && !this.#reports.has(feed)) this.#feeds.delete(feed);
    this.#delta = { reports: new Map(), pollers: new Map() };
    this.#day = day;
  }
}

/** One feed's counts with their sum. */
export interface FeedTotal {
  readonly feed: string;
  readonly sources: readonly { readonly source: string; readonly subscribers: number }[];
  readonly total: number;
}

/** Counts grouped by feed, with their sums, the most read first (then by path). */
export function feedTotals(counts: readonly FeedCount[]): FeedTotal[] {
  const byFeed = new Map<string, { source: string; subscribers: number }[]>();
  for (const c of counts) {
    const list = byFeed.get(c.feed);
    if (list) list.push({ source: c.source, subscribers: c.subscribers });
    else byFeed.set(c.feed, [{ source: c.source, subscribers: c.subscribers }]);
  }
  return [...byFeed]
    .map(([feed, sources]) => ({ feed, sources, total: sources.reduce((n, s) => n + s.subscribers, 0) }))
    .sort((a, b) => b.total - a.total || (a.feed < b.feed ? -1 : a.feed > b.feed ? 1 : 0));
}
