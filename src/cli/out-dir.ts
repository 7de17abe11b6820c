// The output folder of `build`: `<dir>` is a symbolic link to one whole tree in `.<dir>.trees/` beside
// it, so a new tree replaces the old one with a single rename() of a link over the link (atomic on POSIX):
// at every instant `<dir>` is the old tree or the new one, never missing, never half of each.
import { randomBytes } from 'node:crypto';
import { realpathSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { OutsideOwnFolderError } from '../errors.js';
import { ownedPath, removeOwned } from '../owned-path.js';
import { COMPRESSION_STAMP } from '../snapshot/compress.js';

export interface OutDir {
  /** `<dir>`, absolute: the link. */
  readonly out: string;
  readonly parent: string;
  /** `.<dir>.trees`, beside `<dir>` so renames stay on one file system. */
  readonly trees: string;
}

export type OutState =
  | { readonly kind: 'missing' }
  | { readonly kind: 'ours'; readonly tree: string }
  | { readonly kind: 'folder' }
  | { readonly kind: 'link'; readonly target: string }
  | { readonly kind: 'other' };

export function outDir(out: string): OutDir {
  const parent = path.dirname(out);
  return { out, parent, trees: path.join(parent, `.${path.basename(out)}.trees`) };
}

/** What `<dir>` is now: missing, our link (with its tree), a real folder, a link we did not make, or else. */
export async function inspect(dir: OutDir): Promise<OutState> {
  const stat = await fs.lstat(dir.out).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  });
  if (!stat) return { kind: 'missing' };
  if (stat.isDirectory()) return { kind: 'folder' };
  if (!stat.isSymbolicLink()) return { kind: 'other' };
  const target = await fs.readlink(dir.out);
  const tree = path.resolve(dir.parent, target);
  return path.dirname(tree) === dir.trees ? { kind: 'ours', tree } : { kind: 'link', target };
}

/**
 * `<pid>-<random><stamp>`: the pid tells a later build whether the tree's writer still runs (leftovers.ts),
 * the random part (8 hex digits) keeps two builds of one process apart, and the stamp (8 more, for a tree
 * a build writes) names the compression its `.gz` and `.br` were made with, so that the next build reuses
 * them only when it would make the same bytes (previous-tree.ts). All hex: the name reads as before.
 */
function treeName(stamp = ''): string {
  return `${process.pid}-${randomBytes(4).toString('hex')}${stamp}`;
}

/** The compression stamp in a tree's name, or undefined for a tree that has none (an earlier version's, a migrated folder). */
export function treeStamp(tree: string): string | undefined {
  return /^\d+-[0-9a-f]{8}([0-9a-f]{8})$/.exec(path.basename(tree))?.[1];
}

/** An empty tree folder in `.<dir>.trees/`, readable by a web server whatever the umask. */
export async function newTree(dir: OutDir): Promise<string> {
  await fs.mkdir(dir.parent, { recursive: true });
  await fs.mkdir(dir.trees).then(
    () => fs.chmod(dir.trees, 0o755),
    (err: NodeJS.ErrnoException) => {
      // Already there (or a file is in the way: then the mkdir below says ENOTDIR with the path).
      if (err.code !== 'EEXIST') throw err;
    },
  );
  await ownTrees(dir);
  const tree = path.join(dir.trees, treeName(COMPRESSION_STAMP));
  await fs.mkdir(tree);
  await fs.chmod(tree, 0o755);
  return tree;
}

/**
 * Checks that `.<dir>.trees` is the folder build made, not a symbolic link to elsewhere: build writes,
 * renames and removes in it, and through a link it would remove folders of someone else's that are named
 * like its trees. Anything else (a file in the way) is left for the mkdir to name.
 */
export async function ownTrees(dir: OutDir): Promise<void> {
  const stat = await fs.lstat(dir.trees).catch(() => undefined);
  if (stat?.isSymbolicLink()) throw new OutsideOwnFolderError(realpathSync(dir.trees), dir.trees);
}

/** Points `<dir>` at `tree`; resolves to the tree it pointed at before (to remove), if it was one. */
export async function swapIn(dir: OutDir, tree: string): Promise<string | undefined> {
  // Made beside the tree and renamed over `<dir>`; relative, so the parent folder can move.
  const link = ownedPath(dir.trees, `${tree}.link`);
  await fs.symlink(path.relative(dir.parent, tree), link);
  try {
    const state = await inspect(dir);
    if (state.kind === 'folder') return await migrate(dir, link);
    if (state.kind === 'other' || state.kind === 'link') {
      // build.ts refused these; one appeared while the tree was written. rename() would replace it.
      throw Object.assign(new Error(`EEXIST: file already exists, rename '${dir.out}'`), { code: 'EEXIST', syscall: 'rename', path: dir.out });
    }
    await fs.rename(link, ownedPath(dir.parent, dir.out));
    return state.kind === 'ours' ? state.tree : undefined;
  } catch (err) {
    await removeOwned(dir.trees, link);
    throw err;
  }
}

/**
 * `<dir>` is still a real folder (an older feedwright's, or someone's): it becomes a tree like any other.
 * rename() cannot put a link where a folder is (EISDIR, even when it is empty), and Node has no
 * renameat2(RENAME_EXCHANGE) to swap the two, so this one time there are two renames back to back with
 * nothing between them: a reader in that window of microseconds finds no `<dir>`, and a kill there leaves
 * none until the next build. It runs once the new tree is whole, so the site goes from old to new directly.
 */
async function migrate(dir: OutDir, link: string): Promise<string> {
  const kept = ownedPath(dir.trees, path.join(dir.trees, treeName()));
  const out = ownedPath(dir.parent, dir.out);
  await fs.rename(out, kept);
  try {
    await fs.rename(link, out);
  } catch (err) {
    await fs.rename(kept, out);
    throw err;
  }
  return kept;
}
