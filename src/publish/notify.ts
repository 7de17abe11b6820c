// After each new version, what the outside hears and in which order: the bucket gets the new objects, the
// CDN forgets the old ones, then the WebSub hubs are told which feeds changed, by one replica per change.
// `serve` (after each swap), `feedwright publish` (once) and the replicas (through VersionClaims) all go
// through here; none of them knows the order. Without a bucket the feeds are served by feedwright itself,
// so the hubs are told at the swap.
import type { Config } from '../config/schema.js';
import type { Logger } from '../log.js';
import { changedFeedUrls, isFeedPath } from '../snapshot/feeds.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import type { BucketPublisher, BucketStatus, UploadClaim } from './bucket/background.js';
import { PublishFailure, type Landed } from '../errors.js';
import type { Purger, PurgeStatus } from './bucket/purge.js';
import type { WebSubPublisher } from './websub.js';

/** One feed's change, by the identity ETags it had before and has now ('-': absent). */
export interface FeedChange {
  readonly path: string;
  readonly before: string;
  readonly after: string;
}

/** With replicas (src/cluster/): which of them uploads a version and which pings a feed's change. */
export interface VersionClaims {
  /** Whether this replica uploads `current`, reached from `previous`; `done` tells how the upload ended. */
  claimUpload(current: Snapshot, previous: Snapshot | undefined): Promise<UploadClaim>;
  /** The paths among `changes` this replica pings (each change is pinged by one replica). */
  claimPings(changes: readonly FeedChange[]): Promise<readonly string[]>;
}

export interface NotifyParts {
  readonly config: Config;
  readonly log: Logger;
  /** The WebSub hubs (websub.hubs); undefined: none, or `--no-ping`. */
  readonly hubs?: WebSubPublisher | undefined;
  /** serve with publish.onRescan: the background uploads. */
  readonly bucket?: BucketPublisher | undefined;
  /** publish.purge: the CDN forgets the public URLs of what an upload replaced or removed. */
  readonly purger?: Purger | undefined;
  /** Public URL of a served path (render/ is upstream of publish/: the caller says). */
  readonly publicUrl: (path: string) => string;
  /** Replicas; read when first needed (the cluster is made after the parts it claims for). */
  readonly claims?: () => VersionClaims | undefined;
}

/** What one upload's announcement did. */
export interface Told {
  /** Undefined: no purge configured, or nothing to purge. */
  readonly purge: PurgeStatus | undefined;
  /** Feed URLs the hubs were asked to hear of (0 without hubs). */
  readonly pinged: number;
}

export class Notifier {
  readonly #p: NotifyParts;
  #previous: Snapshot | undefined;
  /** Announcements one after another, beside the uploads (never holding them up). */
  #announcing: Promise<unknown> = Promise.resolve();

  constructor(parts: NotifyParts) {
    this.#p = parts;
  }

  /**
   * serve: the rescan swapped `current` in (with `changed` paths); returns at once. With a bucket, every
   * version is uploaded, the one at start too (an upload that failed before a stop is made up for), and
   * announced when it has landed. Without one, the hubs hear of the changed feeds now; the scan at start
   * pings nothing, since nothing is known to have changed.
   */
  newVersion(current: Snapshot, rescan: { readonly reason: string; readonly changed: readonly string[] }): void {
    const previous = this.#previous;
    this.#previous = current;
    const { bucket, hubs, config, claims } = this.#p;
    if (bucket) {
      bucket.push(current);
      return;
    }
    const feeds = rescan.changed.filter(isFeedPath);
    if (!hubs || rescan.reason === 'start' || feeds.length === 0) return;
    const replicas = claims?.();
    if (!replicas) {
      hubs.publish(changedFeedUrls(feeds, config));
      return;
    }
    const changes = feeds.map((path) => ({ path, before: etag(previous, path), after: etag(current, path) }));
    this.#announcing = this.#announcing
      .then(() => replicas.claimPings(changes))
      .then((won) => hubs.publish(changedFeedUrls(won, config)))
      .catch((err: unknown) => this.#p.log.error({ err }, 'websub: claiming pings failed'));
  }

  /**
   * Feeds that are no snapshot document changed (query feeds a rescan made again, docs/guides/query-feeds-and-subscribers.md):
   * the hubs hear of them now. Each replica tells of the ones it keeps; a hub takes a repeated ping.
   */
  feedsChanged(urls: readonly string[]): void {
    if (urls.length > 0) this.#p.hubs?.publish(urls);
  }

  /** Pings queued, waiting to retry or in flight (/status). */
  get backlog(): number {
    return this.#p.hubs?.backlog ?? 0;
  }

  /** The bucket's publishing state (/status), or null without publish.onRescan. */
  get bucketStatus(): BucketStatus | null {
    return this.#p.bucket?.status ?? null;
  }

  /** The claim a background upload asks for (set on the BucketPublisher by the service). */
  claimUpload(current: Snapshot, previous: Snapshot | undefined): Promise<UploadClaim> {
    return this.#p.claims?.()?.claimUpload(current, previous) ?? Promise.resolve({ won: true, done: () => undefined });
  }

  /**
   * An upload landed in the bucket: the CDN forgets the old copies, then the hubs hear of the changed feeds
   * (so a subscriber fetching at once never gets the old bytes from the bucket or the CDN). serve calls it
   * for each background upload (queued, in order), `feedwright publish` once, and waits.
   */
  landed(landed: Landed): Promise<Told> {
    const told = this.#announcing.then(() => this.#tell(landed));
    this.#announcing = told.catch(() => undefined);
    return told;
  }

  /**
   * `feedwright publish`: `upload` puts one version in the bucket (this process, at once), then it is
   * announced. A failed upload whose new version is in place all the same (a failed deletion) is announced
   * too, and its failure thrown on. Pings may still be in flight when this returns: idle() waits for them.
   */
  async uploadOnce<R extends Landed>(upload: () => Promise<R>): Promise<{ readonly result: R; readonly told: Told }> {
    try {
      const result = await upload();
      return { result, told: await this.landed(result) };
    } catch (err) {
      if (err instanceof PublishFailure && err.landed) await this.landed(err.landed);
      throw err;
    }
  }

  /** Settles when every upload, purge and ping queued so far has ended (a CLI waits on it; so do tests). */
  async idle(): Promise<void> {
    await this.#p.bucket?.idle();
    await this.#announcing;
    await this.#p.hubs?.idle();
  }

  /** Stops: uploads, purges and pings in flight get `graceMs`, then are aborted. */
  async close(graceMs: number): Promise<void> {
    this.#p.purger?.close();
    await this.#p.hubs?.close(graceMs);
    await this.#p.bucket?.close(graceMs);
  }

  async #tell({ changed, stale }: Landed): Promise<Told> {
    const { purger, hubs, config, log, publicUrl } = this.#p;
    let purge: PurgeStatus | undefined;
    if (purger && stale.length > 0) {
      purge = await purger.purge(stale.map(publicUrl));
      if (purge.ok) log.info({ urls: purge.urls, attempts: purge.attempts }, 'purge');
      else log.error({ urls: purge.urls, attempts: purge.attempts, reason: purge.reason }, 'purge failed; the CDN may serve the old bytes until they expire');
    }
    const feeds = hubs ? changedFeedUrls(changed, config) : [];
    if (feeds.length > 0) hubs?.publish(feeds);
    return { purge, pinged: feeds.length };
  }
}

function etag(snapshot: Snapshot | undefined, path: string): string {
  return snapshot?.entries.get(path)?.etags.identity ?? '-';
}
