// Writes documents as static files: each plus its `.gz` and `.br` siblings, the same bytes the server
// sends. The tree is written whole in `.<dir>.trees/` and then `<dir>`, a link, is swapped to
// it (out-dir.ts), so a web server reading `<dir>` sees the old tree or the new one, never half of each.
import fs from 'node:fs/promises';
import path from 'node:path';
import { compress } from '../snapshot/compress.js';
import { exportPath, type SnapshotEntry } from '../snapshot/snapshot.js';
import { removeLeftovers } from './leftovers.js';
import { newTree, outDir, swapIn } from './out-dir.js';
import { writing } from './write-error.js';

export interface WriteResult {
  readonly documents: number;
  readonly files: number;
  readonly bytes: number;
  /** Errors removing an old tree or a leftover: the new tree is in place, the next build tries again. */
  readonly cleanupErrors: readonly unknown[];
}

// Documents written at once. Each compresses on two of libuv's four threads, so two documents keep the
// pool busy while this thread renders the next one (README "Performance": one, two and four measured).
const IN_FLIGHT = 2;

/**
 * Writes the documents as they come: a document is asked for when one of the `IN_FLIGHT` before it is
 * on disk, so one rendered on demand (an archive page) is held only while it is written.
 * `onWritten` hears the count of documents on disk after each one.
 */
export async function writeTree(documents: Iterable<SnapshotEntry>, outPath: string, onWritten?: (documents: number) => void): Promise<WriteResult> {
  const dir = outDir(path.resolve(outPath));
  const tree = await newTree(dir);
  const next = documents[Symbol.iterator]();
  const folders = new RecentFolders();
  let written = 0;
  let files = 0;
  let bytes = 0;
  let failure: { readonly err: unknown } | undefined;
  let previous: string | undefined;
  // Each lane takes the next document, writes it and its siblings, and takes another, until none is left
  // or one lane failed. All lanes end before a failure is thrown, so no write lands in the tree after it
  // is removed below.
  const lane = async (): Promise<void> => {
    while (!failure) {
      try {
        const doc = next.next();
        if (doc.done) return;
        const sizes = await writeDocument(tree, doc.value, folders);
        files += sizes.length;
        bytes += sizes.reduce((sum, n) => sum + n, 0);
        onWritten?.(++written);
      } catch (err) {
        failure ??= { err };
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
    if (failure) throw failure.err;
    previous = await swapIn(dir, tree);
  } catch (err) {
    await fs.rm(tree, { recursive: true, force: true }).catch(() => undefined);
    throw err;
  }
  const cleanupErrors: unknown[] = [];
  if (previous !== undefined) {
    await fs.rm(previous, { recursive: true, force: true }).catch((err: unknown) => void cleanupErrors.push(err));
  }
  cleanupErrors.push(...(await removeLeftovers(dir)));
  return { documents: written, files, bytes, cleanupErrors };
}

/** Writes one document and its `.gz` and `.br` siblings; their sizes. */
async function writeDocument(tree: string, entry: SnapshotEntry, folders: RecentFolders): Promise<number[]> {
  const file = path.join(tree, exportPath(entry.path));
  if (!file.startsWith(tree + path.sep)) throw new Error(`document path leaves the output folder: ${entry.path}`);
  await folders.make(path.dirname(file));
  // The bytes the server sends: its compress(), over the identity bytes joined once for all three files
  // (the entry's own encoded() would join them again for each encoding, and keep the results).
  const identity = entry.body.bytes();
  const [gzip, br] = await Promise.all([compress(identity, 'gzip'), compress(identity, 'br')]);
  const variants: [string, Buffer][] = [[file, identity], [`${file}.gz`, gzip], [`${file}.br`, br]];
  // All settled before a failure is thrown, as for the lanes.
  const done = await Promise.allSettled(variants.map(([name, body]) => writing(name, fs.writeFile(name, body))));
  for (const d of done) if (d.status === 'rejected') throw d.reason;
  return variants.map(([, body]) => body.length);
}

/** Folders made lately: a page's documents share one, and a mkdir each would be a system call each. */
class RecentFolders {
  // Bounded, so that what it holds does not grow with the number of pages.
  static readonly #MAX = 256;
  readonly #made = new Set<string>();

  async make(folder: string): Promise<void> {
    if (this.#made.has(folder)) return;
    await fs.mkdir(folder, { recursive: true });
    if (this.#made.size >= RecentFolders.#MAX) this.#made.clear();
    this.#made.add(folder);
  }
}
