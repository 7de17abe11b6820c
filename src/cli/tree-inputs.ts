// What each archive document of a build's tree was made of (archives/archive-cache.ts archiveInputs),
// kept beside the tree as `.<dir>.trees/<tree>.inputs`: the next build links a document whose inputs are
// unchanged from that tree without rendering it or reading its posts back (a full archive page never
// changes). Beside the tree, not in it: a static host serves the tree. Named after the tree, so the
// leftover sweep (old-trees.ts) removes it with its tree.
import { constants } from 'node:fs';
import fs from 'node:fs/promises';

/** Larger than any real one (~100 bytes a document): a file past it is not one build wrote. */
const MAX_BYTES = 1 << 30;

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
 */
export async function readInputs(tree: string): Promise<Map<string, string>> {
  const none = new Map<string, string>();
  // O_NOFOLLOW: a link planted in place of the file is not read through.
  const handle = await fs.open(inputsFile(tree), constants.O_RDONLY | constants.O_NOFOLLOW).catch(() => undefined);
  if (!handle) return none;
  try {
    const stat = await handle.stat();
    if (!stat.isFile() || stat.size > MAX_BYTES) return none;
    const parsed: unknown = JSON.parse(await handle.readFile('utf8'));
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
