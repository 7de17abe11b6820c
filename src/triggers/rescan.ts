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
}

export interface RescannerDeps {
  readonly config: Config;
  readonly store: SnapshotStore;
  /** The clock, read once per rescan: which posts are due. */
  readonly now?: () => number;
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
  #files: ReadonlyMap<string, FileRecord> | undefined;
  #build: BuildCache | undefined;
  #running: Promise<RescanResult> | undefined;
  #queued: Promise<RescanResult> | undefined;
  #last: RescanResult | undefined;
  #runs = 0;

  constructor(deps: RescannerDeps) {
    super();
    this.#config = deps.config;
    this.#store = deps.store;
    this.#now = deps.now ?? Date.now;
    this.#scanOptions = scanOptionsFrom(deps.config);
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
    const failed = (p: Problem): RescanResult =>
      finish({
        ok: false,
        files: 0,
        posts: before?.posts ?? 0,
        documents: before?.entries.size ?? 0,
        changed: [],
        problems: [p],
        parsed: 0,
        rendered: 0,
      });

    try {
      const scan = await scanPosts(this.#scanOptions, this.#files);
      const unique = uniquePosts(scan.posts);
      const problems = sortProblems([...scan.problems, ...unique.problems]);
      const { snapshot, cache, stats } = await buildSnapshot({ posts: unique.posts, config: this.#config, now: startedAt }, this.#build);
      const changed = changedPaths(before, snapshot);
      // Install and remember caches only now: a rescan that throws above changes nothing.
      this.#files = scan.cache;
      this.#build = cache;
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
        return failed(problem('FW_POSTS_DIR_UNREADABLE', this.#config.posts.dir, err.message));
      }
      return failed(problem('FW_RESCAN_FAILED', this.#config.posts.dir, err instanceof Error ? err.message : String(err)));
    }
  }
}
