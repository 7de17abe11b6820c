// The warm cache's journal: what each rescan changed since the cache file was last written whole, one
// frame per rescan, so that an edit at a million posts writes its record and the few documents it
// changed, not a gigabyte again. The journal opens with a line naming the whole file it follows (its
// id); each frame is its length, then a small cache stream of its own (codec.ts: the header with that id,
// V8's serialization, a checksum). A start applies the frames in order up to the first that is not whole
// (a write cut by a crash or a full disk): every prefix of the frames is a state some rescan saved, so
// what it serves is always what a start after a whole write of that state would. Pure: warm-cache.ts
// reads and writes the files.
import { joinedTable, tablePaths, type FileRecord, type FileTable } from '../posts/scanned-file.js';
import type { PreparedContent } from '../render/feed-document.js';
import type { PostItems } from '../snapshot/item-cache.js';
import type { Snapshot, SnapshotEntry } from '../snapshot/snapshot.js';
import { LayeredMap } from '../layered-map.js';
import { compareText } from '../order.js';
import { CacheDecoder, encodeCache, type CacheHeader, type Decoded } from './codec.js';
import { entryFromDisk, entryOnDisk, revived, snapshotFields, type EntryOnDisk, type FirstPart, type SnapshotFields, type WarmState } from './state-parts.js';

const MAGIC = 'feedwright-journal\n';
/** Each frame's length, before it. */
export const LENGTH_BYTES = 4;

/** What one rescan changed in the warm state: each map's keys set (or changed) and gone, and the snapshot's fields. */
export interface JournalDelta {
  readonly records: readonly (readonly [string, FileRecord])[];
  readonly recordsGone: readonly string[];
  readonly contents: readonly (readonly [string, PreparedContent])[];
  readonly contentsGone: readonly string[];
  readonly items: readonly (readonly [string, PostItems])[];
  readonly itemsGone: readonly string[];
  readonly entries: readonly SnapshotEntry[];
  readonly entriesGone: readonly string[];
  /** Small and always whole: the scopes' summaries, the post count, the site's version, when a post falls due. */
  readonly fields: SnapshotFields;
}

/**
 * What changed from `written` (the state the files hold) to `next`; undefined when the records cannot
 * tell it without a pass over every one (they were folded into a new base, or made anew by a whole walk
 * that found a change): then the whole file is written. The contents, items and documents are compared
 * by identity (a rescan keeps each one it did not make again): no value is encoded to find a change.
 */
export function deltaOf(written: WarmState, next: WarmState): JournalDelta | undefined {
  const records = LayeredMap.changes(written.records, next.records);
  if (!records) return undefined;
  const contents = mapChanges(written.contents, next.contents);
  const items = mapChanges(written.items, next.items, samePieces);
  const entries = mapChanges(written.snapshot.entries, next.snapshot.entries);
  return {
    records: records.set,
    recordsGone: records.gone,
    contents: contents.set,
    contentsGone: contents.gone,
    items: items.set,
    itemsGone: items.gone,
    entries: entries.set.map(([, e]) => e),
    entriesGone: entries.gone,
    fields: snapshotFields(next),
  };
}

/** Whether a delta changes nothing the files hold (then no frame is written). */
export function isEmpty(delta: JournalDelta, written: WarmState): boolean {
  const counts = [delta.records, delta.recordsGone, delta.contents, delta.contentsGone, delta.items, delta.itemsGone, delta.entries, delta.entriesGone];
  return counts.every((list) => list.length === 0) && JSON.stringify(delta.fields) === JSON.stringify(snapshotFields(written));
}

/** The journal's first line: it follows the whole file of this id. */
export function journalHead(id: string): Buffer {
  return Buffer.from(`${MAGIC}${JSON.stringify({ follows: id })}\n`, 'utf8');
}

/** One frame: its length, then the delta as a cache stream under `header` (the whole file's, with its id). */
export function encodeFrame(header: Omit<CacheHeader, 'groups'> & { readonly id: string }, delta: JournalDelta): Buffer {
  const stream = encodeCache(header, [
    [
      ['records', delta.records],
      ['recordsGone', delta.recordsGone],
      ['contents', delta.contents],
      ['contentsGone', delta.contentsGone],
      ['items', delta.items],
      ['itemsGone', delta.itemsGone],
      ['entries', delta.entries.map(entryOnDisk)],
      ['entriesGone', delta.entriesGone],
      ['fields', [delta.fields]],
    ],
  ]);
  const body = Buffer.concat([...stream]);
  const length = Buffer.allocUnsafe(LENGTH_BYTES);
  length.writeUInt32LE(body.length);
  return Buffer.concat([length, body]);
}

/** What a journal frame's decoding takes between two yields (a few ms of decoding). */
const PUSH_BYTES = 1 << 20;

/**
 * One frame's body (after its length) as a delta, if it is whole and follows the file `id`; else
 * undefined (a cut, corrupt or foreign frame: the reader stops there). Yields between pieces of it.
 */
export function* readFrame(body: Buffer, id: string): Generator<void, JournalDelta | undefined> {
  try {
    const decoder = new CacheDecoder(body.length, { revive: revived });
    // A piece at a time, yielding between: the decoder decodes as it takes bytes, and a frame may be
    // a quarter of the file's size (warm-cache.ts).
    for (let at = 0; at < body.length; yield) at += decoder.push(body.subarray(at, Math.min(at + PUSH_BYTES, body.length)));
    if (!decoder.complete || decoder.header?.id !== id) return undefined;
    return deltaFrom(decoder.nextGroup());
  } catch {
    // The decoder throws CacheUnusable for every kind of damage; the caller says it once.
    return undefined;
  }
}

function deltaFrom(sections: ReadonlyMap<string, Decoded>): JournalDelta | undefined {
  const list = <T>(name: string): T[] => {
    const values = sections.get(name);
    if (!Array.isArray(values)) throw new Error(`no ${name}`);
    return values as T[];
  };
  const [fields] = list<SnapshotFields>('fields');
  if (!fields) return undefined;
  return {
    records: list('records'),
    recordsGone: list('recordsGone'),
    contents: list('contents'),
    contentsGone: list('contentsGone'),
    items: list('items'),
    itemsGone: list('itemsGone'),
    entries: list<EntryOnDisk>('entries').map(entryFromDisk),
    entriesGone: list('entriesGone'),
    fields,
  };
}

/**
 * The first part (documents, the file table) with the deltas applied, in order: what a whole write of the
 * last state holds (its table in another order, which a comparison does not mind). A generator (run it
 * with runSliced): at a million files the table is patched a slice at a time, never put in a map.
 */
export function* applyingToFirst(first: FirstPart, deltas: readonly JournalDelta[]): Generator<void, FirstPart> {
  const last = deltas.at(-1);
  if (!last) return first;
  const entries = new Map(first.snapshot.entries);
  // Each path's last word: its numbers now, or gone.
  const now = new Map<string, Pick<FileRecord, 'size' | 'mtimeMs'> | undefined>();
  for (const delta of deltas) {
    for (const path of delta.entriesGone) entries.delete(path);
    for (const entry of delta.entries) entries.set(entry.path, entry);
    for (const path of delta.recordsGone) now.set(path, undefined);
    for (const [path, record] of delta.records) now.set(path, record);
  }
  const { dueAt, ...fields } = last.fields;
  // In the order a build makes them (snapshot/build.ts), as a whole write keeps them.
  const sorted = new Map([...entries].sort(([a], [b]) => compareText(a, b)));
  const snapshot: Snapshot = { ...fields, entries: sorted };
  return { snapshot, files: yield* patchedTable(first.files, now), dueAt: dueAt ?? undefined };
}

/** Paths looked at between two yields of patchedTable. */
const PATHS_PER_YIELD = 16_384;

/** `table` with the paths `now` names given their new numbers or dropped (undefined), and its new paths after the rest. */
function* patchedTable(table: FileTable, now: ReadonlyMap<string, Pick<FileRecord, 'size' | 'mtimeMs'> | undefined>): Generator<void, FileTable> {
  const paths: string[] = [];
  const sizes: number[] = [];
  const mtimes: number[] = [];
  const seen = new Set<string>();
  let i = 0;
  for (const path of tablePaths(table)) {
    const named = now.has(path);
    const record = named ? now.get(path) : { size: table.sizes[i] as number, mtimeMs: table.mtimes[i] as number };
    if (named) seen.add(path);
    if (record) {
      paths.push(path);
      sizes.push(record.size);
      mtimes.push(record.mtimeMs);
    }
    if (i++ % PATHS_PER_YIELD === PATHS_PER_YIELD - 1) yield;
  }
  for (const [path, record] of now) {
    if (seen.has(path) || !record) continue;
    paths.push(path);
    sizes.push(record.size);
    mtimes.push(record.mtimeMs);
  }
  return joinedTable(paths.join('\0'), Float64Array.from(sizes), Float64Array.from(mtimes));
}

/** The records, contents and items (maps of the caller's own, changed in place) with the deltas applied, in order. */
export function applyToRest(
  rest: { records: Map<string, FileRecord>; contents: Map<string, PreparedContent>; items: Map<string, PostItems> },
  deltas: readonly JournalDelta[],
): void {
  for (const delta of deltas) {
    for (const path of delta.recordsGone) rest.records.delete(path);
    for (const [path, record] of delta.records) rest.records.set(path, record);
    for (const key of delta.contentsGone) rest.contents.delete(key);
    for (const [key, content] of delta.contents) rest.contents.set(key, content);
    for (const key of delta.itemsGone) rest.items.delete(key);
    for (const [key, items] of delta.items) rest.items.set(key, items);
  }
}

/**
 * A post's items, format by format: a build that renders a feed again copies the record of each item it
 * takes over (snapshot/item-cache.ts `want`), so the record is new while every piece in it is the one before.
 */
function samePieces(a: PostItems, b: PostItems): boolean {
  if (a === b) return true;
  const keys = Object.keys(b) as (keyof PostItems)[];
  return keys.length === Object.keys(a).length && keys.every((k) => a[k] === b[k]);
}

/** Keys set or changed (by identity, or `same`) and keys gone, from one map to the next: a pass of comparisons, nothing encoded. */
function mapChanges<K, V>(before: ReadonlyMap<K, V>, after: ReadonlyMap<K, V>, same = (a: V, b: V) => a === b): { set: [K, V][]; gone: K[] } {
  const set: [K, V][] = [];
  const gone: K[] = [];
  if (before === after) return { set, gone };
  for (const [k, v] of after) {
    const was = before.get(k);
    if (was === undefined || !same(was, v)) set.push([k, v]);
  }
  for (const k of before.keys()) if (!after.has(k)) gone.push(k);
  return { set, gone };
}
