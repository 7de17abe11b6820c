// The warm state as the cache file's sections, and back: two groups, what a start serves at once and
// checks it by (the documents, and the table of the files they were built from), then what the first
// rescan takes over (records, contents, items). Pure: warm-cache.ts reads and writes the file.
import { compactRecord } from '../posts/compact-record.js';
import { joinedCount, joinedInSlices, joinedTable, type FileRecord, type FileTable } from '../posts/scanned-file.js';
import type { PreparedContent } from '../render/feed-document.js';
import type { ItemPiecesMap, PostItems } from '../snapshot/item-cache.js';
import { DocumentBody } from '../snapshot/body.js';
import type { Snapshot, SnapshotEntry } from '../snapshot/snapshot.js';
import { CacheUnusable } from '../errors.js';
import type { Decoded, DecoderOptions, Section } from './codec.js';

/**
 * What a rescan knows that a restart would otherwise make again. Its maps are never changed once a state
 * holds them (the rescanner makes new ones): a write takes them a frame at a time, over seconds.
 */
export interface WarmState {
  readonly records: ReadonlyMap<string, FileRecord>;
  readonly contents: ReadonlyMap<string, PreparedContent>;
  readonly items: ItemPiecesMap;
  readonly snapshot: Snapshot;
  /** When the first scheduled post falls due (undefined: none is): the documents are out of date from then. */
  readonly dueAt: number | undefined;
}

/** The first part: the documents, and what tells whether they still hold. */
export interface FirstPart {
  readonly snapshot: Snapshot;
  /** Every file the documents were built from, as its scan saw it. */
  readonly files: FileTable;
  readonly dueAt: number | undefined;
}

/**
 * The file's two parts: what a start serves at once and checks it by; then what the first rescan takes
 * over. `table` is the records' file table, encoded beforehand (tableOf, in slices).
 */
export function partsOf(state: WarmState, table: EncodedTable): Section[][] {
  return [
    [
      ['files', [table]],
      ['entries', [...state.snapshot.entries.values()].map(entryOnDisk)],
      ['snapshot', [snapshotFields(state)]],
    ],
    [
      // Taken from the maps a frame at a time (they are never changed once a state holds them).
      ['records', state.records],
      ['contents', state.contents],
      ['items', state.items],
    ],
  ];
}

/** The snapshot's own small fields as kept (the file's and each journal frame's), with `dueAt`. */
export type SnapshotFields = Omit<Snapshot, 'entries' | 'archive' | 'scopeIndex' | 'site'> & { readonly dueAt: number | null };

export function snapshotFields(state: Pick<WarmState, 'snapshot' | 'dueAt'>): SnapshotFields {
  // The archive and scope indexes are the scopes' post lists, and the site is the Liquid site they were
  // rendered with: all made again by the first rescan, not kept on disk.
  const { entries: _entries, archive: _archive, scopeIndex: _scopeIndex, site: _site, ...snapshot } = state.snapshot;
  return { ...snapshot, dueAt: state.dueAt ?? null };
}

/** A snapshot entry as kept: a DocumentBody is a class, so its chunks are kept and the body made again from them. */
export type EntryOnDisk = Omit<SnapshotEntry, 'body'> & { readonly body: readonly Buffer[] };

export function entryOnDisk(entry: SnapshotEntry): EntryOnDisk {
  return { ...entry, body: entry.body.chunks };
}

export function entryFromDisk(entry: EntryOnDisk): SnapshotEntry {
  return { ...entry, body: new DocumentBody(entry.body) };
}

function section(sections: ReadonlyMap<string, Decoded>, name: string): unknown[] {
  const values = sections.get(name);
  if (!Array.isArray(values)) throw new CacheUnusable(`no ${name} section`);
  return values;
}

function keyed<K, V>(sections: ReadonlyMap<string, Decoded>, name: string): Map<K, V> {
  const values = sections.get(name);
  if (!(values instanceof Map)) throw new CacheUnusable(`no ${name} section`);
  return values as Map<K, V>;
}

export function firstPartOf(sections: ReadonlyMap<string, Decoded>): FirstPart {
  const entries = (section(sections, 'entries') as EntryOnDisk[]).map(entryFromDisk);
  const [rest] = section(sections, 'snapshot') as SnapshotFields[];
  const [table] = section(sections, 'files') as EncodedTable[];
  if (!rest || !table) throw new CacheUnusable('no snapshot');
  const { dueAt, ...snapshot } = rest;
  return { snapshot: { ...snapshot, entries: new Map(entries.map((e) => [e.path, e])) }, files: decodeTable(table), dueAt: dueAt ?? undefined };
}

/**
 * A value of the second part or of a journal frame as it is decoded (CacheDecoder): records are made
 * compact at once (posts/compact-record.ts), so that a million decoded ones are never held beside their
 * compact copies (the peak of a warm start at a million posts).
 */
export function revived(section: string, value: unknown): unknown {
  if (section !== 'records') return value;
  const [rel, record] = value as [string, FileRecord];
  return [rel, compactRecord(rel, record)];
}

/**
 * How the cache file is decoded: records made compact as they come, and the second part's sections
 * straight into the maps the rescanner takes over (a million pairs in an array first were ~70 MB more at
 * the peak of a warm start, and a quarter of a second of map inserts after it).
 */
export const DECODING: DecoderOptions = { revive: revived, keyed: new Set(['records', 'contents', 'items']) };

/** The second part, in maps of the caller's own (a journal's frames are applied to them: journal.ts). */
export function restOf(sections: ReadonlyMap<string, Decoded>): {
  records: Map<string, FileRecord>;
  contents: Map<string, PreparedContent>;
  items: Map<string, PostItems>;
} {
  return { records: keyed(sections, 'records'), contents: keyed(sections, 'contents'), items: keyed(sections, 'items') };
}

/** A FileTable on disk: paths joined by NUL (no path holds one), sizes and times as raw float64s. */
export interface EncodedTable {
  readonly paths: string;
  readonly sizes: Buffer;
  readonly mtimes: Buffer;
}

/**
 * The records' file table as the file keeps it. A generator (run it with runSliced): at a million records
 * the keys' join and the numbers' copy were a quarter of a second in one piece, after every whole write.
 */
export function* tableOf(records: ReadonlyMap<string, Pick<FileRecord, 'size' | 'mtimeMs'>>): Generator<void, EncodedTable> {
  const sizes = new Float64Array(records.size);
  const mtimes = new Float64Array(records.size);
  // One pass: each record's numbers are copied as its path goes to the join.
  function* paths(): Generator<string> {
    let i = 0;
    for (const [path, record] of records) {
      sizes[i] = record.size;
      mtimes[i++] = record.mtimeMs;
      yield path;
    }
  }
  const joined = yield* joinedInSlices(paths(), TABLE_STEP);
  const raw = (a: Float64Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  return { paths: joined, sizes: raw(sizes), mtimes: raw(mtimes) };
}

/** Records put in the table between two yields. */
const TABLE_STEP = 16_384;

export function decodeTable(t: EncodedTable): FileTable {
  const count = joinedCount(t.paths);
  // Copied: a view of the file need not be 8-byte aligned, as a Float64Array must be.
  const floats = (b: Buffer): Float64Array => new Float64Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.length));
  const sizes = floats(t.sizes);
  const mtimes = floats(t.mtimes);
  if (sizes.length !== count || mtimes.length !== count) throw new CacheUnusable('the file table does not add up');
  return joinedTable(t.paths, sizes, mtimes);
}
