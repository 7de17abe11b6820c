// Writes documents as static files: each plus its `.gz` and `.br` siblings, the same bytes the server
// sends. The tree is written whole in `.<dir>.trees/` and then `<dir>`, a link, is swapped to
// it (out-dir.ts), so a web server reading `<dir>` sees the old tree or the new one, never half of each.
// Each file is written through atomic-write.ts (every byte checked), and every file and folder of the
// tree is synced before the swap: a full disk fails the build with the old tree in place, and a crash
// after the swap does not find empty files in the new one. A document whose bytes the previous tree
// already holds is linked from it with its siblings, not written and compressed again (previous-tree.ts).
import fs from 'node:fs/promises';
import path from 'node:path';
import { syncFile, writeNewFile, type WriteFs } from '../atomic-write.js';
import { removeOwned } from '../owned-path.js';
import { compress } from '../snapshot/compress.js';
import { exportPath, type SnapshotEntry } from '../snapshot/snapshot.js';
import { removeOldTrees } from './old-trees.js';
import { newTree, outDir, swapIn } from './out-dir.js';
import { PreviousTree, VARIANTS } from './previous-tree.js';
import { writing } from './write-error.js';

export interface WriteResult {
  readonly documents: number;
  readonly files: number;
  readonly bytes: number;
  /** Documents linked from the previous tree with their siblings, not written (the rest were written). */
  readonly reused: number;
  /** Errors removing an old tree or a leftover: the new tree is in place, the next build tries again. */
  readonly cleanupErrors: readonly unknown[];
}

// Documents written at once. Each compresses on two of libuv's four threads, so two documents keep the
// pool busy while this thread renders the next one (docs/internals/performance.md: one, two and four measured).
const IN_FLIGHT = 2;
/** fsyncs at once at the end: the thread pool's four threads, so the disk can merge them. */
const SYNCS_IN_FLIGHT = 4;

/** One document on disk: its path, its files' sizes, and whether they were linked from the previous tree. */
export interface DocumentWritten {
  readonly path: string;
  readonly sizes: readonly number[];
  readonly reused: boolean;
}

/**
 * Writes the documents as they come: a document is asked for when one of the `IN_FLIGHT` before it is
 * on disk, so one rendered on demand (an archive page) is held only while it is written.
 * `onWritten` hears the count of documents on disk after each one, and that one.
 */
export async function writeTree(
  documents: Iterable<SnapshotEntry>,
  outPath: string,
  onWritten?: (documents: number, document: DocumentWritten) => void,
  /** The file system the files go to (tests fail it as a full disk does). */
  writeFs?: WriteFs,
): Promise<WriteResult> {
  const dir = outDir(path.resolve(outPath));
  const tree = await newTree(dir);
  const previous = await PreviousTree.of(dir);
  const next = documents[Symbol.iterator]();
  const folders = new TreeOnDisk(tree);
  let written = 0;
  let files = 0;
  let bytes = 0;
  let reused = 0;
  let failure: { readonly err: unknown } | undefined;
  let replaced: string | undefined;
  // Each lane takes the next document, writes it and its siblings, and takes another, until none is left
  // or one lane failed. All lanes end before a failure is thrown, so no write lands in the tree after it
  // is removed below.
  const lane = async (): Promise<void> => {
    while (!failure) {
      try {
        const doc = next.next();
        if (doc.done) return;
        const done = await writeDocument(tree, doc.value, folders, previous, writeFs);
        files += done.sizes.length;
        bytes += done.sizes.reduce((sum, n) => sum + n, 0);
        if (done.reused) reused++;
        onWritten?.(++written, done);
      } catch (err) {
        failure ??= { err };
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
    if (failure) throw failure.err;
    await folders.sync();
    replaced = await swapIn(dir, tree);
  } catch (err) {
    await removeOwned(dir.trees, tree).catch(() => undefined);
    throw err;
  }
  const cleanupErrors: unknown[] = [];
  if (replaced !== undefined) {
    await removeOwned(dir.trees, replaced).catch((err: unknown) => void cleanupErrors.push(err));
  }
  cleanupErrors.push(...(await removeOldTrees(dir)));
  return { documents: written, files, bytes, reused, cleanupErrors };
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
  // Linked files were synced when the previous tree was written; their folder is synced with the rest.
  const linked = await previous?.reuse(rel, identity, file);
  if (linked) return { path: entry.path, sizes: linked, reused: true };
  const [gzip, br] = await Promise.all([compress(identity, 'gzip'), compress(identity, 'br')]);
  const variants = [identity, gzip, br].map((body, i): [string, Buffer] => [file + VARIANTS[i], body]);
  // All settled before a failure is thrown, as for the lanes.
  // Mode 0666 before the umask, as fs.writeFile makes files: a web server may read them as before.
  // Synced all together before the swap (TreeOnDisk), not each as it is written.
  const options = { root: tree, mode: 0o666, sync: false, ...(writeFs ? { fs: writeFs } : {}) };
  const done = await Promise.allSettled(variants.map(([name, body]) => writing(name, writeNewFile(name, body, options))));
  for (const [name] of variants) folders.wrote(name);
  for (const d of done) if (d.status === 'rejected') throw d.reason;
  return { path: entry.path, sizes: variants.map(([, body]) => body.length), reused: false };
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
