// Every path feedwright removes or replaces is first proved to lie inside a folder it owns. A config value,
// a manifest or a symlink that points elsewhere is then an error, never a deletion (issue: a `.` segment in
// posts.git.subdir once removed other sites' checkouts and the folders above the cache).
import { realpathSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { OutsideOwnFolderError } from './errors.js';

/**
 * `target` as a real path, after checking it lies strictly inside `root` (never `root` itself). Both are
 * resolved through symlinks: a folder above the target that links out of `root` fails the check. The
 * target itself may be missing or be a symlink (removing a link removes the link, not what it names).
 */
export function ownedPath(root: string, target: string): string {
  const base = path.basename(path.resolve(target));
  const realRoot = realpathSync(root);
  const parent = realParent(path.dirname(path.resolve(target)));
  const real = path.join(parent, base);
  const rel = path.relative(realRoot, real);
  if (base === '' || base === '.' || base === '..' || rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) {
    throw new OutsideOwnFolderError(target, root);
  }
  return real;
}

/** Removes `target` (a file or a whole folder) once it is proved to be inside `root`. */
export async function removeOwned(root: string, target: string): Promise<void> {
  await fs.rm(ownedPath(root, target), { recursive: true, force: true });
}

/** Renames `from` over `to`, both proved to be inside `root`. */
export async function renameOwned(root: string, from: string, to: string): Promise<void> {
  await fs.rename(ownedPath(root, from), ownedPath(root, to));
}

/** The real path of a folder, or of its nearest existing ancestor with the rest appended. */
function realParent(dir: string): string {
  try {
    return realpathSync(dir);
  } catch {
    const up = path.dirname(dir);
    if (up === dir) return dir;
    return path.join(realParent(up), path.basename(dir));
  }
}
