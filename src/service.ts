// The composition root: config → store → rescanner → HTTP server → schedule, watcher, webhook, WebSub,
// status and metrics. The CLI's `serve` and the integration tests start the service through here.
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from './config/schema.js';
import { createApp, type AppDeps } from './http/app.js';
import { createServer } from './http/server.js';
import { problemList, type Logger } from './log.js';
import { Metrics, type CacheFacts } from './metrics.js';
import { requirePostsDir } from './posts/posts-dir.js';
import { publicUrl } from './render/urls.js';
import { changedFeedUrls, countFeeds } from './snapshot/feeds.js';
import { SnapshotStore } from './snapshot/store.js';
import { statusReport } from './status-report.js';
import { scheduleRescans, type Schedule } from './triggers/cron.js';
import { defaultWorkers, Pool } from './rescan/pool/pool.js';
import { configHash } from './rescan/cache/config-hash.js';
import { WarmCache, type WarmCacheStatus } from './rescan/cache/warm-cache.js';
import { FolderSource } from './rescan/post-source.js';
import { scanOptionsFrom } from './posts/options.js';
import { Rescanner, type RescanResult, type SpacingClock } from './rescan/rescanner.js';
import { rescanReport } from './rescan/report.js';
import { watchPosts, type WatchOptions, type Watcher } from './triggers/watch.js';
import { WEBHOOK_PATH, webhookFromConfig } from './triggers/webhook.js';
import { WebSubPublisher } from './publish/websub.js';
import { bucketPublisherFor } from './publish/bucket/from-config.js';
import { cacheControl } from './http/send-entry.js';
import { VERSION } from './version.js';
import { ArchiveCache, archiveForBucket } from './rescan/archive-cache.js';
import { noPostsWarning } from './posts/posts-dir.js';
import { gitCheckoutFor, gitPrepare } from './rescan/git-checkout.js';
import type { Cluster } from './cluster/cluster.js';

export interface ServiceOptions {
  readonly now?: () => number;
  /** Run the cron schedule (tests trigger rescans themselves). Default true. */
  readonly schedule?: boolean;
  /** Timings of the file watcher (tests shorten the retry). */
  readonly watch?: Pick<WatchOptions, 'debounceMs' | 'retryMs'>;
  /** Collect Node's process metrics too. Default true. */
  readonly processMetrics?: boolean;
  /** Aborted when a stop is asked for before this function returns: the first rescan then gives up. */
  readonly signal?: AbortSignal;
  /** The clock that spaces rescans (rescan.minIntervalMs); tests pass one that takes no real time. */
  readonly spacing?: SpacingClock;
}

export interface Service {
  readonly server: http.Server;
  /** Where the server listens, e.g. http://127.0.0.1:8080/ */
  readonly url: string;
  readonly store: SnapshotStore;
  readonly rescanner: Rescanner;
  readonly schedule: Schedule | undefined;
  readonly watcher: Watcher | undefined;
  readonly publisher: WebSubPublisher | undefined;
  readonly metrics: Metrics;
  /** Stops the schedule and watcher, stops accepting connections, lets requests and rescans finish, then the helper threads. */
  readonly close: () => Promise<void>;
}

/** Requests still open this long after close() began are cut, so a stop fits in the CLI's 10 s. */
const CLOSE_CONNECTIONS_AFTER_MS = 7000;
/** WebSub pings in flight at close get this long to finish. */
const PING_GRACE_MS = 1500;

export async function startService(config: Config, log: Logger, options: ServiceOptions = {}): Promise<Service> {
  // posts.git: the checkout must be there before the posts folder is looked for.
  const git = gitCheckoutFor(config);
  await git?.open();
  await requirePostsDir(config.posts.dir);
  const startedAt = Date.now();
  const store = new SnapshotStore();
  const metrics = new Metrics({ processMetrics: options.processMetrics ?? true });
  const scanning = scanOptionsFrom(config);
  // publish.onRescan: the served snapshot goes to the bucket after each swap (made
  // before the helper threads start, so a bad target leaves nothing running); the endpoint variables are
  // the ones `feedwright publish` reads (the SDK reads its credentials itself).
  const publisher =
    config.websub.hubs.length > 0
      ? new WebSubPublisher({ ...config.websub, log, outcome: (o) => metrics.ping(o) })
      : undefined;
  // With a bucket the public feeds are its objects: the hubs hear of a change once it is uploaded, not
  // at the swap (a subscriber fetching at once would get the old bytes from the bucket).
  const bucket = await bucketPublisherFor(config, log, process.env, cacheControl(config.cache), {
    published: (changed) => publisher?.publish(changedFeedUrls(changed, config)),
    attempted: (facts) => metrics.bucketPublish(facts),
    purged: (outcome) => metrics.bucketPurge(outcome),
    publicUrl: (path) => publicUrl(config, path),
    onRequest: archiveForBucket(config, scanning),
    // With replicas one of them uploads each version (and pings); `cluster` exists before the first rescan.
    ...(config.cluster.redisUrl === undefined ? {} : { claim: async (s, previous) => (cluster ? cluster.claimUpload(s, previous) : { won: true, done: () => undefined }) }),
  });
  // The routes below need the rescanner, so it (and its helper threads) exists before listening; a failed
  // listen stops them again, so a failed start still leaves nothing running.
  // Worker threads start when a scan or render is big enough to share (rescan/pool/pool.ts).
  const helpers = new Pool({ options: scanning, config }, config.posts.workers ?? defaultWorkers());
  const source = new FolderSource(scanning, config, helpers);
  const rescanner = new Rescanner({
    config,
    store,
    source,
    ...(options.now ? { now: options.now } : {}),
    ...(options.spacing ? { spacing: options.spacing } : {}),
    ...(git ? { prepare: gitPrepare(git) } : {}),
  });
  const warmCache = warmCacheFor(config, log);
  if (warmCache) metrics.cache(() => cacheFacts(warmCache.status()));
  // Several replicas share through Redis only when asked to; a lone one never loads a Redis client.
  // With a bucket the hubs hear from the upload (above; one replica uploads a version), not from the
  // cluster's ping claim at the swap.
  const cluster = config.cluster.redisUrl === undefined ? undefined : await startCluster(config, config.cluster.redisUrl, log, store, rescanner, bucket ? undefined : publisher, metrics);
  rescanner.on('rescan', (r) => {
    // What to purge and ping is what each upload changes in the bucket (its manifest diff), so the scan
    // at start publishes too: changes whose upload failed before a stop are told then.
    if (r.ok && store.current) bucket?.push(store.current);
    // Reporting is not publishing: a bug here is logged, and the rescan stands as it was.
    try {
      // With a cluster, one replica per change pings the hubs (cluster.rescanned).
      afterRescan(r, { config, log, store, metrics, publisher: cluster || bucket ? undefined : publisher });
      cluster?.rescanned(r);
      if (r.reason === 'start') warmCache?.started(r);
      // What this rescan made (parsed or rendered) is kept for the next start; a rescan that reused
      // everything has nothing new to keep.
      const state = r.ok && (r.parsed > 0 || r.rendered > 0) ? rescanner.warmState() : undefined;
      if (state) warmCache?.save(state);
    } catch (err) {
      log.error({ err }, 'reporting a rescan failed');
    }
  });

  let schedule: Schedule | undefined;
  let watcher: Watcher | undefined;
  let stopping = false;
  const status = (): unknown => statusReport({ config, startedAt, store, rescanner, schedule, watcher, publisher, warmCache, git, bucket, cluster });
  // A trigger this replica accepted (webhook, watcher) reaches the other replicas too; cron stays local.
  const accepted = (reason: string): Promise<RescanResult> => {
    cluster?.relay(reason);
    return rescanner.trigger(reason);
  };
  const deps: AppDeps = {
    store,
    config,
    metrics,
    onError: (err) => log.error({ err }, 'request failed'),
    status: { status, stopping: () => stopping },
    // RFC 5005 archive pages, rendered on their first request (README "History: archive pages").
    findEntry: new ArchiveCache(config, scanning).find,
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
          waitAll: (reason) => cluster.waitAll(reason, (why) => rescanner.trigger(why), report),
        }
      : {}),
  });
  const app = createApp(webhook ? { ...deps, webhook: { path: WEBHOOK_PATH, handler: webhook } } : deps);
  const server = createServer(app, store, config, metrics, log);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.server.port, config.server.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    await cluster?.close();
    await rescanner.close();
    throw err;
  }
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host === '0.0.0.0' || host === '[::]' ? 'localhost' : host}:${address.port}/`;
  cluster?.start(url);

  // A stop signal during the first scan (a big cold build) ends it at its next slice, so that the stop
  // itself, which needs this function to return first, fits in the CLI's 10 s.
  const stopFirst = (): void => rescanner.stop();
  options.signal?.addEventListener('abort', stopFirst, { once: true });
  if (options.signal?.aborted) stopFirst();
  if (warmCache) {
    // With a cache file, the folder is listed while it is read (by the thread pool): its documents are
    // served at once if every file is as the cache saw it, and the rest is decoded meanwhile, for the
    // first rescan. Without one, a cold start lists nothing it would not list anyway.
    const listing = (await warmCache.present()) ? rescanner.listFiles() : undefined;
    const warm = await warmCache.load(options.signal);
    const files = await listing;
    if (warm) {
      if (rescanner.serveCached(warm, files)) warmCache.servedAtOnce();
      const state = await warm.rest(options.signal);
      if (state) rescanner.restore(state);
    }
  }
  const first = await rescanner.trigger('start').finally(() => store.settle());
  options.signal?.removeEventListener('abort', stopFirst);
  if (options.schedule !== false) schedule = scheduleRescans(config.schedule, config.timezone, (reason) => rescanner.trigger(reason));
  if (config.watch) {
    watcher = watchPosts({
      dir: config.posts.dir,
      log,
      ...options.watch,
      onChange: () => void accepted('watch'),
    });
  }
  log.info(
    {
      url,
      version: VERSION,
      posts: first.posts,
      documents: first.documents,
      problems: first.problems.length,
      errors: first.problems.filter((p) => p.severity === 'error').length,
      warnings: first.problems.filter((p) => p.severity === 'warning').length,
      ms: first.ms,
      schedule: config.schedule,
      watch: config.watch,
      webhook: webhook !== undefined,
      hubs: config.websub.hubs.length,
    },
    'feedwright started',
  );

  const close = async (): Promise<void> => {
    stopping = true;
    schedule?.stop();
    watcher?.close();
    // Out of the cluster first: no relayed trigger starts a rescan while this one stops.
    await cluster?.close();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    // A client that keeps a request open (a slow upload, a stalled download) must not hold the stop.
    const cut = setTimeout(() => server.closeAllConnections(), CLOSE_CONNECTIONS_AFTER_MS);
    await closed;
    clearTimeout(cut);
    // Only now that no request is left: a webhook call read before the stop may still start a rescan, and
    // the helper threads must be there for it. close() lets running and queued rescans finish first.
    await rescanner.close();
    // A cache write in flight finishes (a kill would leave the old file, which is fine too).
    await warmCache?.idle();
    // Rescans that finished above may have queued pings; those in flight get a moment.
    await publisher?.close(PING_GRACE_MS);
    await bucket?.close(PING_GRACE_MS);
  };
  return {
    server,
    url,
    store,
    rescanner,
    schedule,
    watcher,
    publisher,
    metrics,
    close,
  };
}

/** The cluster's code and its Redis client are loaded only here, only when cluster.redisUrl is set. */
async function startCluster(
  config: Config,
  redisUrl: string,
  log: Logger,
  store: SnapshotStore,
  rescanner: Rescanner,
  publisher: WebSubPublisher | undefined,
  metrics: Metrics,
): Promise<Cluster> {
  const { Cluster } = await import('./cluster/cluster.js');
  return new Cluster({
    config,
    redisUrl,
    log,
    store,
    trigger: (reason) => rescanner.trigger(reason),
    ...(publisher ? { ping: (urls: readonly string[]) => publisher.publish(urls) } : {}),
    gauges: (count, current) => metrics.replicas(count, current),
  });
}

/** Every rescan is logged and measured, and the hubs hear of the feeds it changed. */
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

function afterRescan(
  r: RescanResult,
  { config, log, store, metrics, publisher }: { config: Config; log: Logger; store: SnapshotStore; metrics: Metrics; publisher: WebSubPublisher | undefined },
): void {
  logRescan(log, r);
  // A folder with no post at all is most often the wrong folder: say where we looked, once, at start.
  if (r.reason === 'start' && r.ok && r.files === 0) log.warn(noPostsWarning({ ...config.posts }));
  metrics.rescan({
    ...r,
    feeds: countFeeds(store.current?.entries.keys() ?? []),
    errors: r.problems.filter((p) => p.severity === 'error').length,
    warnings: r.problems.filter((p) => p.severity === 'warning').length,
  });
  // The first scan has nothing to compare with: it would ping every feed at every restart. `changed`
  // holds every document whose bytes changed (pages, OPML and stylesheets too); only feeds are pinged.
  if (r.ok && r.reason !== 'start') publisher?.publish(changedFeedUrls(r.changed, config));
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
