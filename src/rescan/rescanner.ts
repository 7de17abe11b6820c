// The rescan lifecycle: scan → parse → scope → render → build → swap → notify. Cron, the webhook, the
// file watcher and the CLI all call `trigger`; overlapping calls merge into one running and one queued run.
import { EventEmitter } from 'node:events';
import type { Config } from '../config/schema.js';
import { PostsDirError, problem, RescanStopped, sortProblems, type Problem } from '../errors.js';
import type { Post } from '../posts/post.js';
import type { ScanDelta } from '../posts/scan.js';
import { sameFiles, type FileResult, type FileTable } from '../posts/scanned-file.js';
import { scanOptionsFrom } from '../posts/options.js';
import { contentKey, type PreparedContent } from '../render/feed-document.js';
import { Catalogue, type DropSummary } from '../scopes/catalogue.js';
import { buildSteps, postsInFeeds } from '../snapshot/build.js';
import { itemKey, type ItemPiecesMap, type PostItems } from '../snapshot/item-cache.js';
import { changedPaths } from '../snapshot/snapshot.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import type { SnapshotStore } from '../snapshot/store.js';
import { judgeSummary, type HeldBack, type PendingDrop } from './drop-guard.js';
import { FolderSource, type PostSource, type Prepare } from '../sources/post-source.js';
import type { WarmStart, WarmState } from '../cache/warm-cache.js';
import { runSliced } from '../slices.js';
import { Fingerprints } from '../content/liquid/dependencies.js';
import { liquidSite } from '../content/liquid/site.js';
import type { ContentSite } from '../content/render-body.js';
import type { ContentNotes } from '../render/content.js';
import { SiteInputs, siteFilesAt, type SiteValues } from '../sources/site-files.js';

export interface RescanResult {
  /** True when the posts were read and the served snapshot is up to date with them. */
  readonly ok: boolean;
  readonly reason: string;
  readonly startedAt: number;
  readonly ms: number;
  readonly files: number;
  /** Published posts in the served snapshot. */
  readonly posts: number;
  /** Posts dated after this rescan's clock: a later rescan publishes them. */
  readonly scheduled: number;
  /** Drafts and posts marked unpublished. */
  readonly excluded: number;
  readonly documents: number;
  /** Paths whose bytes changed (added and removed included). */
  readonly changed: readonly string[];
  readonly problems: readonly Problem[];
  /** Files parsed this time (the rest came from the cache). */
  readonly parsed: number;
  /** Files touched with the same bytes: not parsed again, but their new times are kept (ScanDelta.restamped). */
  readonly restamped: number;
  /** Documents rendered this time (the rest were reused). */
  readonly rendered: number;
  readonly generation: number;
  /** Set when the rescan would have dropped too many posts and was not published (FW_RESCAN_HELD_BACK). */
  readonly heldBack?: HeldBack;
  /** Set when the rescan gave up because the service is stopping (see Rescanner.stop). */
  readonly stopped?: true;
  /** With posts.git: the commit the posts were read at. */
  readonly commit?: string;
}

export interface RescannerDeps {
  readonly config: Config;
  readonly store: SnapshotStore;
  /** The clock, read once per rescan: which posts are due. */
  readonly now?: () => number;
  /** Where posts come from; default: the posts folder, on this thread. The service adds a worker pool. */
  readonly source?: PostSource;
  /** The clock that spaces rescans (rescan.minIntervalMs); tests pass one they move by hand. */
  readonly spacing?: SpacingClock;
  /** Runs at the start of each rescan, before the scan (posts.git brings the checkout up to date). */
  readonly prepare?: Prepare;
  /**
   * Render every published post, not only those the feeds show, so that every post's Liquid problems are
   * reported (`feedwright check`).
   */
  readonly renderAll?: boolean;
}

/** A monotonic clock in ms, and a way to wait on it. */
export interface SpacingClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const REAL_TIME: SpacingClock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

// A file that changes between the scan and the reading of its body is read again by one more pass; from
// the last pass on, a changed body is taken as it is and one that cannot be read leaves its post out.
const MAX_PASSES = 3;
/**
 * Files a scheduled check looks at while a watcher hears every change: ~0.3 s of `stat`s on a slow
 * machine, so a million posts are all looked at within ten intervals.
 */
export const CHECK_FILES = 100_000;

type Outcome = Omit<RescanResult, 'reason' | 'startedAt' | 'ms' | 'generation' | 'parsed' | 'restamped'>;

export class Rescanner extends EventEmitter<{ rescan: [RescanResult] }> {
  readonly #config: Config;
  readonly #store: SnapshotStore;
  readonly #now: () => number;
  readonly #clock: SpacingClock;
  readonly #source: PostSource;
  readonly #prepare: Prepare | undefined;
  /** The posts every matched file's parse result amounts to: the running total of the scans' deltas. */
  readonly #catalogue = new Catalogue();
  /** Files that matched the include patterns at the last scan. */
  #files = 0;
  /**
   * What the queued rescan must look at: the paths named by the triggers that joined it (a watcher's,
   * a push's), or 'all' once one named none (the schedule, a plain webhook): then the folder is walked.
   */
  #toScan: Set<string> | 'all' | undefined;
  /** Prepared contents of the posts the served feeds show, and nothing more. */
  #contents = new Map<string, PreparedContent>();
  #lastStart = Number.NEGATIVE_INFINITY;
  /** Whether the rescan to start next was asked for by anything but a check (checks do not count for the spacing). */
  #spaced = false;
  /** When the served snapshot was built (the clock's time): posts dated after it may have fallen due. */
  #lastBuiltAt = Number.NEGATIVE_INFINITY;
  /** The feed items those posts rendered to, per format (see snapshot/item-cache.ts). */
  #items: ItemPiecesMap = new Map();
  #running: Promise<RescanResult> | undefined;
  /** A warm start's restore under way (restore): rescans wait for it. */
  #restoring: Promise<void> | undefined;
  #queued: Promise<RescanResult> | undefined;
  #last: RescanResult | undefined;
  #runs = 0;
  /** The drop being held back, for the drop guard (the catalogue knows what was published). */
  #pendingDrop: PendingDrop | undefined;
  /**
   * The scanners have taken in changes that the served snapshot does not show (a rescan failed or was
   * held back after scanning): the next rescan must build even if its scan finds nothing new.
   */
  #behind = false;
  /** A snapshot a warm cache kept: the first build reuses its documents, then it is dropped. */
  #restored: Snapshot | undefined;
  /** Aborted by stop(): a rescan in flight gives up at its next slice, so shutdown need not wait for it. */
  readonly #stopping = new AbortController();
  /** With content.liquid: _config.yml, _data/ and _includes/, read again at each rescan. */
  readonly #site: SiteInputs | undefined;
  readonly #renderAll: boolean;

  constructor(deps: RescannerDeps) {
    super();
    this.#config = deps.config;
    this.#store = deps.store;
    this.#now = deps.now ?? Date.now;
    this.#clock = deps.spacing ?? REAL_TIME;
    this.#prepare = deps.prepare;
    this.#source = deps.source ?? new FolderSource(scanOptionsFrom(deps.config), deps.config);
    this.#site = deps.config.content.liquid ? new SiteInputs(deps.config.posts.dir) : undefined;
    this.#renderAll = deps.renderAll ?? false;
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
   * that began after this call, so a caller always sees the files as they were when it called. `paths`
   * (relative to the posts folder): what changed, as a watcher or a push names it; the rescan then looks
   * only there. Without them it walks the whole folder.
   */
  trigger(reason: string, paths?: Iterable<string>): Promise<RescanResult> {
    this.#spaced = true;
    return this.#request(reason, paths);
  }

  #request(reason: string, paths?: Iterable<string>): Promise<RescanResult> {
    if (paths === undefined) this.#toScan = 'all';
    else if (this.#toScan !== 'all') {
      this.#toScan ??= new Set();
      for (const path of paths) this.#toScan.add(path);
    }
    if (!this.#running && !this.#queued && !this.#restoring && this.#spacing() === 0) return this.#start(reason);
    // One rescan waits behind the running one (or a restore), or for the spacing to pass; every trigger
    // meanwhile joins it. Whatever the running one settled with is its callers' business; the queued one
    // runs regardless.
    this.#queued ??= (this.#running ?? this.#restoring ?? Promise.resolve())
      .catch(() => undefined)
      .then(async () => {
        const wait = this.#spacing();
        if (wait > 0) await this.#clock.sleep(wait);
        this.#queued = undefined;
        return this.#start(reason);
      });
    return this.#queued;
  }

  /**
   * The schedule's rescan while a watcher hears every change (triggers/watch.ts): it looks at a share of
   * the folders in turn (each one's own files, about `budget` of them), so that what an event may have
   * missed is found within a few intervals at a bounded cost each, and it publishes the posts that fell
   * due. Before a first scan, or from a source that cannot share, it walks the whole folder.
   */
  check(reason: string, budget = CHECK_FILES): Promise<RescanResult> {
    const folders = this.#source.sample?.(budget) ?? [];
    // A check is the schedule's, at most one an interval: it does not count for the spacing, so that an
    // edit heard just after it is not made to wait rescan.minIntervalMs (a tenth of the edits did).
    return folders.length > 0 ? this.#request(reason, folders) : this.trigger(reason);
  }

  /** How long until a rescan may start (rescan.minIntervalMs after the last start). */
  #spacing(): number {
    return Math.max(0, this.#lastStart + this.#config.rescan.minIntervalMs - this.#clock.now());
  }

  /** Settles when no rescan is running or queued (for shutdown). */
  async idle(): Promise<void> {
    while (this.#running || this.#queued || this.#restoring) await (this.#queued ?? this.#running ?? this.#restoring?.catch(() => undefined));
  }

  /**
   * What the served snapshot was built from, for the warm cache (cache/warm-cache.ts); undefined until a
   * rescan has published, while the files are ahead of what is served, or when the source keeps no records.
   */
  warmState(): WarmState | undefined {
    const snapshot = this.#store.current;
    const records = this.#source.records?.();
    if (!snapshot || !records || this.#behind) return undefined;
    // posts.future: every post is published already, none falls due.
    const dueAt = this.#config.posts.future ? undefined : this.#catalogue.nextDue(this.#lastBuiltAt);
    return { records, contents: this.#contents, items: this.#items, snapshot, dueAt };
  }

  /**
   * The folder's files as they are now, for serveCached (undefined if the source cannot tell, or a folder
   * cannot be read: the first rescan reports that). Listed in slices, so a cache can be read meanwhile.
   */
  async listFiles(): Promise<FileTable | undefined> {
    return this.#source.list?.(this.#stopping.signal).catch(() => undefined);
  }

  /**
   * Serves a warm cache's documents before the first rescan, if they are what it would build: every
   * file (`files`, from listFiles) is as the cache saw it (size and mtime, the test every rescan makes)
   * and no scheduled post has fallen due since. They are provisional (see SnapshotStore): the first
   * rescan then builds, with the archive index, and swaps in the same bytes. With posts.git too: the
   * first rescan reads the checkout as it is (git-checkout.ts: gitPrepare), and a fetch follows it.
   * Resolves to whether they are served; the comparison of a million files is taken in slices.
   */
  async serveCached(cached: Pick<WarmStart, 'snapshot' | 'files' | 'dueAt'>, files: FileTable | undefined, signal?: AbortSignal): Promise<boolean> {
    if (this.#runs > 0 || this.#store.current || !files) return false;
    if (cached.dueAt !== undefined && cached.dueAt <= this.#now()) return false;
    if (!(await runSliced(sameFiles(cached.files, files), signal))) return false;
    // Nothing else may have served meanwhile (the comparison took turns of the event loop).
    if (this.#runs > 0 || this.#store.current) return false;
    // With Liquid, _config.yml, _data/ and _includes/ count too: a change made while stopped is never served.
    if (this.#site && this.#site.read().values.version !== cached.snapshot.siteVersion) return false;
    this.#store.swapProvisional(cached.snapshot);
    return true;
  }

  /**
   * Takes over what a warm cache kept, before the first rescan: that rescan then stats the files, reads
   * only those that differ, and reuses every document whose inputs are unchanged. Nothing is served from
   * it until that rescan has built (so a post changed while the service was down is never served stale).
   */
  restore(state: WarmState, signal?: AbortSignal): Promise<void> {
    if (this.#runs > 0 || !this.#source.restore || this.#restoring) return Promise.resolve();
    // A rescan triggered meanwhile waits for it (trigger): one that ran beside it would update the catalogue
    // from a half-taken state.
    const restoring = this.#restore(state, signal).finally(() => {
      this.#restoring = undefined;
    });
    this.#restoring = restoring;
    return restoring;
  }

  async #restore(state: WarmState, signal: AbortSignal | undefined): Promise<void> {
    if (!this.#source.restore) return;
    // The records as the scan's results, read one by one (not copied into a map of a million entries).
    const changed = {
      keys: () => state.records.keys(),
      *[Symbol.iterator](): Generator<readonly [string, FileResult]> {
        for (const [path, record] of state.records) yield [path, record];
      },
    };
    this.#catalogue.publish(this.#config.posts.future ? Number.POSITIVE_INFINITY : this.#now());
    try {
      // In slices, as a rescan's: a million records are seconds of work, and requests are being served.
      await runSliced(this.#source.restore(state.records), signal);
      await runSliced(this.#catalogue.updating({ changed, removed: [] }, new Map()), signal);
    } catch (err) {
      // Given up part-way (a stop): nothing of the cache is kept, and a start that goes on is a cold one.
      this.#catalogue.clear();
      this.#source.reset();
      throw err;
    }
    this.#files = state.records.size;
    this.#contents = new Map(state.contents);
    this.#items = state.items;
    this.#restored = state.snapshot;
  }

  /**
   * Makes the rescan in flight give up at its next slice (within ~10 ms of work), and any queued or later
   * one at once: nothing is published by them, the served snapshot stays. For shutdown.
   */
  stop(): void {
    this.#stopping.abort(new RescanStopped());
  }

  /** Stops rescans in flight (see stop), waits for them to settle, then stops the post source (helper threads). */
  async close(): Promise<void> {
    this.stop();
    await this.idle();
    await this.#source.close();
  }

  #start(reason: string): Promise<RescanResult> {
    if (this.#spaced) this.#lastStart = this.#clock.now();
    this.#spaced = false;
    // The paths named by every trigger that joined this rescan, taken now: those that come later go to the next.
    const toScan = this.#toScan ?? 'all';
    this.#toScan = undefined;
    const run = this.#run(reason, toScan).finally(() => {
      if (this.#running === run) this.#running = undefined;
    });
    this.#running = run;
    return run;
  }

  async #run(reason: string, toScan: ReadonlySet<string> | 'all'): Promise<RescanResult> {
    this.#runs++;
    const startedAt = this.#now();
    const t0 = performance.now();
    const before = this.#store.current;
    const prepared = await this.#prepare?.(reason, this.#stopping.signal);
    // A fetch that names what it changed narrows a rescan that named nothing else; one that cannot, widens it.
    const scope = toScan === 'all' || !prepared ? toScan : prepared.changed ? new Set([...toScan, ...prepared.changed]) : 'all';
    const outcome = await this.#attempt(before, startedAt, scope);
    const result: RescanResult = {
      ...outcome,
      ...(prepared?.problems?.length ? { problems: [...prepared.problems, ...outcome.problems] } : {}),
      ...(prepared?.commit ? { commit: prepared.commit } : {}),
      reason,
      startedAt,
      ms: Math.round(performance.now() - t0),
      generation: this.#store.generation,
    };
    this.#last = result;
    // Outside the attempt: a listener that throws cannot turn a rescan that was published into a failed
    // one. Its error is its own: reported as a process warning, and the rescan and its callers go on.
    try {
      this.emit('rescan', result);
    } catch (err) {
      process.emitWarning(err instanceof Error ? err : new Error(String(err)), { code: 'FW_RESCAN_LISTENER' });
    }
    return result;
  }

  async #attempt(
    before: Snapshot | undefined,
    startedAt: number,
    toScan: ReadonlySet<string> | 'all',
  ): Promise<Omit<RescanResult, 'reason' | 'startedAt' | 'ms' | 'generation'>> {
    try {
      let parsed = 0;
      let restamped = 0;
      // A provisional snapshot (serveCached) is replaced by a build whatever the scan finds.
      let touched = this.#behind || this.#store.provisional !== undefined;
      const unreadable: Unreadable = new Map();
      // What posts' Liquid reads besides the posts: a change there is a change as a post's is.
      const site = this.#site?.read();
      touched ||= site?.changed === true;
      // A pass after the first looks again at the posts whose body changed under it (or at everything).
      let paths: ReadonlySet<string> | 'all' = toScan;
      for (let pass = 1; ; pass++) {
        const delta = await this.#source.scan(this.#stopping.signal, paths === 'all' ? undefined : paths);
        parsed += delta.changed.size;
        restamped += delta.restamped;
        touched ||= delta.changed.size > 0 || delta.removed.length > 0;
        // Until it is published, what the scanners took in is ahead of what is served.
        this.#behind ||= touched;
        // posts.future (Jekyll's `future`): every post is due, whatever its date.
        const dueAt = this.#config.posts.future ? Number.POSITIVE_INFINITY : startedAt;
        const outcome = await this.#buildAndSwap(delta, dueAt, before, { touched, lastPass: pass >= MAX_PASSES, unreadable, site: site?.values });
        if (typeof outcome === 'object' && 'again' in outcome) {
          paths = paths === 'all' ? 'all' : outcome.again;
          continue;
        }
        return { ...outcome, parsed, restamped };
      }
    } catch (err) {
      // The source may have scanned before something threw: that delta is lost, so it starts afresh and
      // the next scan reports every file. The served snapshot stays as it was.
      this.#behind = true;
      this.#catalogue.clear();
      this.#files = 0;
      this.#source.reset();
      const p =
        err instanceof PostsDirError
          ? problem('FW_POSTS_DIR_UNREADABLE', this.#config.posts.dir, err.message)
          : problem(
              'FW_RESCAN_FAILED',
              this.#config.posts.dir,
              err instanceof Error ? err.message : String(err),
              undefined,
              err instanceof RescanStopped ? 'warning' : 'error',
            );
      return {
        ok: false,
        files: this.#files,
        posts: before?.posts ?? 0,
        scheduled: 0,
        excluded: 0,
        documents: before?.entries.size ?? 0,
        changed: [],
        problems: [p],
        parsed: 0,
        restamped: 0,
        rendered: 0,
        ...(err instanceof RescanStopped ? { stopped: true as const } : {}),
      };
    }
  }

  /**
   * One pass of a rescan, in the order of its steps: take the scan into the catalogue, ask the drop
   * guard, fetch the contents the feeds lack, build, commit. `again` (the paths to look at again) when a
   * body changed under our feet, or could not be read on the last pass (its post is then added to
   * `unreadable` and left out).
   */
  async #buildAndSwap(delta: ScanDelta, dueAt: number, before: Snapshot | undefined, pass: Pass): Promise<Outcome | { again: ReadonlySet<string> }> {
    const catalogue = this.#catalogue;
    this.#files = delta.files;
    // Posts dated up to dueAt are published; then the scan's changes move what they change.
    catalogue.publish(dueAt);
    // In slices: at a cold start of a million posts, taking them in is seconds of work.
    await runSliced(catalogue.updating(delta, pass.unreadable), this.#stopping.signal);
    const common = {
      ok: true,
      files: this.#files,
      scheduled: catalogue.scheduledAfter(dueAt),
      excluded: catalogue.excluded,
      problems: sortProblems([...delta.listProblems, ...catalogue.problems(), ...(pass.site?.problems ?? []), ...this.#contentProblems()]),
    };
    const unchanged = { ...common, posts: before?.posts ?? 0, documents: before?.entries.size ?? 0, changed: [], rendered: 0 };

    // Nothing changed and no post fell due since the last build: the served snapshot is already right.
    const next = catalogue.nextDue(this.#lastBuiltAt);
    const upToDate = before !== undefined && !pass.touched && (next === undefined || next > dueAt);
    if (upToDate && this.#pendingDrop === undefined) return unchanged;

    const held = this.#guardDrop(await runSliced(catalogue.summarizing(), this.#stopping.signal));
    if (held) return { ...unchanged, ok: false, problems: [held.problem, ...common.problems], heldBack: held.held };
    if (upToDate) return unchanged;

    const scopes = catalogue.scopes();
    const shown = postsInFeeds(scopes, this.#config.feeds.limit);
    const site = this.#contentSite(pass.site, scopes[0]?.posts ?? []);
    // `feedwright check` renders every published post, so that each one's problems are reported.
    const rendered = this.#renderAll ? [...new Map([...shown, ...(scopes[0]?.posts ?? [])].map((p) => [contentKey(p), p])).values()] : shown;
    const fetched = await this.#fetchContents(rendered, pass, site);
    if ('again' in fetched) return fetched;

    const build = buildSteps(
      { scopes, config: this.#config, shown, contents: fetched.contents, items: fetched.items, ...(site ? { site } : {}) },
      before ?? this.#restored,
    );
    const { snapshot, stats, items } = await runSliced(build, this.#stopping.signal);
    this.#commit(snapshot, { contents: fetched.contents, items, dueAt });
    const withContent = sortProblems([...common.problems.filter((p) => !isContentProblem(p)), ...this.#contentProblems()]);
    return {
      ...common,
      problems: withContent,
      posts: snapshot.posts,
      documents: snapshot.entries.size,
      changed: changedPaths(before, snapshot),
      rendered: stats.rendered,
    };
  }

  /** The drop guard's verdict on publishing what the catalogue has now: undefined to go on, else the hold (remembered). */
  #guardDrop(summary: DropSummary): { problem: Problem; held: HeldBack } | undefined {
    const verdict = judgeSummary(summary, this.#pendingDrop, this.#config.rescan);
    if (verdict.publish) return undefined;
    this.#pendingDrop = verdict.pending;
    const held = problem('FW_RESCAN_HELD_BACK', this.#config.posts.dir, describeHold(verdict.held, this.#config.rescan.maxDropShare));
    return { problem: held, held: verdict.held };
  }

  /**
   * The prepared contents of the posts the feeds show: those of the served snapshot, and the rest read
   * back and rendered now. 'again' when a body changed since the scan (or, on the last pass, could not be
   * read: its post joins `unreadable`).
   */
  async #fetchContents(
    shown: readonly Post[],
    { lastPass, unreadable }: Pass,
    site: ContentSite | undefined,
  ): Promise<{ contents: Map<string, PreparedContent>; items: ItemPiecesMap } | { again: ReadonlySet<string> }> {
    const contents = new Map<string, PreparedContent>();
    const missing: Post[] = [];
    // A content whose Liquid read something that changed since (a data file, an include, another post's
    // link) is rendered again; every other one is kept.
    const prints = site ? new Fingerprints(site.liquid, site.files) : undefined;
    for (const post of shown) {
      const known = this.#contents.get(contentKey(post));
      const deps = known?.notes?.deps;
      if (known && (!deps || deps.length === 0 || prints?.current(deps) !== false)) contents.set(contentKey(post), known);
      else missing.push(post);
    }
    const stale = new Set<string>();
    // Items rendered with the contents join those of earlier builds; the build renders any still lacking.
    const fresh = new Map<string, PostItems>();
    const answers = await this.#source.contents(missing, this.#stopping.signal, site);
    answers.forEach((answer, i) => {
      // A post that failed to render would fail again: it is left out now, with why.
      if ('missing' in answer && (lastPass || answer.failed !== undefined)) unreadable.set(answer.path, answer.failed);
      if ('missing' in answer || (answer.stale && !lastPass)) {
        stale.add(answer.path);
        return;
      }
      // Liquid that cannot be rendered: the post keeps its last good rendering, with today's problems.
      const good = answer.content.notes?.failed ? this.#lastGood(answer.path) : undefined;
      // (Its items are made again by the build: the post's title or date may be new.)
      if (good) {
        contents.set(contentKey(answer), { ...good, notes: answer.content.notes as ContentNotes });
        return;
      }
      contents.set(contentKey(answer), answer.content);
      fresh.set(itemKey(missing[i] as Post), answer.items);
    });
    if (stale.size > 0) return { again: stale };
    return { contents, items: fresh.size > 0 ? new Map([...this.#items, ...fresh]) : this.#items };
  }

  /**
   * The site the shown posts' Liquid sees this rescan: the site's values (read at the rescan's start) and
   * its published posts, newest first. Undefined without content.liquid.
   */
  #contentSite(values: SiteValues | undefined, published: readonly Post[]): ContentSite | undefined {
    if (!values) return undefined;
    const config = this.#config;
    const liquid = liquidSite(values, published, {
      timeZone: config.timezone,
      siteUrl: config.site.url,
      markdownExtensions: config.posts.markdown.map((e) => e.toLowerCase()),
    });
    return { liquid, files: siteFilesAt(config.posts.dir) };
  }

  /** The content this path had in the served snapshot, if its Liquid rendered then. */
  #lastGood(path: string): PreparedContent | undefined {
    for (const [key, content] of this.#contents) {
      if (key.startsWith(`${path}\0`) && !content.notes?.failed) return content;
    }
    return undefined;
  }

  /** The problems the served posts' renderings met (Liquid, a converter, plugins), each post's own. */
  #contentProblems(): Problem[] {
    const out: Problem[] = [];
    for (const content of this.#contents.values()) if (content.notes) out.push(...content.notes.problems);
    return out;
  }

  /** Installs the snapshot and what it was built from. Only here is anything replaced. */
  #commit(snapshot: Snapshot, built: { contents: Map<string, PreparedContent>; items: ItemPiecesMap; dueAt: number }): void {
    this.#restored = undefined;
    this.#contents = built.contents;
    this.#items = built.items;
    this.#lastBuiltAt = built.dueAt;
    this.#catalogue.mark();
    this.#pendingDrop = undefined;
    this.#behind = false;
    this.#store.swap(snapshot);
  }
}

/** What one pass of a rescan knows besides the scan: see #buildAndSwap. */
interface Pass {
  readonly touched: boolean;
  readonly lastPass: boolean;
  readonly unreadable: Unreadable;
  /** The site's values for Liquid, read at the rescan's start (content.liquid). */
  readonly site?: SiteValues | undefined;
}

/** A problem a post's rendering met (the rescan reports those of the contents it holds). */
function isContentProblem(p: Problem): boolean {
  return p.code.startsWith('FW_LIQUID_') || p.code.startsWith('FW_CONTENT_');
}

function describeHold(held: HeldBack, maxDropShare: number): string {
  const share = `${held.dropped} of ${held.of} published posts would go, more than rescan.maxDropShare (${maxDropShare})`;
  if (held.needed === undefined) return `${share} and none would be left; kept until posts are back or the service restarts`;
  return `${share}; published when ${held.needed} rescans in a row find the same posts (${held.seen} so far)`;
}

/** Posts left out of this rescan: their body could not be read back, or rendering it threw (why). */
type Unreadable = Map<string, string | undefined>;
