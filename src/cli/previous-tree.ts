// The tree `<dir>` points at when a build starts, as a source of files: a document whose bytes are those
// the tree recorded for it (tree-inputs.ts), or an archive page whose inputs are, is hard-linked into the
// new tree with its `.gz` and `.br` instead of being written and compressed again (issue 26). The new tree
// is still written whole and swapped in as one (out-dir.ts), and the old tree is only read and linked
// from, never changed, so a build killed at any point leaves it as it was.
//
// The old tree's files are not trusted to be what build wrote: anyone who can write the served folder
// can replace a file, edit one in place, or plant a link to a file elsewhere. So each file linked is
// checked after the link is made, on the new name, opened without following a link: it must be a
// regular file, the very file looked at before the link (no symbolic link in its place was followed),
// owned by this user and writable by no group or other user (cache/trust.ts: then only this user can
// change it later, through any of its names), and its bytes must hash to the digest the tree recorded.
// Anything else, a file missing from the record included, means "not reused": what was linked is
// removed and the document is written as in a fresh build, so the output never depends on what the old
// tree holds.
import { createHash } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { currentUser, distrust } from '../cache/trust.js';
import { COMPRESSION_STAMP } from '../snapshot/compress.js';
import { exportPath } from '../snapshot/snapshot.js';
import { inspect, treeStamp, type OutDir } from './out-dir.js';
import { cached } from '../memo.js';
import { type DocumentRecord, readRecords } from './tree-inputs.js';

/** A document's file and its siblings, in the order they are written. */
export const VARIANTS = ['', '.gz', '.br'] as const;

/** Read at once when a linked file is hashed: most documents are smaller, and it bounds what is held. */
const CHUNK_BYTES = 1 << 20;

/** A document linked from the old tree: its three files' sizes and (checked) digests. */
export interface Linked {
  readonly sizes: readonly number[];
  readonly digests: readonly string[];
}

export class PreviousTree {
  readonly #root: string;
  readonly #records: ReadonlyMap<string, DocumentRecord>;
  readonly #uid = currentUser();
  /**
   * Each folder of the old tree looked at, and whether it is a real folder (not a link). Looked at once:
   * this only keeps a planted folder link from being linked through in the ordinary case; what is
   * linked through a folder swapped later is checked all the same (#verified).
   */
  readonly #folders = new Map<string, Promise<boolean>>();

  private constructor(root: string, records: ReadonlyMap<string, DocumentRecord>) {
    this.#root = root;
    this.#records = records;
  }

  /**
   * The tree `<dir>` points at, if a build with this process's compression made it (its name says so,
   * out-dir.ts) and recorded its files' digests beside it; else undefined, and the build writes every
   * file (a tree of a version that recorded no digests is not linked from). Called once `.<dir>.trees`
   * is checked to be a real folder (newTree). `warn`: as readRecords.
   */
  static async of(dir: OutDir, warn?: (message: string) => void): Promise<PreviousTree | undefined> {
    const state = await inspect(dir).catch(() => undefined);
    if (state?.kind !== 'ours' || treeStamp(state.tree) !== COMPRESSION_STAMP) return undefined;
    const stat = await fs.lstat(state.tree).catch(() => undefined);
    if (!stat?.isDirectory()) return undefined;
    const records = await readRecords(state.tree, warn);
    return records.size > 0 ? new PreviousTree(state.tree, records) : undefined;
  }

  /** What the old tree recorded its document at `documentPath` was made of (tree-inputs.ts), if anything. */
  inputsOf(documentPath: string): string | undefined {
    return this.#records.get(documentPath)?.inputs;
  }

  /**
   * Links the old tree's document at `documentPath` and its `.gz` and `.br` to `file` and its siblings
   * when the tree recorded `digest` for it (the SHA-256 of the new document's bytes) and its files check
   * out; resolves to what was linked, or undefined when nothing was (and nothing is left at `file` or its
   * siblings). `file` is in the new tree, its folder made.
   */
  reuse(documentPath: string, digest: string, file: string): Promise<Linked | undefined> {
    const record = this.#records.get(documentPath);
    if (record?.digests[0] !== digest) return Promise.resolve(undefined);
    return this.#link(exportPath(documentPath), file, record.digests);
  }

  /**
   * The same without bytes to compare: for a document whose inputs equal those the old tree recorded for
   * it (tree-inputs.ts), so that its bytes are the same without rendering it.
   */
  keep(documentPath: string, file: string): Promise<Linked | undefined> {
    const record = this.#records.get(documentPath);
    if (!record) return Promise.resolve(undefined);
    return this.#link(exportPath(documentPath), file, record.digests);
  }

  async #link(rel: string, file: string, digests: readonly string[]): Promise<Linked | undefined> {
    const old = path.join(this.#root, rel);
    if (!old.startsWith(this.#root + path.sep) || !(await this.#realFolders(path.dirname(rel)))) return undefined;
    // Regular files, not links: some systems' link() follows a symbolic link (Linux's does not).
    const stats = await Promise.all(VARIANTS.map((v) => fs.lstat(old + v).catch(() => undefined)));
    if (!stats.every((s): s is Stats => s?.isFile() === true)) return undefined;
    const made: string[] = [];
    try {
      for (const v of VARIANTS) {
        await fs.link(old + v, file + v);
        made.push(file + v);
      }
      const sizes = await Promise.all(made.map((name, i) => this.#verified(name, stats[i] as Stats, digests[i] as string)));
      if (sizes.every((s): s is number => s !== undefined)) return { sizes, digests };
    } catch {
      // No hard links on this file system (EPERM, ENOTSUP), another device, a file gone: written afresh.
    }
    await Promise.all(made.map((name) => fs.unlink(name)));
    return undefined;
  }

  /**
   * The size of `file`, a link just made in the new tree, when it is the regular file `checked` was, this
   * user's alone to write, and its bytes hash to `digest`; else undefined. Opened without following a
   * link, and checked on its descriptor: what is hashed is what the new tree holds.
   */
  async #verified(file: string, checked: Stats, digest: string): Promise<number | undefined> {
    const handle = await fs.open(file, constants.O_RDONLY | constants.O_NOFOLLOW).catch(() => undefined);
    if (!handle) return undefined;
    try {
      const stat = await handle.stat();
      if (stat.ino !== checked.ino || stat.dev !== checked.dev || distrust(stat, 'file', this.#uid) !== undefined) return undefined;
      const hash = createHash('sha256');
      const chunk = Buffer.allocUnsafe(Math.max(1, Math.min(stat.size, CHUNK_BYTES)));
      let size = 0;
      for (;;) {
        const { bytesRead } = await handle.read(chunk, 0, chunk.length, size);
        if (bytesRead === 0) break;
        hash.update(chunk.subarray(0, bytesRead));
        size += bytesRead;
      }
      return hash.digest('hex') === digest ? size : undefined;
    } finally {
      await handle.close();
    }
  }

  /** Whether `rel` (a folder inside the tree, or `.`) and every folder above it are real folders. */
  #realFolders(rel: string): Promise<boolean> {
    if (rel === '.' || rel === '') return Promise.resolve(true);
    return cached(this.#folders, rel, () =>
      this.#realFolders(path.dirname(rel)).then(
        async (above) => above && (await fs.lstat(path.join(this.#root, rel)).catch(() => undefined))?.isDirectory() === true,
      ),
    );
  }
}
