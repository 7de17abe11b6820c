// Every file feedwright writes goes through here: each write's byte count is checked (a full disk may take
// part of a write without an error, and a write that takes nothing is not an end), the file is synced and
// its size checked against what was written, and only then does it take the place of the one before it.
// A failure leaves the old file and no temporary one. npm's write-file-atomic was not taken: it makes one
// write() call and never looks at how much it took, holds the whole file in one buffer, follows a symlink
// at the target to write where it points, and has no seam to fail a write the way a full disk does.
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { ChangedUnderfootError, FileTooLargeError, OutsideOwnFolderError, ShortWriteError } from './errors.js';
import { ownedPath, removeOwned, renameOwned } from './owned-path.js';
import { removeLeftovers } from './leftovers.js';

/** The calls a write makes on a file: node:fs/promises, or a test's that answers as a full disk does. */
export interface WriteFs {
  /** 'wx': a new file; a number: appendChecked's flags (read-write, no link followed, nothing made). */
  open(file: string, flags: 'wx' | number, mode: number): Promise<WriteHandle>;
}

export interface WriteHandle {
  writev(buffers: readonly Buffer[], position: number): Promise<{ readonly bytesWritten: number }>;
  sync(): Promise<void>;
  stat(): Promise<{ readonly size: number }>;
  close(): Promise<void>;
  /** Cuts the file back (appendChecked, after a failed append); a test's handle may lack it. */
  truncate?(length: number): Promise<void>;
}

export interface WriteOptions {
  /** The folder feedwright owns that the file is in: nothing outside it is made, renamed or removed. */
  readonly root: string;
  /** The new file's permissions (before the umask). */
  readonly mode?: number;
  /** Fails the write (and leaves the old file) once it would pass this many bytes. */
  readonly maxBytes?: number;
  /**
   * writeNewFile only: false leaves the fsync to the caller (syncFile), for a folder of many files that is
   * swapped in whole: the disk then writes them while the next ones are made, and the syncs at the end
   * find most of it done, instead of each write waiting for its own.
   */
  readonly sync?: boolean;
  readonly fs?: WriteFs;
}

/** What is handed to the file system at once: a few syscalls for a large file, and a bound on what is held. */
const BATCH_BYTES = 1 << 20;

/**
 * Writes `data` (one buffer, or pieces as they are made) to a temporary file beside `file`, checks and
 * syncs it, then renames it over `file`. Resolves to the bytes written; on any failure `file` is as it
 * was, the temporary file is gone, and the error names the path.
 */
export async function replaceFile(file: string, data: Buffer | Iterable<Buffer>, options: WriteOptions): Promise<number> {
  if (options.sync === false) throw new TypeError('replaceFile always syncs before it renames');
  const target = ownedPath(options.root, file);
  await removeDeadTemps(options.root, target);
  // The pid tells a later writer whether this one still runs; the random part keeps two writes of one process apart.
  const temp = `${target}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  const bytes = await writeChecked(temp, data, options);
  try {
    await renameOwned(options.root, temp, target);
  } catch (err) {
    await removeOwned(options.root, temp).catch(() => undefined);
    throw err;
  }
  await syncFolder(path.dirname(target));
  return bytes;
}

/**
 * Writes `data` as the new file `file` (it must not exist yet), checked, and synced unless `sync: false`
 * (then syncFile before it is used): for a file in a folder that is itself swapped in whole once every
 * file in it is (build's trees). A failed file is removed; the caller removes the folder.
 */
export async function writeNewFile(file: string, data: Buffer | Iterable<Buffer>, options: WriteOptions): Promise<number> {
  // Nothing is replaced here: the open (O_CREAT|O_EXCL) fails on any name that exists, a symbolic link
  // included, so the cheap check of the name suffices (resolving each of a build's 20,000 paths through
  // its folders would take a second of the main thread). Removing a failed file is proved in full.
  const rel = path.relative(options.root, file);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) throw new OutsideOwnFolderError(file, options.root);
  return writeChecked(file, data, options);
}

/** An append opens what is there (no O_CREAT) and never through a symbolic link (O_NOFOLLOW: ELOOP). */
const APPEND_FLAGS = constants.O_RDWR | (constants.O_NOFOLLOW ?? 0);

/**
 * Appends `data` to `file` (which must exist, and not be a symbolic link): every byte written at the end it
 * had, synced, its size on disk checked. On any failure the file is cut back to that end if the handle
 * can (a reader of an append-only file stops at a part written anyway: cache/journal.ts) and the error,
 * naming the path, is thrown: the caller replaces the file whole before appending to it again. Resolves
 * to the new size.
 */
export async function appendChecked(
  file: string,
  data: Buffer,
  options: Pick<WriteOptions, 'root' | 'fs'> & {
    /** The size this process left the file at: another size means another writer, and nothing is appended. */
    readonly expectedSize?: number;
  },
): Promise<number> {
  const target = ownedPath(options.root, file);
  const handle = await (options.fs ?? (fs as unknown as WriteFs)).open(target, APPEND_FLAGS, 0o600);
  let end = -1;
  try {
    const found = (await handle.stat()).size;
    if (options.expectedSize !== undefined && found !== options.expectedSize) throw new ChangedUnderfootError(target, found, options.expectedSize);
    end = found;
    const after = await writeAll(handle, target, [data], end);
    await handle.sync();
    const { size } = await handle.stat();
    if (size !== after) throw new ShortWriteError(target, size - end, data.length);
    await handle.close();
    return after;
  } catch (err) {
    if (end >= 0 && handle.truncate) {
      const cut = handle.truncate.bind(handle);
      await cut(end)
        .then(() => handle.sync())
        .catch(() => undefined);
    }
    await handle.close().catch(() => undefined);
    throw withPath(err, target);
  }
}

/**
 * Opens `file` (new), writes every byte, syncs, checks the size on disk, closes: each step's error is
 * thrown, and the file it made is removed then (one that was there already is never touched).
 */
async function writeChecked(file: string, data: Buffer | Iterable<Buffer>, options: WriteOptions): Promise<number> {
  const handle = await (options.fs ?? (fs as unknown as WriteFs)).open(file, 'wx', options.mode ?? 0o644);
  let open = true;
  try {
    let written = 0;
    let batch: Buffer[] = [];
    let batched = 0;
    const flush = async (): Promise<void> => {
      written = await writeAll(handle, file, batch, written);
      batch = [];
      batched = 0;
    };
    for (const piece of Buffer.isBuffer(data) ? [data] : data) {
      if (options.maxBytes !== undefined && written + batched + piece.length > options.maxBytes) {
        throw new FileTooLargeError(file, written + batched + piece.length, options.maxBytes);
      }
      batch.push(piece);
      batched += piece.length;
      // Each await lets requests in, and bounds what is held before it is written.
      if (batched >= BATCH_BYTES) await flush();
    }
    if (batched > 0) await flush();
    // On disk before it replaces anything: after a crash the name is the whole new file or the old one.
    if (options.sync !== false) await handle.sync();
    // What the file system holds, not only what it said it took.
    const { size } = await handle.stat();
    if (size !== written) throw new ShortWriteError(file, size, written);
    open = false;
    // A network file system may report a failed write only here.
    await handle.close();
    return written;
  } catch (err) {
    if (open) await handle.close().catch(() => undefined);
    await removeOwned(options.root, file).catch(() => undefined);
    throw withPath(err, file);
  }
}

/**
 * Writes all of `buffers` at `position`, again from where a short write stopped (POSIX lets write()
 * take fewer bytes than asked, as a disk that fills does); a write that takes nothing ends it.
 * Resolves to the position after them.
 */
async function writeAll(handle: WriteHandle, file: string, buffers: readonly Buffer[], position: number): Promise<number> {
  let rest = buffers.filter((b) => b.length > 0);
  let left = rest.reduce((sum, b) => sum + b.length, 0);
  let at = position;
  while (left > 0) {
    const { bytesWritten } = await handle.writev(rest, at);
    if (!(bytesWritten > 0) || bytesWritten > left) throw new ShortWriteError(file, at - position, at - position + left);
    at += bytesWritten;
    left -= bytesWritten;
    rest = skip(rest, bytesWritten);
  }
  return at;
}

/** `buffers` without their first `n` bytes (views, no copy). */
function skip(buffers: readonly Buffer[], n: number): Buffer[] {
  const out: Buffer[] = [];
  let drop = n;
  for (const b of buffers) {
    if (drop >= b.length) drop -= b.length;
    else {
      out.push(drop > 0 ? b.subarray(drop) : b);
      drop = 0;
    }
  }
  return out;
}

/** fsync on a file written with `sync: false`; its error names the file. */
export async function syncFile(file: string): Promise<void> {
  const handle = await fs.open(file, 'r');
  try {
    await handle.sync();
  } catch (err) {
    throw withPath(err, file);
  } finally {
    await handle.close();
  }
}

/**
 * The rename on disk too. Best effort: the new file is whole and in place by now, and a crash before the
 * folder reaches the disk brings back the old file, which is whole as well; some systems cannot sync a folder.
 */
async function syncFolder(folder: string): Promise<void> {
  const handle = await fs.open(folder, 'r').catch(() => undefined);
  if (!handle) return;
  await handle.sync().catch(() => undefined);
  await handle.close().catch(() => undefined);
}

/**
 * Temporary files beside `file` of writers that were killed (src/leftovers.ts). Names this module does not
 * make are left alone: `<file>.<pid>-<random>.tmp`, and the `<file>.<pid>.tmp` of feedwright before it.
 */
export async function removeDeadTemps(root: string, file: string): Promise<void> {
  const folder = path.dirname(file);
  const prefix = `${path.basename(file)}.`;
  // The folder is `root` or inside it (leftovers.ts proves each entry inside the folder it lists).
  if (path.resolve(folder) !== path.resolve(root)) ownedPath(root, folder);
  await removeLeftovers(folder, {
    writer: (name) => (name.startsWith(prefix) ? Number(/^(\d+)(?:-[0-9a-f]+)?\.tmp$/.exec(name.slice(prefix.length))?.[1]) : undefined),
  });
}

function withPath(err: unknown, file: string): unknown {
  // Node's write(), fsync() and close() errors carry no path; open()'s do.
  if (err instanceof Error && (err as NodeJS.ErrnoException).path === undefined) Object.assign(err, { path: file });
  return err;
}
