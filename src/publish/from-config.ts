// The Notifier `serve` runs after each swap, made from the config: WebSub hubs (websub.hubs), the bucket
// (publish.onRescan) and the CDN purge (publish.purge), each only when configured.
import type { Config } from '../config/schema.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import { BucketPublisher, type UploadClaim } from './bucket/background.js';
import type { Landed } from '../errors.js';
import type { OnRequestDocuments } from '../snapshot/archives.js';
import { Purger, type PurgeHook } from './bucket/purge.js';
import { connectionOf, parseTarget } from './bucket/target.js';
import { Notifier, type VersionClaims } from './notify.js';
import { WebSubPublisher } from './websub.js';

export interface NotifyHooks {
  /** The server's Cache-Control (http/send-entry.ts), so a CDN caches the bucket's copy as the server's. */
  readonly cacheControl: string;
  /** Public URL of a served path (render/ is upstream of publish/). */
  readonly publicUrl: (path: string) => string;
  /** Archive pages, rendered from the posts' files (rescan/), which publish/ does not read itself. */
  readonly onRequest?: (snapshot: Snapshot) => OnRequestDocuments;
  /** Replicas: who uploads and pings which version. */
  readonly claims?: () => VersionClaims | undefined;
  readonly metrics: Metrics;
}

/**
 * `env`: AWS_ENDPOINT_URL(_S3), AWS_REGION, FEEDWRIGHT_S3_PATH_STYLE, as `feedwright publish` reads them (the
 * SDK reads its credentials itself). A bad target throws here, at start, before anything runs.
 */
export async function notifierFor(config: Config, log: Logger, env: Readonly<Record<string, string | undefined>>, hooks: NotifyHooks): Promise<Notifier> {
  const { metrics } = hooks;
  const hubs = config.websub.hubs.length > 0 ? new WebSubPublisher({ ...config.websub, log, outcome: (o) => metrics.ping(o) }) : undefined;
  const p = config.publish;
  const purger = p.onRescan && p.purge ? purgerFor(p.purge, env, log, metrics) : undefined;
  // The bucket hands each landing to the Notifier, and asks it who uploads: they are made in turn.
  const late: { notifier?: Notifier } = {};
  const bucket =
    p.onRescan && p.target !== undefined
      ? await bucketFor(config, log, env, hooks, purger, {
          landed: (l) => void late.notifier?.landed(l),
          claim: (s, previous) => late.notifier?.claimUpload(s, previous) ?? Promise.resolve({ won: true, done: () => undefined }),
        })
      : undefined;
  late.notifier = new Notifier({ config, log, hubs, bucket, purger, publicUrl: hooks.publicUrl, ...(hooks.claims ? { claims: hooks.claims } : {}) });
  return late.notifier;
}

async function bucketFor(
  config: Config,
  log: Logger,
  env: Readonly<Record<string, string | undefined>>,
  hooks: NotifyHooks,
  purger: Purger | undefined,
  to: { readonly landed: (l: Landed) => void; readonly claim: (s: Snapshot, previous: Snapshot | undefined) => Promise<UploadClaim> },
): Promise<BucketPublisher> {
  const p = config.publish;
  const target = parseTarget(p.target ?? '');
  // The schema accepts s3://bucket/…; a prefix with . or .. segments is refused here, at start.
  if (typeof target === 'string') throw new Error(`publish.target: ${target}`);
  // The AWS SDK is loaded only by a server that publishes: it would add to every other start.
  const { S3Store } = await import('./bucket/s3-store.js');
  return new BucketPublisher(new S3Store(target, connectionOf(p, env), { timeoutMs: p.timeoutMs, connectTimeoutMs: p.connectTimeoutMs }), {
    cacheControl: hooks.cacheControl,
    gzip: p.gzip,
    delete: p.delete,
    concurrency: p.concurrency,
    aliases: config.feeds.aliases.map((a) => a.path),
    retries: p.retries,
    retryDelayMs: p.retryDelayMs,
    log,
    landed: to.landed,
    attempted: (facts) => hooks.metrics.bucketPublish(facts),
    ...(config.cluster.redisUrl === undefined ? {} : { claim: to.claim }),
    ...(hooks.onRequest ? { onRequest: hooks.onRequest } : {}),
    ...(purger ? { purgeStatus: () => purger.status } : {}),
  });
}

/** The purger, its attempts counted and each retry logged (the Notifier logs how each purge ended). */
export function purgerFor(hook: PurgeHook, env: Readonly<Record<string, string | undefined>>, log: Logger, metrics?: Metrics): Purger {
  return new Purger(hook, env, (a) => {
    metrics?.bucketPurge(a.outcome);
    if (a.outcome === 'retry') log.warn({ attempt: a.attempt, urls: a.urls, reason: a.reason, retryInMs: a.retryInMs }, 'purge failed; will retry');
  });
}
