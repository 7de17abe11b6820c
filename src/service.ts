// The composition root: config → store → rescanner → HTTP server → schedule, watcher, webhook, WebSub,
// status and metrics, started in named phases (listen first). The CLI's `serve` and the integration tests
// start the service through here.
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from './config/schema.js';
import type { AppDeps } from './http/app.js';
import { lazyApp, type LazyApp } from './http/lazy-app.js';
import { createServer } from './http/server.js';
import { problemList, type Logger } from './log.js';
import { Metrics, type CacheFacts } from './metrics.js';
import { requirePostsDir } from './posts/posts-dir.js';
import { publicUrl } from './render/urls.js';
import { countFeeds } from './snapshot/feeds.js';
import { SnapshotStore } from './snapshot/store.js';
import { statusReport } from './status-report.js';
import { scheduleRescans, type Schedule } from './triggers/cron.js';
import { defaultWorkers, Pool } from './sources/pool/pool.js';
import { configHash } from './cache/config-hash.js';
import { WarmCache, type WarmCacheStatus } from './cache/warm-cache.js';
import { FolderSource } from './sources/post-source.js';
import { scanOptionsFrom } from './posts/options.js';
import { Rescanner, type RescanResult, type SpacingClock } from './rescan/rescanner.js';
import { rescanReport } from './rescan/report.js';
import { watchPosts, type WatchOptions, type Watcher } from './triggers/watch.js';
import { WEBHOOK_PATH, webhookFromConfig } from './triggers/webhook.js';
import { notifierFor } from './publish/from-config.js';
import type { Notifier } from './publish/notify.js';
import { cacheControl } from './http/send-entry.js';
import type { Start } from './heap.js';
import { VERSION } from './version.js';
import { ArchiveCache, archiveForBucket, madeWith, prepare } from './archives/archive-cache.js';
import { buildKeyOrUnique } from './cache/build-key.js';
import { QueryFeeds } from './http/query-feeds.js';
import { feedPolls } from './http/feed-polls.js';
import { clientAddress } from './http/client-address.js';
import { joinOnRequest, savedForBucket } from './snapshot/saved-queries.js';
import { SubscriberCounts } from './subscribers/counts.js';
import { DailySalt, saltedHash } from './subscribers/salt.js';
import { noPostsWarning } from './posts/posts-dir.js';
import { gitCheckoutFor, gitPrepare, type GitCheckout } from './sources/git/checkout.js';
import { FetchRetry, openWithRetries } from './sources/git/retry.js';
import type { Cluster } from './cluster/cluster.js';
import type { FileTable } from './posts/scanned-file.js';
import { loadContents } from './sources/contents-module.js';

export interface ServiceOptions {
  readonly now?: () => number;
  /** Run the cron schedule (tests trigger rescans themselves). Default true. */
  readonly schedule?: boolean;
  /** Timings of the file watcher, and its burst bound (tests shorten both). */
  readonly watch?: Pick<WatchOptions, 'debounceMs' | 'retryMs' | 'maxBurst'>;
  /** Collect Node's process metrics too. Default true. */
  readonly processMetrics?: boolean;
  /**
   * Aborted when a stop is asked for before this function returns: the phase in flight (a git clone, the
   * warm cache's read, the first rescan) gives up, the rest are skipped, and the service is returned for
   * close() (its `url` is empty if it never listened).
   */
  readonly signal?: AbortSignal;
  /** The clock that spaces rescans (rescan.minIntervalMs); tests pass one that takes no real time. */
  readonly spacing?: SpacingClock;
  /**
   * The posts folder's table, being listed since before this was called (serve starts it on a helper
   * thread: sources/pool/listing.ts), for a warm start to compare with its cache's. Without it, or when
   * it fails, the warm start lists the folder itself.
   */
  readonly listing?: Promise<FileTable | undefined>;
  /**
   * Called once the start knows what it is: a cold one (no cache to serve) before it builds, a warm one
   * before its records are decoded. What it returns (a slower-growing heap was set: heap.ts) is called
   * once the start is done and its cache written. serve passes growHeapSlowly; tests leave V8's growth
   * as it is.
   */
  readonly growHeapSlowly?: (start: Start) => (() => void) | undefined;
}

export interface Service {
  readonly server: http.Server;
  /** Where the server listens, e.g. http://127.0.0.1:8080/ */
  readonly url: string;
  readonly store: SnapshotStore;
  readonly rescanner: Rescanner;
  readonly schedule: Schedule | undefined;
  readonly watcher: Watcher | undefined;
  /** What the outside hears after each new version: uploads, purges, WebSub pings (publish/notify.ts). */
  readonly notifier: Notifier;
  readonly metrics: Metrics;
  /** With cluster.redisUrl, the replicas' coordination (tests wait on its Redis link's counts). */
  readonly cluster: Cluster | undefined;
  /** Query feeds (docs/guides/query-feeds-and-subscribers.md), when queries.enabled. */
  readonly queries: QueryFeeds | undefined;
  /** Subscriber counts (docs/guides/query-feeds-and-subscribers.md), when subscribers.enabled. */
  readonly subscribers: SubscriberCounts | undefined;
  /**
   * Stops the schedule and watcher, stops accepting connections, lets requests and rescans finish (a git
   * command in flight is ended), then the helper threads. Safe to call at any phase, and more than once.
   */
  readonly close: () => Promise<void>;
}

/**
 * The phases of a start, in order, then the service's life after it; /status says which one it is in.
 * The port is bound first, so that /healthz answers from the first second whatever a phase waits for
 * (a hung git server, a big cache, a cold build).
 */
export type Phase = 'listen' | 'posts' | 'cache' | 'first rescan' | 'triggers' | 'running' | 'stopping';

const PHASES: readonly (readonly [Phase, (s: Starting) => Promise<void>])[] = [
  ['listen', listen],
  ['posts', openPosts],
  ['cache', warmStart],
  ['first rescan', firstRescan],
  ['triggers', startTriggers],
];

/** Requests still open this long after close() began are cut, so a stop fits in the CLI's 10 s. */
const CLOSE_CONNECTIONS_AFTER_MS = 7000;
/** WebSub pings in flight at close get this long to finish. */
const PING_GRACE_MS = 1500;

export async function startService(config: Config, log: Logger, options: ServiceOptions = {}): Promise<Service> {
  const s = await assemble(config, log, options);
  const { signal } = options;
  // A stop during the start ends a rescan in flight at its next slice (and a fetch it waits for).
  const stopRescans = (): void => s.rescanner.stop();
  signal?.addEventListener('abort', stopRescans, { once: true });
  try {
    for (const [phase, run] of PHASES) {
      if (signal?.aborted) break;
      s.phase = phase;
      log.debug({ phase }, `start: ${phase}`);
      await run(s);
    }
  } catch (err) {
    // A failed start leaves nothing running: the port, the helper threads, a git command are all ended.
    await s.close();
    throw err;
  } finally {
    signal?.removeEventListener('abort', stopRescans);
  }
  if (!signal?.aborted) {
    s.phase = 'running';
    logStarted(s);
  }
  return {
    server: s.server,
    url: s.url ?? '',
    store: s.store,
    rescanner: s.rescanner,
    schedule: s.schedule,
    watcher: s.watcher,
    notifier: s.notifier,
    metrics: s.metrics,
    cluster: s.cluster,
    queries: s.queries,
    subscribers: s.subscribers,
    close: s.close,
  };
}

/** Everything a start builds and its phases fill in; close() ends whatever of it is running. */
interface Starting {
  readonly config: Config;
  readonly log: Logger;
  readonly options: Omit<ServiceOptions, 'listing'>;
  /**
   * The helper's listing until the warm start takes it: held no longer (a promise keeps what it resolved
   * to, and at a million files the table is ~35 MB; kept in the options, it lived as long as the service).
   */
  listing: ServiceOptions['listing'];
  readonly startedAt: number;
  readonly store: SnapshotStore;
  readonly metrics: Metrics;
  readonly notifier: Notifier;
  readonly rescanner: Rescanner;
  readonly warmCache: WarmCache | undefined;
  readonly cluster: Cluster | undefined;
  readonly queries: QueryFeeds | undefined;
  readonly subscribers: SubscriberCounts | undefined;
  readonly git: GitCheckout | undefined;
  readonly server: http.Server;
  readonly app: LazyApp;
  readonly webhook: boolean;
  readonly accepted: (reason: string, paths?: readonly string[]) => Promise<RescanResult>;
  readonly close: () => Promise<void>;
  /** Lets rescans asked for from outside through (see `trigger` in assemble). */
  readonly openGate: () => void;
  phase: Phase;
  stopping: boolean;
  url: string | undefined;
  first: RescanResult | undefined;
  /** posts.git: the start read a checkout a previous run left, so a fetch follows it. */
  fetchAfterStart: boolean;
  schedule: Schedule | undefined;
  watcher: Watcher | undefined;
  /** Undoes a start's slower heap growth (heap.ts), once the start is done. */
  heapAsV8Does: (() => void) | undefined;
}

/** Builds the parts (store, publishers, rescanner, cluster, app, server), wired together; nothing listens yet. */
async function assemble(config: Config, log: Logger, options: ServiceOptions): Promise<Starting> {
  const startedAt = Date.now();
  const store = new SnapshotStore();
  const metrics = new Metrics({ processMetrics: options.processMetrics ?? true });
  const scanning = scanOptionsFrom(config);
  const git = gitCheckoutFor(config);
  // Query feeds (docs/guides/query-feeds-and-subscribers.md): posts are read back from their files as archive pages' are; a
  // client is known by a hash of its address with the day's salt, never by the address. Made before the
  // notifier, whose bucket uploads the saved ones; the hubs hear of the changed ones through it.
  const subscribers = config.subscribers.enabled
    ? new SubscriberCounts({ ...config.subscribers, hubHosts: config.websub.hubs.map((hub) => new URL(hub).host) })
    : undefined;
  const salt = subscribers?.salt ?? new DailySalt();
  const addressOf = clientAddress(config.server.trustProxy);
  const queries = config.queries.enabled
    ? new QueryFeeds({
        config,
        store,
        // A post's content may depend on more than its file (a Jekyll site's values, which a snapshot
        // carries): they go to prepare from the snapshot, and their version to contentVersion.
        prepare: (posts, snapshot) => prepare(scanning, config, posts, snapshot.site),
        contentVersion: (snapshot) => snapshot.siteVersion ?? '',
        clientOf: (req) => saltedHash(salt.current().key, [addressOf(req)]),
        changed: (urls) => notifier.feedsChanged(urls),
      })
    : undefined;
  // After each swap: uploads (publish.onRescan), the CDN purge and WebSub pings, in that order, one
  // replica per version (publish/notify.ts). Made before the helper threads start, so a bad bucket target
  // leaves nothing running; `cluster` is read when first needed (it is made below).
  // The bucket's archive pages and saved queries are known by what made them, this code included.
  const build = await buildKeyOrUnique();
  const notifier = await notifierFor(config, log, process.env, {
    cacheControl: cacheControl(config.cache),
    publicUrl: (path) => publicUrl(config, path),
    onRequest: queries
      ? joinOnRequest(
          archiveForBucket(config, build, scanning),
          savedForBucket((snapshot, path) => queries.makeNow(snapshot, path), config, madeWith(config, build)),
        )
      : archiveForBucket(config, build, scanning),
    claims: () => cluster,
    metrics,
  });
  // The routes below need the rescanner, so it (and its helper threads) exists before listening; a failed
  // start stops them again, so it leaves nothing running.
  // Worker threads start when a scan or render is big enough to share (sources/pool/pool.ts).
  const helpers = new Pool({ options: scanning, config }, config.posts.workers ?? defaultWorkers());
  const source = new FolderSource(scanning, config, helpers);
  const rescanner = new Rescanner({
    config,
    store,
    source,
    ...(options.now ? { now: options.now } : {}),
    ...(options.spacing ? { spacing: options.spacing } : {}),
    ...(git ? { prepare: gitPrepare(git, config.posts.git?.subdir) } : {}),
  });
  // Rescans asked for from outside (the webhook, other replicas) wait for the start's first rescan: before
  // it the posts may not be there yet (a clone that hangs), and a warm start must not be raced.
  let openGate = (): void => undefined;
  const gate = new Promise<void>((resolve) => (openGate = resolve));
  const trigger = async (reason: string, paths?: readonly string[]): Promise<RescanResult> => {
    await gate;
    return rescanner.trigger(reason, paths);
  };
  const warmCache = warmCacheFor(config, log);
  if (warmCache) metrics.cache(() => cacheFacts(warmCache.status()));
  // Several replicas share through Redis only when asked to; a lone one never loads a Redis client.
  const cluster =
    config.cluster.redisUrl === undefined
      ? undefined
      : await startCluster(config, config.cluster.redisUrl, log, store, trigger, metrics).catch(async (err: unknown) => {
          await rescanner.close();
          throw err;
        });
  // Who reads the feeds, counted from the requests (docs/guides/query-feeds-and-subscribers.md); with replicas, together.
  if (subscribers) {
    metrics.subscribers(() => subscribers.counts());
    cluster?.shareCounts(subscribers);
  }
  // posts.git: a fetch that failed is tried again by one more rescan after a backoff (the fetch names what it changes).
  const fetchRetry = git ? new FetchRetry(git, () => void rescanner.trigger('retry', [])) : undefined;
  rescanner.on('rescan', (r) => {
    // Reporting is not publishing: a bug here is logged, and the rescan stands as it was.
    try {
      if (r.ok && store.current) notifier.newVersion(store.current, r);
      if (r.ok && store.current) void queries?.swapped(store.current);
      afterRescan(r, { config, log, store, metrics });
      cluster?.rescanned(r);
      fetchRetry?.rescanned();
      if (r.reason === 'start') warmCache?.started(r);
      // What this rescan made (parsed or rendered) is kept for the next start, and so are files' new
      // times (touched, the same bytes): kept old, every later start would hash those files again, and a
      // start whose listing differs from its cache's cannot serve the cache at once. A rescan that
      // reused everything as it was has nothing new to keep.
      const state = r.ok && (r.parsed > 0 || r.rendered > 0 || r.restamped > 0) ? rescanner.warmState() : undefined;
      if (state) warmCache?.save(state);
    } catch (err) {
      log.error({ err }, 'reporting a rescan failed');
    }
  });

  // A trigger this replica accepted (webhook, watcher) reaches the other replicas too; cron stays local.
  const accepted = (reason: string, paths?: readonly string[]): Promise<RescanResult> => {
    cluster?.relay(reason);
    return trigger(reason, paths);
  };
  const report = (r: RescanResult): unknown => rescanReport(r, config);
  const webhook = webhookFromConfig(config, {
    rescan: accepted,
    report,
    log,
    outcome: (o) => metrics.webhook(o),
    ...(config.posts.git ? { branch: config.posts.git.branch } : {}),
    ...(cluster
      ? {
          shareLimiter: (local, limits) => cluster.limiter(local, limits),
          waitAll: (reason) => cluster.waitAll(reason, trigger, report),
        }
      : {}),
  });
  const polled = subscribers ? feedPolls(subscribers, config.server.trustProxy) : undefined;
  const queryAnswering = queries && {
    queries,
    cacheControl: cacheControl(config.cache),
    polled,
    onError: (err: unknown) => log.error({ err }, 'request failed'),
  };
  const deps: AppDeps = {
    store,
    config,
    metrics,
    onError: (err) => log.error({ err }, 'request failed'),
    status: {
      status: () =>
        statusReport({
          phase: s.phase,
          config,
          startedAt,
          store,
          rescanner,
          schedule: s.schedule,
          watcher: s.watcher,
          notifier,
          warmCache,
          git,
          cluster,
          queries,
          subscribers,
        }),
      stopping: () => s.stopping,
    },
    // RFC 5005 archive pages, rendered on their first request (docs/reference/feeds.md "History: archive pages").
    findEntry: new ArchiveCache(config, scanning).find,
    ...(queryAnswering ? { queries: queryAnswering } : {}),
    ...(webhook ? { webhook: { path: WEBHOOK_PATH, handler: webhook } } : {}),
  };
  // Loaded with the rendering stack (firstRescan), or by a request that needs it sooner (lazy-app.ts).
  const app = lazyApp(
    async () => {
      const { createApp } = await import('./http/app.js');
      if (!subscribers || config.subscribers.page === 'off') return createApp(deps);
      const { subscribersRoutes } = await import('./http/subscribers-page.js');
      return createApp({ ...deps, subscribersPage: subscribersRoutes(subscribers, config) });
    },
    deps.onError ?? (() => {}),
  );
  const server = createServer(app.handle, store, config, metrics, log, { queries: queryAnswering, polled, probes: deps.status });

  let closing: Promise<void> | undefined;
  const close = async (): Promise<void> => {
    s.stopping = true;
    s.phase = 'stopping';
    // A rescan asked for while the start ran is stopped like any other (it ends at once).
    openGate();
    s.schedule?.stop();
    s.watcher?.close();
    fetchRetry?.close();
    // Out of the cluster first: no relayed trigger starts a rescan while this one stops.
    await cluster?.close();
    await closeServer(server);
    queries?.close();
    // Only now that no request is left: a webhook call read before the stop may still start a rescan, and
    // the helper threads must be there for it. close() lets running and queued rescans finish first (a
    // fetch they wait for is ended, with every process git started).
    await rescanner.close();
    // A cache write in flight finishes (a kill would leave the old file, which is fine too).
    await warmCache?.idle();
    // Rescans that finished above may have queued uploads and pings; those in flight get a moment.
    await notifier.close(PING_GRACE_MS);
  };
  const { listing, ...kept } = options;
  const s: Starting = {
    config,
    log,
    options: kept,
    listing,
    startedAt,
    store,
    metrics,
    notifier,
    rescanner,
    warmCache,
    cluster,
    queries,
    subscribers,
    git,
    server,
    app,
    webhook: webhook !== undefined,
    accepted,
    close: () => (closing ??= close()),
    openGate: () => openGate(),
    phase: 'listen',
    stopping: false,
    url: undefined,
    first: undefined,
    fetchAfterStart: false,
    schedule: undefined,
    watcher: undefined,
    heapAsV8Does: undefined,
  };
  return s;
}

/** Binds the port: from here /healthz answers, /readyz and the feeds say 503 until there is something to serve. */
async function listen(s: Starting): Promise<void> {
  const { server, config } = s;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.server.port, config.server.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  s.url = `http://${host === '0.0.0.0' || host === '[::]' ? 'localhost' : host}:${address.port}/`;
  s.log.info({ url: s.url }, 'listening');
  s.cluster?.start(s.url);
}

/**
 * posts.git: the checkout a previous run left, or a clone, tried again with backoff until it works (or a
 * stop); then the posts folder must be there.
 */
async function openPosts(s: Starting): Promise<void> {
  const { git, log, options } = s;
  if (git) {
    await git.requireGit();
    const opened = await openWithRetries(git, {
      ...(options.signal ? { signal: options.signal } : {}),
      failed: ({ attempt, error, retryInMs }) => log.warn({ attempt, error, retryInMs }, 'posts.git: the clone failed; nothing to serve yet, trying again'),
    });
    if (opened === 'stopped') return;
    s.fetchAfterStart = opened === 'found';
  }
  await requirePostsDir(s.config.posts.dir);
}

/**
 * With a cache file, the folder is listed while it is read (on serve's helper thread, else here in
 * slices): its documents are served at once if every file is as the cache saw it, and the rest is
 * decoded meanwhile, for the first rescan. Without one, a cold start lists nothing it would not list
 * anyway.
 */
async function warmStart(s: Starting): Promise<void> {
  const { warmCache, rescanner, options } = s;
  const given = s.listing;
  s.listing = undefined;
  const growSlowly = (start: Start): void => {
    s.heapAsV8Does = options.growHeapSlowly?.(start);
  };
  if (!warmCache) {
    growSlowly({ kind: 'cold' });
    return;
  }
  try {
    const listing = (await warmCache.present()) ? (given?.catch(() => rescanner.listFiles()) ?? rescanner.listFiles()) : undefined;
    const warm = await warmCache.load(options.signal);
    // Before the cold build starts, or before a large site's records are decoded: the start's peak is what follows.
    growSlowly(warm ? { kind: 'warm', files: warm.files.sizes.length } : { kind: 'cold' });
    const files = await listing;
    if (warm) {
      if (await rescanner.serveCached(warm, files, options.signal)) warmCache.servedAtOnce();
      const state = await warm.rest(options.signal);
      if (state) await rescanner.restore(state, options.signal);
    }
  } catch (err) {
    // A stop ends the read between two slices (an AbortError): the cache is only read here, nothing is
    // left half-done, and the start ends.
    if (!options.signal?.aborted) throw err;
  }
}

/**
 * The first rescan: a stop ends it at its next slice (it publishes nothing then). The watcher is armed
 * first, so that a change made while that rescan walks the folder is heard (its rescan waits for the gate).
 */
async function firstRescan(s: Starting): Promise<void> {
  const { config, options, log } = s;
  // The rendering stack and Express, loaded only now: a warm start has served its cached documents by this point.
  await Promise.all([loadContents(), s.app.load()]);
  if (config.watch) {
    s.watcher = watchPosts({
      dir: config.posts.dir,
      log,
      ...options.watch,
      onChange: (paths) => void s.accepted('watch', paths),
    });
    // Its folders are read asynchronously (requests are answered meanwhile); the rescan waits for them.
    await s.watcher.ready;
  }
  const first = s.rescanner.trigger('start');
  // Those asked for meanwhile run after it (one more rescan, merged).
  s.openGate();
  s.first = await first.finally(() => s.store.settle());
}

/** The schedule and (posts.git, a checkout from an earlier run) the fetch the start did not do. */
async function startTriggers(s: Starting): Promise<void> {
  const { config, options, rescanner } = s;
  // While the watcher hears every change, the schedule checks a share of the folder (and publishes what
  // fell due); where it cannot (no watches left, a network file system, watching off), it walks it all.
  const scheduled = (reason: string): Promise<RescanResult> => (s.watcher?.complete() ? rescanner.check(reason) : rescanner.trigger(reason));
  if (options.schedule !== false) s.schedule = scheduleRescans(config.schedule, config.timezone, scheduled);
  // The fetch names what it changed.
  if (s.fetchAfterStart) void rescanner.trigger('git', []);
  // The start's heap growth (heap.ts) is V8's own again once its cache is written.
  const restore = s.heapAsV8Does;
  if (restore) void (s.warmCache?.idle() ?? Promise.resolve()).finally(restore);
}

function logStarted(s: Starting): void {
  const { config, first } = s;
  const problems = first?.problems ?? [];
  s.log.info(
    {
      url: s.url,
      version: VERSION,
      posts: first?.posts,
      documents: first?.documents,
      problems: problems.length,
      errors: problems.filter((p) => p.severity === 'error').length,
      warnings: problems.filter((p) => p.severity === 'warning').length,
      ms: first?.ms,
      schedule: config.schedule,
      watch: config.watch,
      webhook: s.webhook,
      hubs: config.websub.hubs.length,
    },
    'feedwright started',
  );
}

/**
 * Stops accepting connections and waits for the open ones: idle ones are closed at once, and a client that
 * keeps a request open (a slow upload, a stalled download) is cut after a while. Nothing to do when the
 * server never listened (a stop before the port was bound).
 */
async function closeServer(server: http.Server): Promise<void> {
  if (!server.listening) return;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const cut = setTimeout(() => server.closeAllConnections(), CLOSE_CONNECTIONS_AFTER_MS);
  await closed;
  clearTimeout(cut);
}

/** The cluster's code and its Redis client are loaded only here, only when cluster.redisUrl is set. */
async function startCluster(
  config: Config,
  redisUrl: string,
  log: Logger,
  store: SnapshotStore,
  trigger: (reason: string) => Promise<RescanResult>,
  metrics: Metrics,
): Promise<Cluster> {
  const { Cluster } = await import('./cluster/cluster.js');
  return new Cluster({
    config,
    redisUrl,
    log,
    store,
    trigger,
    gauges: (count, current) => metrics.replicas(count, current),
  });
}

/** The warm-restart cache, unless it is turned off or has nowhere to live (then one warning says so). */
function warmCacheFor(config: Config, log: Logger): WarmCache | undefined {
  if (!config.diskCache.enabled) return undefined;
  if (!config.diskCache.dir) {
    log.warn('no cache folder (set FEEDWRIGHT_CACHE_DIR or diskCache.dir, or HOME): every start renders every post');
    return undefined;
  }
  return new WarmCache({
    root: config.diskCache.dir,
    configHash: configHash(config),
    postsDir: config.posts.dir,
    version: VERSION,
    maxBytes: config.diskCache.maxBytes,
    warn: (message) => log.warn(message),
  });
}

function cacheFacts(s: WarmCacheStatus): CacheFacts {
  return {
    bytes: s.bytes,
    records: s.entries?.records,
    documents: s.entries?.documents,
    lastWrite: s.lastWrite === undefined ? undefined : Date.parse(s.lastWrite),
    writes: s.writes,
    failedWrites: s.failedWrites,
    failures: s.failures,
    start: s.atStart.reused,
  };
}

/** Every rescan is logged and measured. */
function afterRescan(r: RescanResult, { config, log, store, metrics }: { config: Config; log: Logger; store: SnapshotStore; metrics: Metrics }): void {
  logRescan(log, r);
  // A folder with no post at all is most often the wrong folder: say where we looked, once, at start.
  if (r.reason === 'start' && r.ok && r.files === 0) log.warn(noPostsWarning({ ...config.posts }));
  metrics.rescan({
    ...r,
    feeds: countFeeds(store.current?.entries.keys() ?? []),
    errors: r.problems.filter((p) => p.severity === 'error').length,
    warnings: r.problems.filter((p) => p.severity === 'warning').length,
  });
}

function logRescan(log: Logger, r: RescanResult): void {
  // `ok` says the snapshot is up to date; `errors` counts posts left out, for alerts (warnings are kept posts).
  const errors = r.problems.filter((p) => p.severity === 'error').length;
  const fields = {
    reason: r.reason,
    ok: r.ok,
    ms: r.ms,
    files: r.files,
    posts: r.posts,
    documents: r.documents,
    changed: r.changed.length,
    changedPaths: r.changed.slice(0, 20),
    parsed: r.parsed,
    ...(r.restamped > 0 ? { restamped: r.restamped } : {}),
    rendered: r.rendered,
    problems: r.problems.length,
    errors,
    warnings: r.problems.length - errors,
    problemList: problemList(r.problems),
    ...(r.heldBack ? { heldBack: r.heldBack } : {}),
  };
  if (r.stopped) log.info(fields, 'rescan stopped: the service is shutting down');
  else if (r.heldBack) log.warn(fields, 'rescan held back: it would drop too many posts at once; the last good feeds are still served');
  else if (!r.ok) log.error(fields, 'rescan failed; the last good feeds are still served');
  else if (errors > 0) log.warn(fields, 'rescan: posts with errors are left out (see problemList)');
  else log.info(fields, 'rescan');
}
