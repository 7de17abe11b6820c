// What the scan knows of one file: as listed, as read, and as remembered between scans.
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
export type FileResult = Exclude<ReadResult, { kind: 'post' }> | (Omit<Extract<ReadResult, { kind: 'post' }>, 'body'>);

/** What reading one file gave: its parse, or why it could not be read. */
export type ReadOutcome =
  | { readonly kind: 'read'; readonly size: number; readonly mtimeMs: number; readonly hash: string; readonly result: FileResult }
  /** The bytes hash to `ListedFile.hash`: touched, not changed (a git checkout, a sync tool); not parsed. */
  | { readonly kind: 'same'; readonly size: number; readonly mtimeMs: number }
  | { readonly kind: 'unreadable'; readonly code: string };

export interface FileRecord {
  readonly size: number;
  readonly mtimeMs: number;
  readonly hash: string;
  readonly result: FileResult;
}
