// What `feedwright publish` does once objects changed in the bucket, as `serve` does after its uploads:
// the CDN forgets their public URLs (publish.purge), then the WebSub hubs hear of the changed feeds, so
// a site that publishes from CI after a push reaches its subscribers as a running server would. Both
// wait for their retries: the process ends when this returns.
import type { Config } from '../config/schema.js';
import { createLogger } from '../log.js';
import type { Landed } from '../publish/bucket/failure.js';
import { Purger, type PurgeStatus } from '../publish/bucket/purge.js';
import { WebSubPublisher } from '../publish/websub.js';
import { publicUrl } from '../render/urls.js';
import { changedFeedUrls } from '../snapshot/feeds.js';

export interface Told {
  /** Undefined: no purge configured, or nothing to purge. */
  readonly purge: PurgeStatus | undefined;
  /** Undefined: no hub, --no-ping, or no feed changed. */
  readonly pings: { readonly feeds: number; readonly hubs: number; readonly failed: number } | undefined;
}

export async function afterPublish(
  landed: Landed,
  config: Config,
  options: {
    readonly ping: boolean;
    readonly env: Readonly<Record<string, string | undefined>>;
    readonly warn: (message: string) => void;
    /** Aborted: the purge (a command's process group too) and the pings stop. */
    readonly signal?: AbortSignal;
  },
): Promise<Told> {
  const hook = config.publish.purge;
  const { signal } = options;
  let purge: PurgeStatus | undefined;
  if (hook && landed.stale.length > 0) {
    const purger = new Purger(hook, options.env);
    const stopPurge = (): void => purger.close();
    signal?.addEventListener('abort', stopPurge, { once: true });
    if (signal?.aborted) stopPurge();
    purge = await purger.purge(landed.stale.map((path) => publicUrl(config, path)));
    signal?.removeEventListener('abort', stopPurge);
    if (!purge.ok) {
      const tries = purge.attempts > 1 ? ` (${purge.attempts} attempts)` : '';
      options.warn(`${purge.reason ?? 'purge failed'}${tries}; the CDN may serve the old copies of ${purge.urls} URLs until they expire (cache.maxAge)`);
    }
  }
  const feeds = changedFeedUrls(landed.changed, config);
  const hubs = config.websub.hubs;
  if (!options.ping || hubs.length === 0 || feeds.length === 0 || signal?.aborted) return { purge, pings: undefined };
  // By hub: how many pings failed for good, and the last reason, for one warning line per hub.
  const failures = new Map<string, { count: number; last: string }>();
  const publisher = new WebSubPublisher({
    ...config.websub,
    log: createLogger('silent'),
    outcome: (outcome, ping) => {
      if (outcome !== 'failed') return;
      const f = failures.get(ping.hub) ?? { count: 0, last: '' };
      failures.set(ping.hub, { count: f.count + 1, last: ping.failure ?? '' });
    },
  });
  publisher.publish(feeds);
  await Promise.race([publisher.idle(), new Promise((resolve) => signal?.addEventListener('abort', resolve, { once: true }))]);
  // Once idle nothing is in flight; after a stop, the pings waiting are dropped and those in flight aborted.
  await publisher.close(0);
  let failed = 0;
  for (const [hub, f] of failures) {
    failed += f.count;
    options.warn(`websub: ${hub} was not told of ${f.count} of ${feeds.length} changed feeds (${f.last}); they learn of the change when they next poll`);
  }
  return { purge, pings: { feeds: feeds.length, hubs: hubs.length, failed } };
}
