// What the scan knows of one file: as listed, as read, and as remembered between scans.
import type { MediaStamp } from './media-files.js';
import type { ReadResult } from './read-post.js';

/** A file the listing found, with what the cache compares. */
export interface ListedFile {
  readonly rel: string;
  /** The path to open: the file's own, or for a symbolic link the target's (never opened through a link). */
  readonly abs: string;
  /** Undefined on a first scan, which reads every file anyway: the open file tells (no `stat` each). */
  readonly size: number | undefined;
  readonly mtimeMs: number | undefined;
  /** The hash of the bytes the last scan read, when it read the file. */
  readonly hash?: string;
}

/** A file's parse result, without its body (bodies are fetched separately, only when a feed needs one). */
export type FileResult = Exclude<ReadResult, { kind: 'post' }> | Omit<Extract<ReadResult, { kind: 'post' }>, 'body'>;

/** What reading one file gave: its parse, or why it could not be read. */
export type ReadOutcome =
  | {
      readonly kind: 'read';
      readonly size: number;
      readonly mtimeMs: number;
      readonly hash: string;
      readonly result: FileResult;
      readonly media?: readonly MediaStamp[];
    }
  /** The bytes hash to `ListedFile.hash`: touched, not changed (a git checkout, a sync tool); not parsed. */
  | { readonly kind: 'same'; readonly size: number; readonly mtimeMs: number }
  | { readonly kind: 'unreadable'; readonly code: string };

export interface FileRecord {
  readonly size: number;
  readonly mtimeMs: number;
  readonly hash: string;
  readonly result: FileResult;
  /** The site's files the post links, as measured when it was read (media-files.ts); absent for none. */
  readonly media?: readonly MediaStamp[];
}

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
export function* sameFiles(a: FileTable, b: FileTable): Generator<void, boolean> {
  if (a.sizes.length !== b.sizes.length) return false;
  // Both joined, and the same paths in the same order (the common warm start): only the numbers to compare.
  if (a.joined !== undefined && a.joined === b.joined) {
    for (let i = 0; i < a.sizes.length; i++) {
      if (a.sizes[i] !== b.sizes[i] || a.mtimes[i] !== b.mtimes[i]) return false;
      if (i % NUMBERS_STEP === NUMBERS_STEP - 1) yield;
    }
    return true;
  }
  if (a.paths.length !== b.paths.length) return false;
  // Two walks of one folder line up (a cache written after a cold scan, and the listing at start): they
  // are compared in step, with no index of a million paths (0.4 s and its garbage at a million files).
  let from = 0;
  for (; from < b.paths.length && a.paths[from] === b.paths[from]; from++) {
    if (a.sizes[from] !== b.sizes[from] || a.mtimes[from] !== b.mtimes[from]) return false;
    if (from % STEP === STEP - 1) yield;
  }
  // Out of step from there on: the rest of each, by path.
  const index = new Map<string, number>();
  for (let i = from; i < a.paths.length; i++) {
    index.set(a.paths[i] as string, i);
    if (i % STEP === STEP - 1) yield;
  }
  for (let j = from; j < b.paths.length; j++) {
    const i = index.get(b.paths[j] as string);
    if (i === undefined || a.sizes[i] !== b.sizes[j] || a.mtimes[i] !== b.mtimes[j]) return false;
    if (j % STEP === STEP - 1) yield;
  }
  return true;
}

/** Files looked at between two yields of the scanning generators (here and scan.ts): a few milliseconds. */
export const FILES_PER_YIELD = 4096;
const STEP = FILES_PER_YIELD;
/** Numbers compared between two yields: a comparison is a nanosecond or two. */
const NUMBERS_STEP = 1 << 16;
