// The rescan lifecycle: scan → parse → scope → render → build → swap → notify. Cron, the webhook, the
// file watcher and the CLI all call `trigger`; overlapping calls merge into one running and one queued run.
import { EventEmitter } from 'node:events';
import type { Config } from '../config/schema.js';
import { FeedwrightError, problem, sortProblems, type Problem } from '../errors.js';
import { uniquePosts } from '../posts/duplicates.js';
import { scanPosts, type FileRecord, type ScanOptions } from '../posts/scan.js';
import { buildSnapshot, type BuildCache } from '../snapshot/build.js';
import { changedPaths } from '../snapshot/snapshot.js';
import type { SnapshotStore } from '../snapshot/store.js';
import { judgeDrop, type HeldBack, type PendingDrop } from './drop-guard.js';

export interface RescanResult {
  /** True when a snapshot was built and installed. */
  readonly ok: boolean;
  readonly reason: string;
  readonly startedAt: number;
  readonly ms: number;
  readonly files: number;
  /** Published posts in the served snapshot. */
  readonly posts: number;
  readonly documents: number;
  /** Paths whose bytes changed (added and removed included). */
  readonly changed: readonly string[];
  readonly problems: readonly Problem[];
  /** Files parsed this time (the rest came from the cache). */
  readonly parsed: number;
  readonly rendered: number;
  readonly generation: number;
  /** Set when the rescan would have dropped too many posts and was not published (FW_RESCAN_HELD_BACK). */
  readonly heldBack?: HeldBack;
}

/** The stages a rescan runs; tests replace one to make it fail halfway. */
export interface RescanStages {
  readonly scan: typeof scanPosts;
  readonly build: typeof buildSnapshot;
}

export interface RescannerDeps {
  readonly config: Config;
  readonly store: SnapshotStore;
  /** The clock, read once per rescan: which posts are due. */
  readonly now?: () => number;
  readonly stages?: Partial<RescanStages>;
}

export function scanOptionsFrom(config: Config): ScanOptions {
  return {
    dir: config.posts.dir,
    include: config.posts.include,
    exclude: config.posts.exclude,
    maxBytes: config.posts.maxBytes,
    read: {
      timeZone: config.timezone,
      siteUrl: config.site.url,
      permalink: config.feeds.permalink,
      markdown: config.posts.markdown.map((e) => e.toLowerCase()),
    },
  };
}

export class Rescanner extends EventEmitter<{ rescan: [RescanResult] }> {
  readonly #config: Config;
  readonly #store: SnapshotStore;
  readonly #now: () => number;
  readonly #scanOptions: ScanOptions;
  readonly #stages: RescanStages;
  #files: ReadonlyMap<string, FileRecord> | undefined;
  #build: BuildCache | undefined;
  #running: Promise<RescanResult> | undefined;
  #queued: Promise<RescanResult> | undefined;
  #last: RescanResult | undefined;
  #runs = 0;
  /** Paths of the posts in the served snapshot, and the drop being held back, for the drop guard. */
  #published: ReadonlySet<string> | undefined;
  #pendingDrop: PendingDrop | undefined;

  constructor(deps: RescannerDeps) {
    super();
    this.#config = deps.config;
    this.#store = deps.store;
    this.#now = deps.now ?? Date.now;
    this.#scanOptions = scanOptionsFrom(deps.config);
    this.#stages = { scan: scanPosts, build: buildSnapshot, ...deps.stages };
  }

  /** The last finished rescan. */
  get last(): RescanResult | undefined {
    return this.#last;
  }

  /** How many rescans have run: tests count coalescing with it. */
  get runs(): number {
    return this.#runs;
  }

  get busy(): boolean {
    return this.#running !== undefined;
  }

  /**
   * Starts a rescan, or joins the one queued behind the running one. The promise settles with a rescan
   * that began after this call, so a caller always sees the files as they were when it called.
   */
  trigger(reason: string): Promise<RescanResult> {
    if (!this.#running) return this.#start(reason);
    this.#queued ??= this.#running.then(() => {
      this.#queued = undefined;
      return this.#start(reason);
    });
    return this.#queued;
  }

  /** Settles when no rescan is running or queued (for shutdown). */
  async idle(): Promise<void> {
    while (this.#running || this.#queued) await (this.#queued ?? this.#running);
  }

  #start(reason: string): Promise<RescanResult> {
    const run = this.#run(reason).finally(() => {
      if (this.#running === run) this.#running = undefined;
    });
    this.#running = run;
    return run;
  }

  async #run(reason: string): Promise<RescanResult> {
    this.#runs++;
    const startedAt = this.#now();
    const t0 = performance.now();
    const before = this.#store.current;
    const finish = (r: Omit<RescanResult, 'reason' | 'startedAt' | 'ms' | 'generation'>): RescanResult => {
      const result = { ...r, reason, startedAt, ms: Math.round(performance.now() - t0), generation: this.#store.generation };
      this.#last = result;
      this.emit('rescan', result);
      return result;
    };
    // Nothing new is served: the last good snapshot stays, and the result says why.
    const notPublished = (problems: Problem[], scanned?: { files: number; parsed: number }, heldBack?: HeldBack): RescanResult =>
      finish({
        ...(heldBack ? { heldBack } : {}),
        ok: false,
        files: scanned?.files ?? 0,
        posts: before?.posts ?? 0,
        documents: before?.entries.size ?? 0,
        changed: [],
        problems,
        parsed: scanned?.parsed ?? 0,
        rendered: 0,
      });

    try {
      const scan = await this.#stages.scan(this.#scanOptions, this.#files);
      const unique = uniquePosts(scan.posts);
      const problems = sortProblems([...scan.problems, ...unique.problems]);
      const due = unique.posts.filter((p) => p.date <= startedAt).map((p) => p.path);
      const verdict = judgeDrop(this.#published, due, this.#pendingDrop, this.#config.rescan);
      if (!verdict.publish) {
        // The files were read as they are, so that cache stays; nothing is built or served.
        this.#files = scan.cache;
        this.#pendingDrop = verdict.pending;
        const held = problem('FW_RESCAN_HELD_BACK', this.#config.posts.dir, describeHold(verdict.held, this.#config.rescan.maxDropShare));
        return notPublished([held, ...problems], scan, verdict.held);
      }
      const { snapshot, cache, stats } = await this.#stages.build({ posts: unique.posts, config: this.#config, now: startedAt }, this.#build);
      const changed = changedPaths(before, snapshot);
      // Install and remember caches only now: a rescan that throws above changes nothing.
      this.#files = scan.cache;
      this.#build = cache;
      this.#published = new Set(due);
      this.#pendingDrop = undefined;
      this.#store.swap(snapshot);
      return finish({
        ok: true,
        files: scan.files,
        posts: snapshot.posts,
        documents: snapshot.entries.size,
        changed,
        problems,
        parsed: scan.parsed,
        rendered: stats.rendered,
      });
    } catch (err) {
      if (err instanceof FeedwrightError && err.code === 'FW_ERR_POSTS_DIR') {
        return notPublished([problem('FW_POSTS_DIR_UNREADABLE', this.#config.posts.dir, err.message)]);
      }
      return notPublished([problem('FW_RESCAN_FAILED', this.#config.posts.dir, err instanceof Error ? err.message : String(err))]);
    }
  }
}

function describeHold(held: HeldBack, maxDropShare: number): string {
  const share = `${held.dropped} of ${held.of} published posts would go, more than rescan.maxDropShare (${maxDropShare})`;
  if (held.needed === undefined) return `${share} and none would be left; kept until posts are back or the service restarts`;
  return `${share}; published when ${held.needed} rescans in a row find the same posts (${held.seen} so far)`;
}
