// Which replica tells the outside of a version (publish/notify.ts asks): one uploads it to the bucket, one
// pings the hubs per feed change. A claim is a Redis key set only if absent; Redis down means every
// replica acts as a lone one would (a second upload finds the manifest up to date, a second ping costs a
// hub one fetch; a missing one would cost subscribers the update).
import { createHash } from 'node:crypto';
import type { UploadClaim } from '../publish/bucket/background.js';
import type { FeedChange, VersionClaims } from '../publish/notify.js';
import { snapshotId } from '../snapshot/snapshot-id.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import type { RedisLink } from './redis-link.js';

/** A version of a feed is pinged by one replica; the key outlives the time replicas take to catch up. */
const PING_CLAIM_MS = 60 * 60_000;

/**
 * A version is uploaded by one replica. The key is held while it uploads (at most this long, should the
 * replica die), then kept only briefly: long enough for the replicas that rescanned the same change to see
 * it, short enough that the same change made again later (A → B → A → B) is uploaded again.
 */
const UPLOAD_HOLD_MS = 15 * 60_000;
const UPLOAD_KEEP_MS = 60_000;
/** An upload claim waits this long for a connection that has not come up yet (ioredis's connect timeout). */
const FIRST_CONNECT_WAIT_MS = 2000;

export class Claims implements VersionClaims {
  readonly #id: string;
  readonly #prefix: string;
  readonly #link: RedisLink;
  /** Settles when the link first comes up: the scan at start ends before it may have. */
  readonly #connected: Promise<void>;

  constructor(id: string, prefix: string, link: RedisLink, connected: Promise<void>) {
    this.#id = id;
    this.#prefix = prefix;
    this.#link = link;
    this.#connected = connected;
  }

  /** One key per change (ETag before and after), so a feed that changes back later (A → B → A) is pinged again. */
  async claimPings(changes: readonly FeedChange[]): Promise<readonly string[]> {
    const won: string[] = [];
    for (const { path, before, after } of changes) {
      const key = `${this.#prefix}:websub:${hash(`${path}\0${before}\0${after}`)}`;
      // null: another replica holds the key; undefined: Redis did not answer.
      const claim = await this.#link.call((cmd) => cmd.set(key, this.#id, 'PX', PING_CLAIM_MS, 'NX'));
      if (claim !== null) won.push(path);
    }
    return won;
  }

  /** Whether this replica uploads `current`, as a change from `previous`; a failed upload gives the claim back. */
  async claimUpload(current: Snapshot, previous: Snapshot | undefined): Promise<UploadClaim> {
    const key = `${this.#prefix}:upload:${hash(`${previous ? snapshotId(previous) : '-'}\0${snapshotId(current)}`)}`;
    // Every replica's first version is ready before its connection is: wait for it a little, or all upload.
    if (!this.#link.up) await Promise.race([this.#connected, new Promise((resolve) => setTimeout(resolve, FIRST_CONNECT_WAIT_MS).unref())]);
    const claim = await this.#link.call((cmd) => cmd.set(key, this.#id, 'PX', UPLOAD_HOLD_MS, 'NX'));
    if (claim === null) return { won: false, done: () => undefined };
    return {
      won: true,
      done: (ok) => void this.#link.call((cmd) => (ok ? cmd.pexpire(key, UPLOAD_KEEP_MS) : cmd.del(key))),
    };
  }
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}
