// Writes a snapshot as static files: every document plus its `.gz` and `.br` siblings, the same bytes
// the server sends. The new tree is written beside the old one and renamed into place, so a web server
// reading the folder sees the old tree or the new one, never half of each.
import fs from 'node:fs/promises';
import path from 'node:path';
import { exportPath, type Snapshot } from '../snapshot/snapshot.js';

export interface WriteResult {
  readonly files: number;
  readonly bytes: number;
}

export async function writeTree(snapshot: Snapshot, outDir: string): Promise<WriteResult> {
  const out = path.resolve(outDir);
  const parent = path.dirname(out);
  await fs.mkdir(parent, { recursive: true });
  // Same parent, so the renames below stay on one file system and are atomic.
  const temp = await fs.mkdtemp(path.join(parent, `.${path.basename(out)}.new-`));
  let files = 0;
  let bytes = 0;
  try {
    // mkdtemp makes the folder private (0700); a web server must be able to read it.
    await fs.chmod(temp, 0o755);
    for (const [urlPath, entry] of snapshot.entries) {
      const file = path.join(temp, exportPath(urlPath));
      if (!file.startsWith(temp + path.sep)) throw new Error(`document path leaves the output folder: ${urlPath}`);
      await fs.mkdir(path.dirname(file), { recursive: true });
      // The compressed forms are the ones the server sends: made on first demand, once per document version.
      const [gzip, br] = await Promise.all([entry.body.encoded('gzip'), entry.body.encoded('br')]);
      const variants: [string, Buffer][] = [[file, entry.body.bytes()], [`${file}.gz`, gzip], [`${file}.br`, br]];
      await Promise.all(variants.map(([name, body]) => fs.writeFile(name, body)));
      files += variants.length;
      bytes += variants.reduce((sum, [, body]) => sum + body.length, 0);
    }
    await swapInto(temp, out);
  } catch (err) {
    await fs.rm(temp, { recursive: true, force: true });
    throw err;
  }
  return { files, bytes };
}

/** Moves `temp` to `out`; an existing `out` is kept until the new tree is in place, then removed. */
async function swapInto(temp: string, out: string): Promise<void> {
  const old = `${temp}.old`;
  let hadOld = true;
  try {
    await fs.rename(out, old);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    hadOld = false;
  }
  try {
    await fs.rename(temp, out);
  } catch (err) {
    if (hadOld) await fs.rename(old, out);
    throw err;
  }
  if (hadOld) await fs.rm(old, { recursive: true, force: true });
}
