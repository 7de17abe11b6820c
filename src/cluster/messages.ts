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
