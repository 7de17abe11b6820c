// What each archive document of a build's tree was made of (archives/archive-cache.ts archiveInputs),
// kept beside the tree as `.<dir>.trees/<tree>.inputs`: the next build links a document whose inputs are
// unchanged from that tree without rendering it or reading its posts back (a full archive page never
// changes). Beside the tree, not in it: a static host serves the tree. Named after the tree, so the
// leftover sweep (old-trees.ts) removes it with its tree.
import { constants } from 'node:fs';
import fs from 'node:fs/promises';

/**
 * The largest file read (JSON.parse holds a few times its size). A document takes ~100 bytes, so this is
 * ~600,000 documents, over ten times the tree of 100,000 posts (47,460 documents,
 * docs/internals/performance.md): a larger file is not one build wrote, and is not read.
 */
export const MAX_INPUTS_BYTES = 64 * 1024 * 1024;

export function inputsFile(tree: string): string {
  return `${tree}.inputs`;
}

/** The file's bytes: a JSON array of `[path, inputs]`, sorted by path (the same tree, the same file). */
export function encodeInputs(inputs: ReadonlyMap<string, string>): Buffer {
  return Buffer.from(JSON.stringify([...inputs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
}

/**
 * The inputs recorded beside `tree`; empty when there is no such file or it is not one build wrote (a
 * link, not a regular file, too large, not the expected JSON): the build then renders every document.
 * `warn` hears why a file that is there was not read, when that is its size (the rest is what a killed
 * or older build leaves, and says nothing).
 */
export async function readInputs(tree: string, warn?: (message: string) => void): Promise<Map<string, string>> {
  const none = new Map<string, string>();
  // O_NOFOLLOW: a link planted in place of the file is not read through.
  const handle = await fs.open(inputsFile(tree), constants.O_RDONLY | constants.O_NOFOLLOW).catch(() => undefined);
  if (!handle) return none;
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) return none;
    if (stat.size > MAX_INPUTS_BYTES) {
      warn?.(`${inputsFile(tree)} is larger than ${MAX_INPUTS_BYTES} bytes and was not read: every archive page is rendered again`);
      return none;
    }
    const bytes = await readWhole(handle, stat.size);
    if (!bytes) return none;
    const parsed: unknown = JSON.parse(bytes.toString('utf8'));
    if (!Array.isArray(parsed)) return none;
    const out = new Map<string, string>();
    for (const pair of parsed as unknown[]) {
      if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'string' || typeof pair[1] !== 'string') return none;
      out.set(pair[0], pair[1]);
    }
    return out;
  } catch {
    return none;
  } finally {
    await handle.close();
  }
}

/**
 * The file's bytes, read to the end, or undefined unless that is the size fstat gave: build writes the
 * file whole before its tree is swapped in, so one that grows while it is read is not one build wrote.
 */
async function readWhole(handle: fs.FileHandle, size: number): Promise<Buffer | undefined> {
  const bytes = Buffer.allocUnsafe(size + 1);
  let length = 0;
  while (length < bytes.length) {
    const { bytesRead } = await handle.read(bytes, length, bytes.length - length, length);
    if (bytesRead === 0) break;
    length += bytesRead;
  }
  return length === size ? bytes.subarray(0, size) : undefined;
}
