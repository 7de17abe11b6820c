// What killed builds leave beside `<dir>`, removed by the next build once its own tree is in place (so a
// failed build removes nothing but its own partial tree): trees and links in `.<dir>.trees/` whose writer
// is dead and that `<dir>` does not point at, and the `.<dir>.new-*` folders of feedwright before the link.
import fs from 'node:fs/promises';
import path from 'node:path';
import { inspect, ownTrees, type OutDir } from './out-dir.js';
import { removeLeftovers } from '../leftovers.js';
import { removeOwned } from '../owned-path.js';

/** Removes the old trees; resolves to the errors of those it could not remove (the build still succeeded). */
export async function removeOldTrees(dir: OutDir): Promise<unknown[]> {
  const failures: unknown[] = [];
  // Each path proved inside the folder it is in (owned-path.ts), symlinks resolved.
  const remove = (root: string, name: string): Promise<void> => removeOwned(root, path.join(root, name)).catch((err: unknown) => void failures.push(err));
  // The old scheme named no pid; a build of that version racing this one is not worth guarding.
  const oldPrefix = `.${path.basename(dir.out)}.new-`;
  for (const name of await listing(dir.parent, failures)) if (name.startsWith(oldPrefix)) await remove(dir.parent, name);
  // Checked again, not only when this build's tree was made: a link put there since must not be followed.
  const own = await ownTrees(dir).then(
    () => true,
    (err: unknown) => void failures.push(err),
  );
  if (!own) return failures;
  // `<pid>-…` trees, their inputs (tree-inputs.ts) and links of dead builds, unless `<dir>` points at the
  // tree (a dead build's finished swap).
  const pointedAt = async (name: string): Promise<boolean> => {
    const state = await inspect(dir).catch(() => undefined);
    return !state || (state.kind === 'ours' && state.tree === path.join(dir.trees, name.replace(/\.inputs$/, '')));
  };
  failures.push(...(await removeLeftovers(dir.trees, { writer: (name) => pidPrefix(name), inUse: pointedAt })));
  return failures;
}

async function listing(folder: string, failures: unknown[]): Promise<string[]> {
  return fs.readdir(folder).catch((err: unknown) => {
    failures.push(err);
    return [];
  });
}

/** The pid a build names its tree with (`<pid>-…`), or undefined for a name build does not make. */
function pidPrefix(name: string): number | undefined {
  const m = /^(\d+)-/.exec(name);
  return m ? Number(m[1]) : undefined;
}
