// What replicas say to each other on the channel and in their announce keys, and the checks that read
// them back: a message from another version or a stray publisher is ignored, never trusted.

/** "Rescan": a replica accepted a trigger (webhook, watcher). `request` asks for a `swapped` reply. */
export interface TriggerMessage {
  readonly type: 'trigger';
  readonly from: string;
  readonly reason: string;
  readonly request?: string;
}

/** "I have swapped for that request": the reply `?wait=all` collects. */
export interface SwappedMessage {
  readonly type: 'swapped';
  readonly from: string;
  readonly request: string;
  readonly snapshotId: string | null;
  readonly ok: boolean;
}

export type Message = TriggerMessage | SwappedMessage;

/** What a replica's key says about it (refreshed; it expires when the replica stops refreshing). */
export interface Announcement {
  readonly id: string;
  readonly version: string;
  readonly url: string | null;
  readonly startedAt: string;
  readonly snapshotId: string | null;
  /** When the last rescan that published started (ISO), and whether it was ok. */
  readonly lastRescan: string | null;
  readonly ok: boolean;
}

type Json = Record<string, unknown>;

function object(text: string): Json | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
  } catch {
    return undefined;
  }
}

const str = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 500;
const strOrNull = (v: unknown): v is string | null => v === null || str(v);

export function parseMessage(text: string): Message | undefined {
  const m = object(text);
  if (!m || !str(m.from)) return undefined;
  if (m.type === 'trigger' && str(m.reason) && (m.request === undefined || str(m.request))) {
    return { type: 'trigger', from: m.from, reason: m.reason, ...(m.request !== undefined ? { request: m.request } : {}) };
  }
  if (m.type === 'swapped' && str(m.request) && strOrNull(m.snapshotId) && typeof m.ok === 'boolean') {
    return { type: 'swapped', from: m.from, request: m.request, snapshotId: m.snapshotId, ok: m.ok };
  }
  return undefined;
}

export function parseAnnouncement(text: string | null): Announcement | undefined {
  const a = text === null ? undefined : object(text);
  if (!a || !str(a.id) || !str(a.version) || !strOrNull(a.url) || !str(a.startedAt)) return undefined;
  if (!strOrNull(a.snapshotId) || !strOrNull(a.lastRescan) || typeof a.ok !== 'boolean') return undefined;
  return { id: a.id, version: a.version, url: a.url, startedAt: a.startedAt, snapshotId: a.snapshotId, lastRescan: a.lastRescan, ok: a.ok };
}

/** A replica key as read back: its name, its time to live in ms (-1: none, so it was removed), its text. */
export type KeyRow = readonly [key: string, ttlMs: number, value: string | null];

/** What a reading of the replica keys found: the live replicas, and the keys it did not count, with why. */
export interface Reading {
  readonly live: Announcement[];
  readonly ignored: readonly { readonly key: string; readonly why: string }[];
}

/**
 * The replicas that are alive: a key expires unless its replica renews it, so only a key that expires within
 * `maxTtlMs` (this replica's own expiry, cluster.announceSeconds) was renewed lately and counts. A key without
 * expiry is no replica's (every replica writes with one; the reader removed it), a longer one renews nothing
 * for that long, and one whose text names another id would stand in for that replica: none counts, so no
 * forgotten or forged key can hold `?wait=all` for longer than a real replica's missing refreshes could.
 */
export function readReplicas(prefix: string, rows: readonly KeyRow[], maxTtlMs: number): Reading {
  const live: Announcement[] = [];
  const ignored: { key: string; why: string }[] = [];
  for (const [key, ttl, value] of rows) {
    if (ttl === -1) {
      ignored.push({ key, why: 'it had no expiry, which no replica writes: removed' });
      continue;
    }
    if (ttl > maxTtlMs) {
      ignored.push({
        key,
        why: `it expires in ${Math.ceil(ttl / 1000)} s, later than cluster.announceSeconds (${maxTtlMs / 1000} s) here: not renewed by a live replica, or by one configured otherwise`,
      });
      continue;
    }
    const a = parseAnnouncement(value);
    if (!a || key !== `${prefix}:replica:${a.id}`) {
      ignored.push({ key, why: 'it is not the announcement of the replica it is named for' });
      continue;
    }
    live.push(a);
  }
  live.sort((a, b) => (a.id < b.id ? -1 : 1));
  return { live, ignored };
}

/**
 * The snapshot id of the newest good rescan among `replicas`: what every replica should serve once the
 * cluster has settled. Undefined when none has published yet.
 */
export function newestSnapshot(replicas: readonly Announcement[]): string | undefined {
  let best: Announcement | undefined;
  for (const r of replicas) {
    if (!r.ok || r.snapshotId === null || r.lastRescan === null) continue;
    if (!best || (best.lastRescan as string) < r.lastRescan) best = r;
  }
  return best?.snapshotId ?? undefined;
}
