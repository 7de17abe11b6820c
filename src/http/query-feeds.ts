// Query feeds made to order (docs/guides/query-feeds-and-subscribers.md): a feed URL with parameters → its query, normalised;
// the feed from a bounded cache, or rendered (query-scheduler.ts) from the snapshot's scopes and the
// posts' own files, then kept. After each rescan the kept feeds are made again in the background, each
// keeping its bytes and ETag when what it shows did not change, and the hubs hear of those that did.
import { cached } from '../memo.js';
import type { IncomingMessage } from 'node:http';
import type { Config } from '../config/schema.js';
import { BadRequestError, QueryBusyError, QueryRateError } from '../errors.js';
import { canonicalQuery, parseFeedQuery, type FeedQuery, type QueryBounds, type ReadInstant } from '../feed-query.js';
import type { Post } from '../posts/post.js';
import { formatsFor, type FeedFormat } from '../render/formats.js';
import { queryBounds, querySelfUrl, readInstantIn, SAVED_DIR, savedQuerySpec, type QueryFeedSpec } from '../render/query-feed.js';
import { resolveNames, scopeLookup } from '../scopes/query-select.js';
import type { Scope } from '../scopes/scopes.js';
import type { PreparedForms, PreparedPosts } from '../snapshot/archives.js';
import { makeQueryFeed, type QueryReading } from '../snapshot/query-job.js';
import type { Snapshot, SnapshotEntry } from '../snapshot/snapshot.js';
import type { SnapshotStore } from '../snapshot/store.js';
import { BoundedMap } from './bounded-map.js';
import { ClientLimiter, CpuBudget } from './query-budget.js';
import { SliceScheduler, type Job } from './query-scheduler.js';

/**
 * Reads posts of a snapshot back from their files and prepares them as that snapshot's feeds were (the
 * archive pages' `prepare`); a changed or missing file is left out.
 */
export type PreparePosts = (posts: readonly Post[], snapshot: Snapshot) => PreparedPosts;

export interface QueryFeedsDeps {
  readonly config: Config;
  readonly store: SnapshotStore;
  readonly prepare: PreparePosts;
  /**
   * What else a snapshot's post contents depend on besides their files (a Jekyll site's Liquid values),
   * as a short text: the caches of read posts and texts are kept per version, and feeds' signatures name it.
   */
  readonly contentVersion?: (snapshot: Snapshot) => string;
  /** Who asks, as a salted hash of the address (the per-client limit); one client for all when absent. */
  readonly clientOf?: (req: IncomingMessage) => string;
  /** After a rescan: the public URLs of kept query feeds whose bytes changed (for the WebSub hubs). */
  readonly changed?: (urls: readonly string[]) => void;
  /** CPU clock (budgets), and wall clock (per-client minutes). */
  readonly now?: () => number;
  readonly clock?: () => number;
}

/** A query feed a request names: the feed it is counted as, and its entry now or later. */
export interface FoundQuery {
  readonly feed: string;
  readonly entry: SnapshotEntry | Promise<SnapshotEntry>;
}

interface Target {
  /** `path?canonical` (a saved query: its path): the cache's key, and the feed subscribers are counted for. */
  readonly key: string;
  readonly spec: QueryFeedSpec;
  /** What finds it again in a later snapshot (the canonical query reads back as the same query). */
  readonly search: string;
}

/**
 * A kept query feed: what finds it again in a later snapshot, and the serial of the snapshot it is right
 * for. Neither that snapshot nor its scopes are held: kept feeds must not keep old snapshots alive.
 */
interface Kept {
  readonly entry: SnapshotEntry;
  readonly signature: string;
  readonly key: string;
  readonly path: string;
  readonly search: string;
  serial: number;
}

const serials = new WeakMap<Snapshot, number>();
let lastSerial = 0;

/** A number per snapshot, so that what was made from one can say so without holding it. */
function serialOf(snapshot: Snapshot): number {
  return cached(serials, snapshot, () => ++lastSerial);
}

/** Bytes of rendered query feeds kept, of prepared posts, and of their searched text. */
const KEPT_BYTES = 32 * 1024 * 1024;
const FORMS_BYTES = 16 * 1024 * 1024;
const TEXT_BYTES = 8 * 1024 * 1024;

export class QueryFeeds {
  readonly #d: QueryFeedsDeps;
  readonly #config: Config;
  readonly #bounds: QueryBounds;
  readonly #formats: readonly FeedFormat[];
  readonly #readInstant: ReadInstant;
  readonly #scheduler: SliceScheduler;
  readonly #limiter: ClientLimiter;
  readonly #kept: BoundedMap<Kept>;
  readonly #forms = new BoundedMap<PreparedForms>(Number.MAX_SAFE_INTEGER, FORMS_BYTES, formsBytes);
  readonly #texts = new BoundedMap<string>(Number.MAX_SAFE_INTEGER, TEXT_BYTES, (t) => 2 * t.length + 64);
  readonly #pending = new Map<string, { snapshot: Snapshot; entry: Promise<SnapshotEntry> }>();
  #rendered = 0;
  #refused = 0;

  constructor(deps: QueryFeedsDeps) {
    this.#d = deps;
    const config = deps.config;
    this.#config = config;
    this.#bounds = queryBounds(config);
    this.#formats = formatsFor(config.feeds.formats);
    this.#readInstant = readInstantIn(config.timezone);
    const q = config.queries;
    this.#scheduler = new SliceScheduler({
      budget: new CpuBudget(q.cpuShare, deps.now),
      jobBudgetMs: q.renderBudgetMs,
      ...(deps.now ? { now: deps.now } : {}),
    });
    this.#limiter = new ClientLimiter(q.perClientPerMinute, deps.clock);
    // Twice the identity bytes: the gzip and br forms are made on first demand and kept beside them.
    this.#kept = new BoundedMap<Kept>(q.cached, KEPT_BYTES, (k) => 2 * k.entry.body.length + 512);
  }

  /**
   * The query feed a GET or HEAD names (`search`: the query string, without `?`), or undefined when it
   * names none: no query, or one that changes nothing (the fixed feed is the answer). Throws a
   * client's error (400 bad parameters, 429, 503) as the error handler sends it.
   */
  find(req: IncomingMessage, path: string, search: string): FoundQuery | undefined {
    if (!this.#config.queries.enabled) return undefined;
    const snapshot = this.#d.store.current;
    if (!snapshot) return undefined;
    // A warm start's first snapshot has no scopes yet: a second or two, until its first rescan. A query
    // string that changes nothing is still the fixed feed.
    if (!snapshot.scopeIndex) {
      if (!path.startsWith(SAVED_DIR)) {
        const parsed = parseFeedQuery(search, this.#bounds, this.#readInstant);
        if (!parsed.ok) throw new BadRequestError(`Bad query: ${parsed.reason}`);
        if (!parsed.query) return undefined;
      }
      throw new QueryBusyError('the feeds are being built', 2);
    }
    const target = this.#target(snapshot, path, search);
    if (!target) return undefined;
    const kept = this.#kept.get(target.key);
    if (kept && kept.serial === serialOf(snapshot)) return { feed: target.key, entry: kept.entry };
    const pending = this.#pending.get(target.key);
    if (pending && pending.snapshot === snapshot) return { feed: target.key, entry: pending.entry };
    // A new rendering is the client's; checking a kept one against a new snapshot is the server's.
    if (!kept) {
      const wait = this.#limiter.take(this.#d.clientOf?.(req) ?? '');
      if (wait !== undefined) {
        this.#refused++;
        throw refusal(wait);
      }
    }
    return { feed: target.key, entry: this.#make(target, snapshot, 'request') };
  }

  /**
   * After a rescan swapped `snapshot` in, with WebSub hubs to tell: every kept query feed is made again in
   * the background (most keep their bytes), the saved ones are made if none is kept, and the hubs hear of
   * those that changed. One round at a time, over the newest snapshot: a burst of rescans costs the round
   * running and one more, never a round per rescan. Settles when no round is owed. Without hubs nothing
   * is done now: the next request for a kept feed checks it (and keeps its bytes and ETag if it can).
   */
  swapped(snapshot: Snapshot): Promise<void> {
    if (!this.#config.queries.enabled || !snapshot.scopeIndex || this.#config.websub.hubs.length === 0) return Promise.resolve();
    this.#owed = snapshot;
    this.#rounds ??= (async () => {
      for (let next = this.#owed; next; next = this.#owed) {
        this.#owed = undefined;
        await this.#refreshAll(next);
      }
    })().finally(() => (this.#rounds = undefined));
    return this.#rounds;
  }

  #owed: Snapshot | undefined;
  #rounds: Promise<void> | undefined;

  async #refreshAll(snapshot: Snapshot): Promise<void> {
    const jobs: Promise<string | undefined>[] = [];
    const refresh = (target: Target, before: string | undefined): void => {
      const made = this.#make(target, snapshot, 'background').then(
        (entry) => (before !== undefined && entry.etags.identity !== before ? querySelfUrl(target.spec, target.spec.format.name, this.#config) : undefined),
        // Over its budget or the server stopping: the next request makes it.
        () => undefined,
      );
      jobs.push(made);
    };
    for (const kept of [...this.#kept.values()]) {
      if (kept.serial === serialOf(snapshot)) continue;
      let target: Target | undefined;
      try {
        target = this.#target(snapshot, kept.path, kept.search);
      } catch {
        // Its saved query's date no longer reads (it never does: the config is the same); let it go.
      }
      if (target) refresh(target, kept.entry.etags.identity);
      else this.#kept.delete(kept.key);
    }
    for (const saved of this.#config.queries.saved) {
      for (const format of this.#formats) {
        const path = `${SAVED_DIR}${saved.name}/${format.file}`;
        if (this.#kept.has(path) || this.#pending.has(path)) continue;
        let target: Target | undefined;
        try {
          target = this.#target(snapshot, path, '');
        } catch {
          // A saved query whose date cannot be read: each request for it says why (400).
        }
        if (target) refresh(target, undefined);
      }
    }
    const changed = (await Promise.all(jobs)).filter((u): u is string => u !== undefined);
    if (changed.length > 0) this.#d.changed?.(changed);
  }

  /** What /status shows. */
  status(): { enabled: boolean; cached: number; cachedBytes: number; preparedPosts: number; waiting: number; rendered: number; refused: number } {
    return {
      enabled: this.#config.queries.enabled,
      cached: this.#kept.size,
      cachedBytes: this.#kept.weight,
      preparedPosts: this.#forms.size,
      waiting: this.#scheduler.queued,
      rendered: this.#rendered,
      refused: this.#refused,
    };
  }

  close(): void {
    this.#scheduler.close();
  }

  /** The query feed at a path and query string, in `snapshot`; undefined when it is no query feed. */
  #target(snapshot: Snapshot, path: string, search: string): Target | undefined {
    const index = snapshot.scopeIndex as ReadonlyMap<string, Scope>;
    const slash = path.lastIndexOf('/');
    const format = this.#formats.find((f) => f.file === path.slice(slash + 1));
    if (!format) return undefined;
    const dir = path.slice(0, slash + 1);
    let scope: Scope | undefined;
    let query: FeedQuery | undefined;
    if (dir.startsWith(SAVED_DIR)) {
      const named = this.#config.queries.saved.find((s) => `${SAVED_DIR}${s.name}/` === dir);
      if (!named) return undefined;
      const spec = savedQuerySpec(named, index, format, this.#config);
      if ('reason' in spec) throw new BadRequestError(`Bad saved query ${named.name}: ${spec.reason}`);
      return { key: path, spec, search: '' };
    } else {
      scope = index.get(dir);
      if (!scope) return undefined;
      const parsed = parseFeedQuery(search, this.#bounds, this.#readInstant);
      if (!parsed.ok) throw new BadRequestError(`Bad query: ${parsed.reason}`);
      query = parsed.query;
      if (!query) return undefined;
    }
    const resolved = resolveNames(query, scopeLookup(index));
    const canonical = canonicalQuery(resolved, this.#bounds.defaultLimit);
    if (canonical === '') return undefined;
    return { key: `${path}?${canonical}`, spec: { path, scope, format, query: resolved, canonical }, search: canonical };
  }

  /**
   * A query feed of `snapshot` made at once, without budgets, and kept like any: what `feedwright build`
   * writes and a bucket publish uploads of the saved queries. Undefined for a path that is none.
   */
  makeNow(snapshot: Snapshot, path: string, search = ''): SnapshotEntry | undefined {
    if (!snapshot.scopeIndex) return undefined;
    const target = this.#target(snapshot, path, search);
    if (!target) return undefined;
    const job = this.#job(target, snapshot);
    for (;;) {
      const step = job.next();
      if (step.done) return step.value;
    }
  }

  /** The feed of `target` in `snapshot`, made by the scheduler; one making per feed however many ask. */
  #make(target: Target, snapshot: Snapshot, priority: 'request' | 'background'): Promise<SnapshotEntry> {
    const entry = this.#scheduler.run(this.#job(target, snapshot), priority);
    this.#pending.set(target.key, { snapshot, entry });
    const done = (): void => {
      if (this.#pending.get(target.key)?.entry === entry) this.#pending.delete(target.key);
    };
    entry.then(done, done);
    return entry;
  }

  /** Reading posts of `snapshot`: the caches keyed with its content version, so another version never meets them. */
  #readingOf(snapshot: Snapshot): QueryReading {
    const version = this.#d.contentVersion?.(snapshot) ?? '';
    const keyed = <V>(map: BoundedMap<V>): { get(key: string): V | undefined; set(key: string, value: V): void } =>
      version === '' ? map : { get: (key) => map.get(`${version}\0${key}`), set: (key, value) => map.set(`${version}\0${key}`, value) };
    return { prepare: (posts) => this.#d.prepare(posts, snapshot), texts: keyed(this.#texts), forms: keyed(this.#forms), version };
  }

  /** The feed of `target`, from the kept one when what it shows did not change; kept when it could be read whole. */
  *#job(target: Target, snapshot: Snapshot): Job<SnapshotEntry> {
    const kept = this.#kept.peek(target.key);
    const made = yield* makeQueryFeed(target.spec, snapshot.scopeIndex as ReadonlyMap<string, Scope>, this.#readingOf(snapshot), this.#config, kept);
    if (made.rendered) this.#rendered++;
    if (!made.rendered && kept) kept.serial = serialOf(snapshot);
    else if (made.exact) {
      this.#kept.set(target.key, {
        entry: made.entry,
        signature: made.signature,
        key: target.key,
        path: target.spec.path,
        search: target.search,
        serial: serialOf(snapshot),
      });
    }
    return made.entry;
  }
}

// A flooding client is refused a thousand times a second: an error's stack costs more than the rest of
// the answer, and says nothing here. One refusal per Retry-After value (1 to 60 s), made once.
const refusals = new Map<number, QueryRateError>();

function refusal(wait: number): QueryRateError {
  return cached(refusals, wait, (seconds) => new QueryRateError(seconds));
}

function formsBytes(forms: PreparedForms): number {
  let n = forms.content.xml.length + forms.content.json.length + 256;
  for (const item of Object.values(forms.items)) if (item) n += item.before.bytes.length + item.after.bytes.length;
  return n;
}
