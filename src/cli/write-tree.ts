// Writes a snapshot as static files: every document plus its `.gz` and `.br` siblings, the same bytes
// the server sends. The tree is written whole in `.<dir>.trees/` and then `<dir>`, a link, is swapped to
// it (out-dir.ts), so a web server reading `<dir>` sees the old tree or the new one, never half of each.
import fs from 'node:fs/promises';
import path from 'node:path';
import { exportPath, type Snapshot } from '../snapshot/snapshot.js';
import { removeLeftovers } from './leftovers.js';
import { newTree, outDir, swapIn } from './out-dir.js';
import { writing } from './write-error.js';

export interface WriteResult {
  readonly files: number;
  readonly bytes: number;
  /** Errors removing an old tree or a leftover: the new tree is in place, the next build tries again. */
  readonly cleanupErrors: readonly unknown[];
}

/** `onWritten` hears the count of documents on disk after each one. */
export async function writeTree(snapshot: Snapshot, outPath: string, onWritten?: (documents: number) => void): Promise<WriteResult> {
  const dir = outDir(path.resolve(outPath));
  const tree = await newTree(dir);
  let documents = 0;
  let files = 0;
  let bytes = 0;
  let previous: string | undefined;
  try {
    for (const [urlPath, entry] of snapshot.entries) {
      const file = path.join(tree, exportPath(urlPath));
      if (!file.startsWith(tree + path.sep)) throw new Error(`document path leaves the output folder: ${urlPath}`);
      await fs.mkdir(path.dirname(file), { recursive: true });
      // The compressed forms are the ones the server sends: made on first demand, once per document version.
      const [gzip, br] = await Promise.all([entry.body.encoded('gzip'), entry.body.encoded('br')]);
      const variants: [string, Buffer][] = [[file, entry.body.bytes()], [`${file}.gz`, gzip], [`${file}.br`, br]];
      // All settled before a failure is thrown, so no write lands in the tree after it is removed below.
      const written = await Promise.allSettled(variants.map(([name, body]) => writing(name, fs.writeFile(name, body))));
      for (const w of written) if (w.status === 'rejected') throw w.reason;
      files += variants.length;
      bytes += variants.reduce((sum, [, body]) => sum + body.length, 0);
      onWritten?.(++documents);
    }
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
  return { files, bytes, cleanupErrors };
}
