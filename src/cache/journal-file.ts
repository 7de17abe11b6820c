// The journal beside the cache file (journal.ts says what is in it): read at start a frame at a time
// under the cache file's rules (not a link, this user's alone, within diskCache.maxBytes), appended to
// after a rescan (atomic-write.ts appendChecked: checked, synced, cut back if it fails), made with its
// first frame, removed when the file is written whole. Nothing here decides what goes in it.
import { constants } from 'node:fs';
import fs, { type FileHandle } from 'node:fs/promises';
import { appendChecked, writeNewFile, type WriteFs } from '../atomic-write.js';
import { readAt } from '../read-bounded.js';
import { runSliced } from '../slices.js';
import { journalHead, LENGTH_BYTES, readFrame, type JournalDelta } from './journal.js';
import { distrust } from './trust.js';

const { O_RDONLY, O_NOFOLLOW, O_NONBLOCK } = constants;
// As the cache file: a symbolic link is not followed, nor is a pipe waited on.
const FLAGS = O_RDONLY | (O_NOFOLLOW ?? 0) | (O_NONBLOCK ?? 0);

/** What a start found in the journal. */
export interface JournalRead {
  /** The whole frames' deltas, in order. */
  readonly deltas: JournalDelta[];
  /** The journal's bytes up to the end of its last whole frame (what may be appended after). */
  readonly whole: number;
  /** Why the rest was not used (a cut or damaged frame, another file's journal…): said once, and the next write is whole. */
  readonly problem?: string;
}

/**
 * The journal's frames that follow the whole file `id`, in order, up to the first that is not whole;
 * undefined when there is no journal. Never throws for what it finds in the file: `problem` says it.
 */
export async function readJournal(
  file: string,
  options: { readonly id: string; readonly uid: number | undefined; readonly maxBytes: number; readonly signal?: AbortSignal | undefined },
): Promise<JournalRead | undefined> {
  let handle: FileHandle;
  try {
    handle = await fs.open(file, FLAGS);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    return { deltas: [], whole: 0, problem: code === 'ELOOP' ? 'it is a symbolic link' : `cannot read it (${code ?? String(err)})` };
  }
  try {
    const stat = await handle.stat();
    const why = distrust(stat, 'file', options.uid);
    if (why) return { deltas: [], whole: 0, problem: why };
    if (stat.size > options.maxBytes) return { deltas: [], whole: 0, problem: `it is ${stat.size} bytes, over diskCache.maxBytes (${options.maxBytes})` };
    const head = journalHead(options.id);
    const first = await readAt(handle, head.length, 0);
    if (!first.equals(head)) {
      // Its first line cut short (a kill as it was made), or another file's (a whole write stopped before it was removed).
      const cut = first.length < head.length && head.subarray(0, first.length).equals(first);
      return { deltas: [], whole: 0, problem: cut ? 'it is cut before its first frame' : 'it follows another cache file (left by a write that stopped)' };
    }
    const deltas: JournalDelta[] = [];
    let at = head.length;
    while (at < stat.size) {
      const cut = { deltas, whole: at, problem: `its frame ${deltas.length + 1} is cut or damaged; the ${deltas.length} before it are used` };
      if (at + LENGTH_BYTES > stat.size) return cut;
      const length = (await readAt(handle, LENGTH_BYTES, at)).readUInt32LE(0);
      // Judged before anything is allocated for it: a length past the end is a cut write.
      if (length === 0 || at + LENGTH_BYTES + length > stat.size) return cut;
      const delta = await runSliced(readFrame(await readAt(handle, length, at + LENGTH_BYTES), options.id), options.signal);
      if (!delta) return cut;
      deltas.push(delta);
      at += LENGTH_BYTES + length;
    }
    return { deltas, whole: at };
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/**
 * Appends one frame (made with `journalHead(id)` first when `size` is 0: there is no journal yet).
 * Resolves to the journal's new size; throws what the file system said (a failed append is cut back).
 */
export async function appendFrame(
  file: string,
  frame: Buffer,
  options: { readonly id: string; readonly size: number; readonly root: string; readonly fs?: WriteFs | undefined },
): Promise<number> {
  const write = { root: options.root, mode: 0o600, ...(options.fs ? { fs: options.fs } : {}) };
  if (options.size === 0) return writeNewFile(file, [journalHead(options.id), frame], write);
  // Appended only where this process left it: a second service on the folder makes the next write whole.
  return appendChecked(file, frame, { ...write, expectedSize: options.size });
}
