// Replicas behind one balancer, kept in step through Redis: who is in (membership.ts), triggers shared and
// `?wait=all` (relay.ts), which replica tells the outside of a version (claims.ts) and the webhook's shared
// failure counts (shared-limiter.ts), over one connection (redis-link.ts). Loaded only when
// cluster.redisUrl is set (service.ts imports it lazily).
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { Config } from '../config/schema.js';
import type { Logger } from '../log.js';
import type { UploadClaim } from '../publish/bucket/background.js';
import type { FeedChange, VersionClaims } from '../publish/notify.js';
import type { RescanResult } from '../rescan/rescanner.js';
import { snapshotId } from '../snapshot/snapshot-id.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import type { SnapshotStore } from '../snapshot/store.js';
import type { FailureLimiter, FailureLimits, Limiter } from '../triggers/failure-limiter.js';
import { Claims } from './claims.js';
import { Membership } from './membership.js';
import { newestSnapshot } from './messages.js';
import { RedisLink, type LinkCounts } from './redis-link.js';
import { Relay, type WaitAllAnswer } from './relay.js';
import { SharedLimiter } from './shared-limiter.js';
import { SharedCounts } from './shared-counts.js';
import type { SubscriberCounts } from '../subscribers/counts.js';

export type { WaitAllAnswer };

export interface ClusterDeps {
  readonly config: Config;
  readonly redisUrl: string;
  readonly log: Logger;
  readonly store: SnapshotStore;
  /** This replica's own Rescanner.trigger: relayed triggers coalesce with local ones. */
  readonly trigger: (reason: string) => Promise<RescanResult>;
  /** Replicas live, and whether this one serves the newest snapshot seen (metrics). */
  readonly gauges?: (replicas: number, current: boolean) => void;
}

export class Cluster implements VersionClaims {
  readonly id = `${os.hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  readonly #d: ClusterDeps;
  readonly #link: RedisLink;
  readonly #membership: Membership;
  readonly #relay: Relay;
  readonly #claims: Claims;
  #shared: SharedCounts | undefined;
  #closed = false;

  constructor(deps: ClusterDeps) {
    this.#d = deps;
    const { prefix, waitSeconds } = deps.config.cluster;
    const channel = `${prefix}:triggers`;
    let firstUp: () => void = () => {};
    const connected = new Promise<void>((resolve) => (firstUp = resolve));
    this.#link = new RedisLink({
      url: deps.redisUrl,
      log: deps.log,
      channel,
      onMessage: (text) => this.#relay.heard(text),
      onReconnect: () => void deps.trigger('cluster-reconnect').catch(() => undefined),
      onUp: () => {
        firstUp();
        void this.#membership.announce();
      },
    });
    this.#membership = new Membership({ id: this.id, config: deps.config, log: deps.log, store: deps.store, link: this.#link, gauges: deps.gauges });
    this.#relay = new Relay({
      id: this.id,
      channel,
      link: this.#link,
      store: deps.store,
      trigger: deps.trigger,
      live: () => this.#membership.live(),
      waitSeconds,
    });
    this.#claims = new Claims(this.id, prefix, this.#link, connected);
  }

  /** After the server listens: this replica announces itself from now on. */
  start(url: string): void {
    this.#membership.start(url);
  }

  /** A trigger this replica accepted (webhook, watcher): every other replica rescans too. */
  relay(reason: string): void {
    this.#relay.relay(reason);
  }

  /** `POST /hooks/rebuild?wait=all` (relay.ts). */
  waitAll(reason: string, local: (reason: string) => Promise<RescanResult>, report: (r: RescanResult) => unknown): Promise<WaitAllAnswer> {
    return this.#relay.waitAll(reason, local, report);
  }

  /** The webhook's failure limiter, counted in Redis while it answers. */
  limiter(local: FailureLimiter, limits: FailureLimits): Limiter {
    return new SharedLimiter(local, limits, this.#link, this.#d.config.cluster.prefix);
  }

  /** Subscriber counts of every replica together, exchanged every cluster.announceSeconds (shared-counts.ts). */
  shareCounts(counts: SubscriberCounts): void {
    this.#shared = new SharedCounts(this.#link, this.#d.config.cluster.prefix, counts, this.#d.config.subscribers.maxFeeds);
    this.#shared.start(this.#d.config.cluster.announceSeconds);
  }

  /** After every rescan: announce what this replica now serves. */
  rescanned(r: RescanResult): void {
    this.#membership.rescanned(r);
  }

  claimPings(changes: readonly FeedChange[]): Promise<readonly string[]> {
    return this.#claims.claimPings(changes);
  }

  claimUpload(current: Snapshot, previous: Snapshot | undefined): Promise<UploadClaim> {
    return this.#claims.claimUpload(current, previous);
  }

  /** What the link to Redis went through (RedisLink.counts): tests wait on it instead of sleeping. */
  get redisCounts(): LinkCounts {
    return this.#link.counts;
  }

  /** What /status shows: this replica, Redis's state, and the replicas that announced themselves lately. */
  status(): unknown {
    const own = this.#d.store.current ? snapshotId(this.#d.store.current) : null;
    const replicas = this.#membership.replicas;
    const newest = newestSnapshot(replicas);
    return {
      enabled: true,
      id: this.id,
      redis: { where: this.#link.where, connected: this.#link.up, usable: this.#link.usable },
      // As last read from Redis: while it is unreachable, the list of the last time it answered.
      snapshotId: own,
      current: newest === undefined || newest === own,
      replicas,
    };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#shared?.stop();
    this.#relay.close();
    await this.#membership.close();
    await this.#link.close();
  }
}
