// `feedwright build --out public/`: the whole tree the server serves, as files, for static hosting.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config/schema.js';
import { configFrom, displayPath, problemLine, stringValue, UsageError, type Command } from './args.js';
import { rescanOnce } from './rescan-once.js';
import { writeTree } from './write-tree.js';

export const buildCommand: Command = {
  name: 'build',
  summary:
    'Write every feed, page, the OPML list, the stylesheets and assets to a folder, each with .gz and .br\n' +
    'siblings, byte for byte what the server sends. An existing folder is replaced as a whole.',
  options: {
    out: { type: 'string', short: 'o', arg: '<dir>', help: 'output folder (default public)' },
  },
  run: async (values) => {
    const config = configFrom(values);
    const out = path.resolve(stringValue(values, 'out') ?? 'public');
    await refuseUnsafeOut(out, config);
    const started = performance.now();
    // The server's own rescan, so the tree is what it would serve.
    const { result, snapshot } = await rescanOnce(config, 'build');
    for (const p of result.problems) process.stderr.write(`${problemLine(config, p)}\n`);
    if (!snapshot) {
      process.stderr.write(`feedwright build: the rescan failed; ${displayPath(out)} is left as it was\n`);
      return 1;
    }
    const written = await writeTree(snapshot, out);
    const ms = Math.round(performance.now() - started);
    process.stdout.write(
      `feedwright build: ${snapshot.entries.size} documents (${snapshot.posts} posts) → ${displayPath(out)}, ${written.files} files, ${written.bytes} bytes, ${ms} ms\n`,
    );
    return 0;
  },
};

/**
 * The output folder is deleted and replaced, as Jekyll does with _site: refuse a folder that holds the
 * posts, the config or the working folder, and anything that is not a folder.
 */
async function refuseUnsafeOut(out: string, config: Config): Promise<void> {
  const holds = (inner: string): boolean => inner === out || inner.startsWith(out + path.sep);
  if (holds(config.posts.dir)) throw new UsageError(`--out ${out}: it holds the posts folder, which build would delete`, buildCommand);
  if (holds(process.cwd())) throw new UsageError(`--out ${out}: it holds the working folder, which build would delete`, buildCommand);
  const existing = await stat(out).catch(() => undefined);
  if (existing && !existing.isDirectory()) throw new UsageError(`--out ${out}: exists and is not a folder`, buildCommand);
}
