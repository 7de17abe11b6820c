// Writes documents as static files: each plus its `.gz` and `.br` siblings, the same bytes the server
// sends. The tree is written whole in `.<dir>.trees/` and then `<dir>`, a link, is swapped to
// it (out-dir.ts), so a web server reading `<dir>` sees the old tree or the new one, never half of each.
// Each file is written through atomic-write.ts (every byte checked), and every file and folder of the
// tree is synced before the swap: a full disk fails the build with the old tree in place, and a crash
// after the swap does not find empty files in the new one. A document whose bytes the previous tree
// already holds is linked from it with its siblings, not written and compressed again (previous-tree.ts),
// and the SHA-256 of every file of the new tree is recorded beside it for the next build to check what it
// links against (tree-inputs.ts).
import fs from 'node:fs/promises';
import path from 'node:path';
import { syncFile, writeNewFile, type WriteFs } from '../atomic-write.js';
import { removeOwned } from '../owned-path.js';
import { compress } from '../snapshot/compress.js';
import { exportPath, type SnapshotEntry } from '../snapshot/snapshot.js';
import { removeOldTrees } from './old-trees.js';
import { newTree, outDir, swapIn } from './out-dir.js';
import { PreviousTree, VARIANTS } from './previous-tree.js';
import { digestOf, type DocumentRecord, encodeRecords, inputsFile } from './tree-inputs.js';
import { writing } from './write-error.js';

export interface WriteResult {
  readonly documents: number;
  readonly files: number;
  readonly bytes: number;
  /** Documents linked from the previous tree with their siblings, not written (the rest were written). */
  readonly reused: number;
  /** Of those, the documents linked by their inputs (KnownInputs), which were not even rendered. */
  readonly kept: number;
  /** Errors removing an old tree or a leftover: the new tree is in place, the next build tries again. */
  readonly cleanupErrors: readonly unknown[];
  /** What the build could not use and went without (a previous tree's record too large to read). */
  readonly warnings: readonly string[];
}

// Documents written at once. Each compresses on two of libuv's four threads, so two documents keep the
// pool busy while this thread renders the next one (docs/internals/performance.md: one, two and four measured).
const IN_FLIGHT = 2;
/** fsyncs at once at the end: the thread pool's four threads, so the disk can merge them. */
const SYNCS_IN_FLIGHT = 4;

/**
 * The tree's files and the record beside it: 0644 before the umask, readable by a web server, and not
 * writable by the group even where the umask is 002, since the next build links only files that no one
 * but this user can write (previous-tree.ts).
 */
const FILE_MODE = 0o644;

/** One document on disk: its path, its files' sizes and digests, and whether they were linked from the previous tree. */
export interface DocumentWritten {
  readonly path: string;
  readonly sizes: readonly number[];
  /** SHA-256 (hex) of each file, in VARIANTS order: those written, or those checked when linked. */
  readonly digests: readonly string[];
  readonly reused: boolean;
}

/**
 * Documents known by what they are made of (archive pages: archives/archive-cache.ts archiveInputs),
 * which a build links from its previous tree without rendering them when their inputs are unchanged.
 */
export interface KnownInputs {
  /** Each such document of this build: its path and its inputs. */
  readonly of: ReadonlyMap<string, string>;
  /**
   * Whether the document at `path`, just rendered, was made from all of its inputs: one that was not (a
   * post whose file changed since the scan is left out of its page) is not recorded, or the next build
   * would keep its bytes under inputs they do not match.
   */
  readonly whole: (path: string) => boolean;
}

/** Linked at once in the first step: each is a few system calls and reading its files back to hash them. */
const KEEPS_IN_FLIGHT = 8;

/**
 * Writes the documents as they come: a document is asked for when one of the `IN_FLIGHT` before it is
 * on disk, so one rendered on demand (an archive page) is held only while it is written.
 * `onWritten` hears the count of documents on disk after each one, and that one.
 * With `inputs`, the documents whose inputs the previous tree recorded unchanged are linked from it
 * first, and `documents`, a function then, is given their paths (not to render them). Each document's
 * digests, and what it was made of when known, are recorded beside the new tree for the next build
 * (tree-inputs.ts).
 */
export async function writeTree(
  documents: Iterable<SnapshotEntry> | ((kept: ReadonlySet<string>) => Iterable<SnapshotEntry>),
  outPath: string,
  onWritten?: (documents: number, document: DocumentWritten) => void,
  /** The file system the files go to (tests fail it as a full disk does). */
  writeFs?: WriteFs,
  inputs?: KnownInputs,
): Promise<WriteResult> {
  const dir = outDir(path.resolve(outPath));
  const tree = await newTree(dir);
  const warnings: string[] = [];
  const previous = await PreviousTree.of(dir, (m) => void warnings.push(m));
  const folders = new TreeOnDisk(tree);
  const kept = new Set<string>();
  const recorded = new Map<string, DocumentRecord>();
  let written = 0;
  let files = 0;
  let bytes = 0;
  let reused = 0;
  let replaced: string | undefined;
  const count = (done: DocumentWritten): void => {
    files += done.sizes.length;
    bytes += done.sizes.reduce((sum, n) => sum + n, 0);
    if (done.reused) reused++;
    onWritten?.(++written, done);
  };
  try {
    if (previous && inputs) {
      const same = [...inputs.of].filter(([p, i]) => previous.inputsOf(p) === i);
      await inLanes(same[Symbol.iterator](), KEEPS_IN_FLIGHT, async ([p, i]) => {
        const rel = exportPath(p);
        const file = path.join(tree, rel);
        if (!file.startsWith(tree + path.sep)) throw new Error(`document path leaves the output folder: ${p}`);
        await folders.make(path.dirname(file));
        const linked = await previous.keep(p, file);
        if (!linked) return;
        kept.add(p);
        recorded.set(p, { digests: linked.digests, inputs: i });
        count({ path: p, ...linked, reused: true });
      });
    }
    const rest = typeof documents === 'function' ? documents(kept) : documents;
    await inLanes(rest[Symbol.iterator](), IN_FLIGHT, async (entry) => {
      const done = await writeDocument(tree, entry, folders, previous, writeFs);
      const made = inputs?.of.get(entry.path);
      recorded.set(entry.path, made !== undefined && inputs?.whole(entry.path) ? { digests: done.digests, inputs: made } : { digests: done.digests });
      count(done);
    });
    // None for a tree of no documents: nothing to record, and no file beside the tree.
    if (recorded.size > 0) {
      const file = inputsFile(tree);
      await writeNewFile(file, encodeRecords(recorded), { root: dir.trees, mode: FILE_MODE, sync: false, ...(writeFs ? { fs: writeFs } : {}) });
      folders.wrote(file);
    }
    await folders.sync();
    replaced = await swapIn(dir, tree);
  } catch (err) {
    await removeOwned(dir.trees, tree).catch(() => undefined);
    await removeOwned(dir.trees, inputsFile(tree)).catch(() => undefined);
    throw err;
  }
  const cleanupErrors: unknown[] = [];
  if (replaced !== undefined) {
    for (const old of [replaced, inputsFile(replaced)]) await removeOwned(dir.trees, old).catch((err: unknown) => void cleanupErrors.push(err));
  }
  cleanupErrors.push(...(await removeOldTrees(dir)));
  return { documents: written, files, bytes, reused, kept: kept.size, cleanupErrors, warnings };
}

/**
 * `lanes` at once, each taking the next item and doing `work` on it until none is left or one failed.
 * Every lane ends before the failure is thrown, so nothing lands in the tree after it is removed.
 */
async function inLanes<T>(items: Iterator<T>, lanes: number, work: (item: T) => Promise<void>): Promise<void> {
  let failure: { readonly err: unknown } | undefined;
  const lane = async (): Promise<void> => {
    while (!failure) {
      try {
        const item = items.next();
        if (item.done) return;
        await work(item.value);
      } catch (err) {
        failure ??= { err };
      }
    }
  };
  await Promise.all(Array.from({ length: lanes }, lane));
  if (failure) throw failure.err;
}

/** Writes one document and its `.gz` and `.br` siblings, or links them from the previous tree. */
async function writeDocument(
  tree: string,
  entry: SnapshotEntry,
  folders: TreeOnDisk,
  previous: PreviousTree | undefined,
  writeFs: WriteFs | undefined,
): Promise<DocumentWritten> {
  const rel = exportPath(entry.path);
  const file = path.join(tree, rel);
  if (!file.startsWith(tree + path.sep)) throw new Error(`document path leaves the output folder: ${entry.path}`);
  await folders.make(path.dirname(file));
  // The bytes the server sends: its compress(), over the identity bytes joined once for all three files
  // (the entry's own encoded() would join them again for each encoding, and keep the results).
  const identity = entry.body.bytes();
  const digest = digestOf(identity);
  // Linked files were synced when the previous tree was written; their folder is synced with the rest.
  const linked = await previous?.reuse(entry.path, digest, file);
  if (linked) return { path: entry.path, ...linked, reused: true };
  const [gzip, br] = await Promise.all([compress(identity, 'gzip'), compress(identity, 'br')]);
  const variants = [identity, gzip, br].map((body, i): [string, Buffer] => [file + VARIANTS[i], body]);
  // All settled before a failure is thrown, as for the lanes.
  // Synced all together before the swap (TreeOnDisk), not each as it is written.
  const options = { root: tree, mode: FILE_MODE, sync: false, ...(writeFs ? { fs: writeFs } : {}) };
  const done = await Promise.allSettled(variants.map(([name, body]) => writing(name, writeNewFile(name, body, options))));
  for (const [name] of variants) folders.wrote(name);
  for (const d of done) if (d.status === 'rejected') throw d.reason;
  return { path: entry.path, sizes: variants.map(([, body]) => body.length), digests: [digest, digestOf(gzip), digestOf(br)], reused: false };
}

/**
 * The tree's folders and files: each folder made once (a page's documents share one, and a mkdir each
 * would be a system call each), and all of it synced before the swap. The files are synced at the end,
 * a few at once, rather than each as it is written: the disk writes them back while the build renders
 * and compresses the next ones, and the syncs find most of it done.
 */
class TreeOnDisk {
  readonly #folders = new Set<string>();
  readonly #files: string[] = [];
  readonly #tree: string;

  constructor(tree: string) {
    this.#tree = tree;
    this.#folders.add(tree);
  }

  async make(folder: string): Promise<void> {
    if (this.#folders.has(folder)) return;
    await fs.mkdir(folder, { recursive: true });
    // Every folder up to the tree: mkdir -p made those that were missing.
    for (let at = folder; at !== this.#tree && !this.#folders.has(at); at = path.dirname(at)) this.#folders.add(at);
  }

  wrote(file: string): void {
    this.#files.push(file);
  }

  /** fsync on every file, then on every folder (the deepest first); the first error is thrown. */
  async sync(): Promise<void> {
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < this.#files.length) await syncFile(this.#files[next++] as string);
    };
    await Promise.all(Array.from({ length: SYNCS_IN_FLIGHT }, lane));
    for (const folder of [...this.#folders].sort((a, b) => b.length - a.length)) {
      const handle = await fs.open(folder, 'r');
      try {
        await handle.sync().catch((err: NodeJS.ErrnoException) => {
          // Some systems cannot sync a folder: the files in it are synced all the same.
          if (err.code !== 'EINVAL' && err.code !== 'ENOTSUP') throw Object.assign(err, { path: folder });
        });
      } finally {
        await handle.close();
      }
    }
  }
}
