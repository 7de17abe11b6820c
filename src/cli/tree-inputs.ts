// What each document of a build's tree is, kept beside the tree as `.<dir>.trees/<tree>.inputs`: the
// SHA-256 of each of its three files (the document, its `.gz`, its `.br`), and for an archive page what it
// was made of (archives/archive-cache.ts archiveInputs). The next build links a file from that tree only
// when the linked file hashes to its digest here (previous-tree.ts), and links an archive page whose
// inputs are unchanged without rendering it or reading its posts back (a full archive page never
// changes). Beside the tree, not in it: a static host serves the tree. Named after the tree, so the
// leftover sweep (old-trees.ts) removes it with its tree.
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import fs from 'node:fs/promises';
import { currentUser, distrust } from '../cache/trust.js';
import { readAt } from '../read-bounded.js';

/** One document of a tree. */
export interface DocumentRecord {
  /** SHA-256 (hex) of the document's file, its `.gz` and its `.br`, in that order (previous-tree.ts VARIANTS). */
  readonly digests: readonly string[];
  /** What it was made of, for an archive page rendered from all of its posts (write-tree.ts KnownInputs). */
  readonly inputs?: string;
}

/**
 * The largest file read (JSON.parse holds a few times its size). A document takes ~300 bytes (three
 * digests, its path, its inputs), so this is ~200,000 documents, four times the tree of 100,000 posts
 * (47,460 documents, docs/internals/performance.md): a larger file is not one build wrote.
 */
export const MAX_INPUTS_BYTES = 64 * 1024 * 1024;

/** The file's format: a file of another (an earlier version's, which had no digests) is not read. */
const FORMAT = 2;

const DIGEST = /^[0-9a-f]{64}$/;

export function inputsFile(tree: string): string {
  return `${tree}.inputs`;
}

/** The SHA-256 of a file's bytes, as recorded. */
export function digestOf(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * The file's bytes: `{"format":2,"documents":[[path, [digests], inputs?], …]}`, sorted by path (the same
 * tree, the same file).
 */
export function encodeRecords(records: ReadonlyMap<string, DocumentRecord>): Buffer {
  const documents = [...records]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([path, r]) => (r.inputs === undefined ? [path, r.digests] : [path, r.digests, r.inputs]));
  return Buffer.from(JSON.stringify({ format: FORMAT, documents }));
}

/**
 * The documents recorded beside `tree`, by path; empty when there is no such file or it is not one this
 * version of build wrote (a link, not a regular file, too large, not the expected JSON, an earlier
 * format): the build then links nothing from the tree. The file says which bytes the tree's files hold,
 * so it is trusted as the warm cache is (cache/trust.ts): owned by this user and writable by no one else.
 * `warn` hears why a file that is there was not read, when that is its size or its owner or mode (the rest
 * is what a killed or older build leaves, and says nothing).
 */
export async function readRecords(tree: string, warn?: (message: string) => void): Promise<Map<string, DocumentRecord>> {
  const none = new Map<string, DocumentRecord>();
  const file = inputsFile(tree);
  // O_NOFOLLOW: a link planted in place of the file is not read through.
  const handle = await fs.open(file, constants.O_RDONLY | constants.O_NOFOLLOW).catch(() => undefined);
  if (!handle) return none;
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) return none;
    const why = distrust(stat, 'file', currentUser());
    if (why !== undefined) {
      warn?.(`${file} is not read (${why}): every document is written afresh`);
      return none;
    }
    if (stat.size > MAX_INPUTS_BYTES) {
      warn?.(`${file} is larger than ${MAX_INPUTS_BYTES} bytes and was not read: every document is written afresh`);
      return none;
    }
    const bytes = await readWhole(handle, stat.size);
    return bytes ? (decode(JSON.parse(bytes.toString('utf8'))) ?? none) : none;
  } catch {
    return none;
  } finally {
    await handle.close();
  }
}

/** The records in `parsed`, or undefined when anything in it is not as encodeRecords writes it. */
function decode(parsed: unknown): Map<string, DocumentRecord> | undefined {
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { format, documents } = parsed as { format?: unknown; documents?: unknown };
  if (format !== FORMAT || !Array.isArray(documents)) return undefined;
  const out = new Map<string, DocumentRecord>();
  for (const entry of documents as unknown[]) {
    if (!Array.isArray(entry) || entry.length < 2 || entry.length > 3) return undefined;
    const [path, digests, inputs] = entry as unknown[];
    if (typeof path !== 'string' || !Array.isArray(digests) || digests.length !== 3) return undefined;
    if (!digests.every((d) => typeof d === 'string' && DIGEST.test(d))) return undefined;
    if (inputs !== undefined && typeof inputs !== 'string') return undefined;
    out.set(path, inputs === undefined ? { digests } : { digests, inputs });
  }
  return out;
}

/**
 * The file's bytes, read to the end, or undefined unless that is the size fstat gave: build writes the
 * file whole before its tree is swapped in, so one that grows while it is read is not one build wrote.
 */
async function readWhole(handle: fs.FileHandle, size: number): Promise<Buffer | undefined> {
  // One byte past fstat's size: a file that grew says so.
  const bytes = await readAt(handle, size + 1, 0);
  return bytes.length === size ? bytes : undefined;
}
