// The tree `<dir>` points at when a build starts, as a source of files: a document whose bytes equal the
// file that tree holds at its path (a full archive page, which never changes, is the common case) is
// hard-linked into the new tree with its `.gz` and `.br`, instead of being written and compressed again
// (issue 26). The new tree is still written whole and swapped in as one (out-dir.ts), and the old tree
// is only read and linked from, never changed, so a build killed at any point leaves it as it was.
//
// The old tree's files are not trusted to be what build wrote: a symbolic link planted in it (at a file
// or at a folder) is never followed nor copied into the new tree. Every folder on the way is checked to
// be a real folder, every file a regular file, the file compared is opened with O_NOFOLLOW, and each link
// made is checked to be the very file that was checked. Anything unexpected means "not reused": the
// document is then written as in a fresh build, so the output never depends on what the old tree holds.
import { constants, type Stats } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { COMPRESSION_STAMP } from '../snapshot/compress.js';
import { inspect, treeStamp, type OutDir } from './out-dir.js';
import { readInputs } from './tree-inputs.js';

/** A document's file and its siblings, in the order they are written. */
export const VARIANTS = ['', '.gz', '.br'] as const;

export class PreviousTree {
  readonly #root: string;
  /** Each folder of the old tree looked at, and whether it is a real folder (not a link). */
  readonly #folders = new Map<string, Promise<boolean>>();

  private constructor(root: string) {
    this.#root = root;
  }

  /**
   * The tree `<dir>` points at, if a build with this process's compression made it (its name says so,
   * out-dir.ts); else undefined, and the build writes every file. Called once `.<dir>.trees` is checked
   * to be a real folder (newTree).
   */
  static async of(dir: OutDir): Promise<PreviousTree | undefined> {
    const state = await inspect(dir).catch(() => undefined);
    if (state?.kind !== 'ours' || treeStamp(state.tree) !== COMPRESSION_STAMP) return undefined;
    const stat = await fs.lstat(state.tree).catch(() => undefined);
    return stat?.isDirectory() ? new PreviousTree(state.tree) : undefined;
  }

  /** What the documents of the old tree were made of (tree-inputs.ts): path → inputs. `warn`: as readInputs. */
  inputs(warn?: (message: string) => void): Promise<Map<string, string>> {
    return readInputs(this.#root, warn);
  }

  /**
   * Links the old tree's `rel` and its `.gz` and `.br` to `file` and its siblings when the old `rel` holds
   * exactly `identity`; resolves to the three files' sizes, or undefined when nothing was reused (and
   * nothing is left at `file` or its siblings). `file` is in the new tree, its folder made.
   */
  reuse(rel: string, identity: Buffer, file: string): Promise<number[] | undefined> {
    return this.#link(rel, file, identity);
  }

  /**
   * The same without bytes to compare: for a document whose inputs equal those the old tree recorded for
   * it (tree-inputs.ts), so that its bytes are the same without rendering it.
   */
  keep(rel: string, file: string): Promise<number[] | undefined> {
    return this.#link(rel, file, undefined);
  }

  async #link(rel: string, file: string, identity: Buffer | undefined): Promise<number[] | undefined> {
    const old = path.join(this.#root, rel);
    if (!old.startsWith(this.#root + path.sep) || !(await this.#realFolders(path.dirname(rel)))) return undefined;
    const stats = await Promise.all(VARIANTS.map((v) => fs.lstat(old + v).catch(() => undefined)));
    if (!stats.every((s): s is Stats => s?.isFile() === true)) return undefined;
    const checked = stats[0] as Stats;
    if (identity && (checked.size !== identity.length || !(await sameBytes(old, identity, checked)))) return undefined;
    const made: string[] = [];
    try {
      for (const v of VARIANTS) {
        await fs.link(old + v, file + v);
        made.push(file + v);
      }
      // What was linked is what was checked: nothing replaced a file by a link in the meantime.
      const linked = await Promise.all(made.map((name) => fs.lstat(name)));
      if (linked.every((s, i) => s.isFile() && sameFile(s, stats[i] as Stats))) return stats.map((s) => (s as Stats).size);
    } catch {
      // No hard links on this file system (EPERM, ENOTSUP), another device, a file gone: written afresh.
    }
    await Promise.all(made.map((name) => fs.unlink(name)));
    return undefined;
  }

  /** Whether `rel` (a folder inside the tree, or `.`) and every folder above it are real folders. */
  #realFolders(rel: string): Promise<boolean> {
    if (rel === '.' || rel === '') return Promise.resolve(true);
    let known = this.#folders.get(rel);
    if (!known) {
      known = this.#realFolders(path.dirname(rel)).then(
        async (above) => above && (await fs.lstat(path.join(this.#root, rel)).catch(() => undefined))?.isDirectory() === true,
      );
      this.#folders.set(rel, known);
    }
    return known;
  }
}

/** Whether `file` (a regular file, not followed if it is a link now) holds exactly `bytes`. */
async function sameBytes(file: string, bytes: Buffer, checked: Stats): Promise<boolean> {
  const handle = await fs.open(file, constants.O_RDONLY | constants.O_NOFOLLOW).catch(() => undefined);
  if (!handle) return false;
  try {
    const stat = await handle.stat();
    if (!sameFile(stat, checked) || stat.size !== bytes.length) return false;
    const held = Buffer.allocUnsafe(bytes.length);
    let at = 0;
    while (at < held.length) {
      const { bytesRead } = await handle.read(held, at, held.length - at, at);
      if (bytesRead === 0) return false;
      at += bytesRead;
    }
    return held.equals(bytes);
  } finally {
    await handle.close();
  }
}

function sameFile(a: Stats, b: Stats): boolean {
  return a.ino === b.ino && a.dev === b.dev;
}
