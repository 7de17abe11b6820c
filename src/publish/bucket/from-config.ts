// The background publisher `serve` runs when publish.onRescan is set, made from the config.
import type { Config } from '../../config/schema.js';
import type { Logger } from '../../log.js';
import type { PurgeOutcome } from '../../metrics.js';
import { BucketPublisher, type BackgroundOptions } from './background.js';
import { Purger, type PurgeHook } from './purge.js';
import { connectionOf, parseTarget } from './target.js';

/**
 * undefined unless publish.onRescan. `env`: AWS_ENDPOINT_URL(_S3), AWS_REGION, FEEDWRIGHT_S3_PATH_STYLE,
 * as `feedwright publish` reads them. `cacheControl`: the server's value (http/send-entry.ts). `hooks`: hear
 * the changed paths once they are in the bucket, and each attempt's end; `publicUrl` names a path's public
 * address for the CDN purge.
 */
export async function bucketPublisherFor(
  config: Config,
  log: Logger,
  env: Readonly<Record<string, string | undefined>>,
  cacheControl: string,
  hooks: Pick<BackgroundOptions, 'published' | 'attempted' | 'claim' | 'onRequest'> & {
    readonly publicUrl?: (path: string) => string;
    /** Hears each CDN purge attempt's end, for /metrics. */
    readonly purged?: (outcome: PurgeOutcome) => void;
  } = {},
): Promise<BucketPublisher | undefined> {
  const p = config.publish;
  if (!p.onRescan || p.target === undefined) return undefined;
  const target = parseTarget(p.target);
  // The schema accepts s3://bucket/…; a prefix with . or .. segments is refused here, at start.
  if (typeof target === 'string') throw new Error(`publish.target: ${target}`);
  // The AWS SDK is loaded only by a server that publishes: it would add to every other start.
  const { S3Store } = await import('./s3-store.js');
  return new BucketPublisher(new S3Store(target, connectionOf(p, env), { timeoutMs: p.timeoutMs, connectTimeoutMs: p.connectTimeoutMs }), {
    cacheControl,
    gzip: p.gzip,
    delete: p.delete,
    concurrency: p.concurrency,
    aliases: config.feeds.aliases.map((a) => a.path),
    retries: p.retries,
    retryDelayMs: p.retryDelayMs,
    log,
    ...(hooks.published ? { published: hooks.published } : {}),
    ...(hooks.attempted ? { attempted: hooks.attempted } : {}),
    ...(hooks.claim ? { claim: hooks.claim } : {}),
    // Archive pages are rendered from the posts' files (rescan/), which publish/ does not read itself.
    ...(hooks.onRequest ? { onRequest: hooks.onRequest } : {}),
    // render/ is upstream of publish/ (tests/architecture.test.ts): the caller says how paths become URLs.
    ...(p.purge ? { purge: { purger: purgerFor(p.purge, env, log, hooks.purged), publicUrl: hooks.publicUrl ?? ((path: string) => path) } } : {}),
  });
}

/** The purger, its attempts counted and each retry logged (the publisher logs how each purge ended). */
function purgerFor(hook: PurgeHook, env: Readonly<Record<string, string | undefined>>, log: Logger, purged: ((outcome: PurgeOutcome) => void) | undefined): Purger {
  return new Purger(hook, env, (a) => {
    purged?.(a.outcome);
    if (a.outcome === 'retry') log.warn({ attempt: a.attempt, urls: a.urls, reason: a.reason, retryInMs: a.retryInMs }, 'purge failed; will retry');
  });
}
