// The /status document: what the parts of a running service say about themselves, read per request.
import type { WarmCache } from './cache/warm-cache.js';
import type { GitCheckout, GitStatus } from './sources/git/checkout.js';
import type { Config } from './config/schema.js';
import { countFeeds } from './snapshot/feeds.js';
import type { SnapshotStore } from './snapshot/store.js';
import type { Schedule } from './triggers/cron.js';
import { rescanReport } from './rescan/report.js';
import type { Rescanner } from './rescan/rescanner.js';
import type { Watcher } from './triggers/watch.js';
import type { Notifier } from './publish/notify.js';
import { VERSION } from './version.js';
import { feedTotals, type SubscriberCounts } from './subscribers/counts.js';

export interface StatusParts {
  /** Which phase of the start runs, then `running`, then `stopping` (service.ts: Phase). */
  readonly phase?: string;
  readonly config: Config;
  readonly startedAt: number;
  readonly store: SnapshotStore;
  readonly rescanner: Rescanner;
  readonly schedule: Schedule | undefined;
  readonly watcher: Watcher | undefined;
  /** WebSub pings and publish.onRescan's background uploads (publish/notify.ts). */
  readonly notifier: Notifier;
  readonly warmCache?: WarmCache | undefined;
  readonly git?: GitCheckout | undefined;
  /** Several replicas through Redis (src/cluster/), when cluster.redisUrl is set. */
  readonly cluster?: { status(): unknown } | undefined;
  /** Query feeds made to order (http/query-feeds.ts), when queries.enabled. */
  readonly queries?: { status(): unknown } | undefined;
  /** Subscriber counts (subscribers/counts.ts), when subscribers.enabled. */
  readonly subscribers?: SubscriberCounts | undefined;
}

/** Lists inside (changed feeds, problems) are capped: a folder of broken files must not make it huge. */
const LIST_LIMIT = 100;

export function statusReport(p: StatusParts): unknown {
  const current = p.store.current;
  const last = p.rescanner.last;
  return {
    version: VERSION,
    ...(p.phase === undefined ? {} : { phase: p.phase }),
    startedAt: new Date(p.startedAt).toISOString(),
    uptimeSeconds: Math.round((Date.now() - p.startedAt) / 1000),
    ready: current !== undefined,
    generation: p.store.generation,
    posts: current?.posts ?? 0,
    documents: current?.entries.size ?? 0,
    feeds: countFeeds(current?.entries.keys() ?? []),
    rescanning: p.rescanner.busy,
    lastRescan: last ? rescanReport(last, p.config, LIST_LIMIT) : null,
    schedule: p.schedule ? p.config.schedule : null,
    nextRescan: p.schedule?.nextRun()?.toISOString() ?? null,
    watching: p.watcher?.active() ?? false,
    // With watch: true, the folders watched, and whether every change is heard (else why: the schedule then
    // walks the whole folder rather than checking a share of it).
    ...(p.watcher ? { watch: { folders: p.watcher.folders(), everyChange: p.watcher.complete(), ...(p.watcher.why() ? { why: p.watcher.why() } : {}) } } : {}),
    webhook: p.config.webhook.secret !== undefined,
    websub: { hubs: p.config.websub.hubs, backlog: p.notifier.backlog },
    // Where the warm-restart cache is, its size, its last write, and what this start took from it.
    cache: p.warmCache ? p.warmCache.status() : { enabled: false },
    // posts.git: the repository (no credentials), the commit read, the last fetch and its failure if any,
    // what git is doing now, and when it tries again after a failure.
    ...(p.git ? { git: gitReport(p.git.status) } : {}),
    // The bucket `serve` publishes to after each rescan (publish.onRescan), else null.
    bucket: p.notifier.bucketStatus,
    // This replica's id and snapshot id, Redis's state, and every live replica's announcement.
    cluster: p.cluster ? p.cluster.status() : { enabled: false },
    // Query feeds kept and made, and what their budgets refused.
    queries: p.queries ? p.queries.status() : { enabled: false },
    // Who reads each feed (the most read first), as aggregators report it and as distinct pollers.
    subscribers: p.subscribers ? subscribersReport(p.subscribers) : { enabled: false },
  };
}

function subscribersReport(counts: SubscriberCounts): unknown {
  const totals = feedTotals(counts.counts());
  return {
    enabled: true,
    ...counts.status(),
    feeds: totals
      .slice(0, LIST_LIMIT)
      .map((t) => ({ feed: t.feed, total: t.total, sources: Object.fromEntries(t.sources.map((s) => [s.source, s.subscribers])) })),
  };
}

function gitReport(git: GitStatus): unknown {
  const iso = (ms: number | undefined): string | null => (ms === undefined ? null : new Date(ms).toISOString());
  return { ...git, activity: git.activity ?? null, fetchedAt: iso(git.fetchedAt), retryAt: iso(git.retryAt) };
}
