// What the scan knows of one file: as listed, as read, and as remembered between scans.
import path from 'node:path';
import type { MediaStamp } from './media-files.js';
import type { ReadResult } from './read-post.js';

/** A file the listing found, with what the cache compares. */
export interface ListedFile {
  readonly rel: string;
  /** The folder walked (its real path), one string every file of a listing shares. */
  readonly root: string;
  /**
   * For a symbolic link, the path to open: its target's (never opened through a link). Other files are
   * opened at `root` + `rel` (openPath), made when read: a listing of a million files would keep a
   * hundred megabytes of paths.
   */
  readonly target?: string;
  /** Undefined on a first scan, which reads every file anyway: the open file tells (no `stat` each). */
  readonly size: number | undefined;
  readonly mtimeMs: number | undefined;
  /** The hash of the bytes the last scan read, when it read the file. */
  readonly hash?: string;
}

/** The path to open a listed file at. */
export function openPath(file: ListedFile): string {
  return file.target ?? `${file.root}${path.sep}${path.sep === '/' ? file.rel : file.rel.split('/').join(path.sep)}`;
}

/** A file's parse result, without its body (bodies are fetched separately, only when a feed needs one). */
export type FileResult = Exclude<ReadResult, { kind: 'post' }> | Omit<Extract<ReadResult, { kind: 'post' }>, 'body'>;

/** What reading one file gave: its parse, or why it could not be read. */
export type ReadOutcome =
  /** Read: the record to keep, made once (a million outcomes copied into records were a cold start's peak). */
  | { readonly kind: 'read'; readonly record: FileRecord }
  /** The bytes hash to `ListedFile.hash`: touched, not changed (a git checkout, a sync tool); not parsed. */
  | { readonly kind: 'same'; readonly size: number; readonly mtimeMs: number }
  | { readonly kind: 'unreadable'; readonly code: string };

/** What tells whether a file changed since it was read, and what its reading measured. */
export interface FileStamp {
  readonly size: number;
  readonly mtimeMs: number;
  readonly hash: string;
  /** The site's files the post links, as measured when it was read (media-files.ts); absent for none. */
  readonly media?: readonly MediaStamp[];
}

/**
 * A file's result with its stamp, in one object: one is kept per file for as long as the service runs,
 * and a result in an object of its own was 48 bytes more a file (a million files: 48 MB).
 */
export type FileRecord = FileResult & FileStamp;

/**
 * Every file a scan recorded, with what tells whether it changed (size and mtime), in columns: a warm
 * start compares the folder with it before it serves what a cache kept (cache/warm-cache.ts).
 */
export interface FileTable {
  readonly paths: readonly string[];
  readonly sizes: Float64Array;
  readonly mtimes: Float64Array;
  /** The paths joined by NUL (no path holds one), when the table came that way: see joinedTable. */
  readonly joined?: string;
}

/**
 * A table whose paths came as one NUL-joined string (a cache file's, a helper thread's listing), split
 * only when asked: two such tables of one folder compare as one string and two arrays of numbers, where
 * splitting them made two million strings at a million files (and the full collection that followed).
 */
export function joinedTable(joined: string, sizes: Float64Array, mtimes: Float64Array): FileTable {
  let paths: readonly string[] | undefined;
  return {
    joined,
    sizes,
    mtimes,
    get paths(): readonly string[] {
      paths ??= joined === '' ? [] : joined.split('\0');
      return paths;
    },
  };
}

/** How many paths a NUL-joined string holds. */
export function joinedCount(joined: string): number {
  if (joined === '') return 0;
  let count = 1;
  for (let at = joined.indexOf('\0'); at !== -1; at = joined.indexOf('\0', at + 1)) count++;
  return count;
}

/**
 * Whether two tables hold the same files with the same sizes and mtimes, in whatever order: what a rescan
 * compares. A generator (run it with runSliced) that yields every few thousand files: a million files
 * are most of a second.
 */
export function* sameFiles(first: FileTable, second: FileTable): Generator<void, boolean> {
  const n = first.sizes.length;
  if (n !== second.sizes.length) return false;
  // One joined, one not (a cache's table and a listing made on this thread): both joined, in slices,
  // rather than a million-path split in one piece.
  const [a, b] = first.joined === undefined && second.joined === undefined ? [first, second] : [yield* joined(first), yield* joined(second)];
  // Two walks of one folder line up (a cache written after a cold scan, and the listing at start): the
  // paths both list first, in one order, are compared in step, with no index of a million paths (0.4 s
  // and its garbage at a million files); two joined tables as strings, without making a path.
  const same = a.joined !== undefined && b.joined !== undefined ? yield* joinedPrefix(a.joined, b.joined, n) : yield* arrayPrefix(a.paths, b.paths);
  for (let i = 0; i < same.count; i++) {
    if (a.sizes[i] !== b.sizes[i] || a.mtimes[i] !== b.mtimes[i]) return false;
    if (i % NUMBERS_STEP === NUMBERS_STEP - 1) yield;
  }
  if (same.count === n) return true;
  // Out of step from there on: the rest of each, by path.
  const index = new Map<string, number>();
  let i = same.count;
  for (const path of tablePaths(a, same)) {
    index.set(path, i++);
    if (i % STEP === 0) yield;
  }
  let j = same.count;
  for (const path of tablePaths(b, same)) {
    const at = index.get(path);
    if (at === undefined || a.sizes[at] !== b.sizes[j] || a.mtimes[at] !== b.mtimes[j]) return false;
    if (++j % STEP === 0) yield;
  }
  return j === n;
}

/** How many paths two tables list first in the same order, and (joined) where the next one starts. */
export interface Prefix {
  readonly count: number;
  readonly char: number;
}

function* arrayPrefix(a: readonly string[], b: readonly string[]): Generator<void, Prefix> {
  let count = 0;
  while (count < a.length && count < b.length && a[count] === b[count]) {
    if (++count % STEP === 0) yield;
  }
  return { count, char: -1 };
}

/** The table, joined (as it is, or its paths joined a slice at a time). */
function* joined(table: FileTable): Generator<void, FileTable> {
  if (table.joined !== undefined) return table;
  return joinedTable(yield* joinedInSlices(table.paths), table.sizes, table.mtimes);
}

/** Paths joined by NUL, `step` of them between two yields (a million in one join held the loop ~0.1 s). */
export function* joinedInSlices(paths: Iterable<string>, step = STEP): Generator<void, string> {
  const parts: string[] = [];
  let slice: string[] = [];
  for (const path of paths) {
    slice.push(path);
    if (slice.length === step) {
      parts.push(slice.join('\0'));
      slice = [];
      yield;
    }
  }
  if (slice.length > 0) parts.push(slice.join('\0'));
  return parts.join('\0');
}

/** Characters compared at once: a slice of each string (no copy) and one comparison of their bytes. */
const CHUNK = 1 << 16;

function* joinedPrefix(a: string, b: string, n: number): Generator<void, Prefix> {
  if (a === b) return { count: n, char: a.length };
  const end = Math.min(a.length, b.length);
  let at = 0;
  while (at + CHUNK <= end && a.slice(at, at + CHUNK) === b.slice(at, at + CHUNK)) {
    at += CHUNK;
    if ((at / CHUNK) % 64 === 0) yield;
  }
  while (at < end && a.charCodeAt(at) === b.charCodeAt(at)) at++;
  // The paths whose NUL comes before the first difference are the same in both; the next starts after it.
  const char = at === 0 ? 0 : a.lastIndexOf('\0', at - 1) + 1;
  let count = 0;
  for (let nul = a.indexOf('\0'); nul !== -1 && nul < char; nul = a.indexOf('\0', nul + 1)) {
    if (++count % NUMBERS_STEP === 0) yield;
  }
  return { count, char };
}

const START: Prefix = { count: 0, char: 0 };

/**
 * A table's paths in order, from the start or after a common prefix: from its joined string when it has
 * one (no array of them all is made).
 */
export function* tablePaths(table: FileTable, prefix: Prefix = START): Generator<string> {
  if (prefix.char < 0 || table.joined === undefined) {
    for (let i = prefix.count; i < table.paths.length; i++) yield table.paths[i] as string;
    return;
  }
  const text = table.joined;
  for (let from = prefix.char; from < text.length; ) {
    const nul = text.indexOf('\0', from);
    const to = nul === -1 ? text.length : nul;
    yield text.slice(from, to);
    from = to + 1;
  }
}

/** Files looked at between two yields of the scanning generators (here and scan.ts): a few milliseconds. */
export const FILES_PER_YIELD = 4096;
const STEP = FILES_PER_YIELD;
/** Numbers compared between two yields: a comparison is a nanosecond or two. */
const NUMBERS_STEP = 1 << 16;
