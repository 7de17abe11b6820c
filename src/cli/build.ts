// `feedwright build --out public/`: the whole tree the server serves, as files, for static hosting.
import path from 'node:path';
import type { Config } from '../config/schema.js';
import { UsageError } from '../errors.js';
import { stringValue, type Run } from './args.js';
import { configFrom } from './config-from.js';
import { displayPath, problemLine } from './display.js';
import { inspect, outDir } from './out-dir.js';
import { BuildProgress, type ProgressStream } from './progress.js';
import { rescanOnce } from './rescan-once.js';
import { writeErrorLine } from './write-error.js';
import { type DocumentWritten, type KnownInputs, type WriteResult, writeTree } from './write-tree.js';
import { savedQueryCount, savedQueryDocuments } from './saved-queries.js';
import { noPostsWarning } from '../posts/posts-dir.js';
import { scanOptionsFrom } from '../posts/options.js';
import { allArchivePages } from '../archives/all-archive-pages.js';
import { archiveInputs } from '../archives/archive-cache.js';
import { buildKeyOrUnique } from '../cache/build-key.js';
import { allArchiveDocuments, archiveDocumentAt, archiveDocumentCount } from '../snapshot/archives.js';
import type { Snapshot, SnapshotEntry } from '../snapshot/snapshot.js';

export const run: Run = (values) => build(values, process.stderr);

/** `progress`: where a terminal sees how far the build is (nothing is drawn when it is no terminal). */
export async function build(values: Parameters<Run>[0], progressStream: ProgressStream): Promise<number> {
  const config = configFrom(values, { defaults: (m) => process.stderr.write(`feedwright build: warning: ${m}\n`) });
  const out = path.resolve(stringValue(values, 'out') ?? 'public');
  await refuseUnsafeOut(out, config);
  const started = performance.now();
  const progress = new BuildProgress(progressStream);
  try {
    // The server's own rescan, so the tree is what it would serve.
    const { result, snapshot } = await rescanOnce(config, 'build', progress);
    progress.stop();
    for (const p of result.problems) process.stderr.write(`${problemLine(config, p)}\n`);
    if (result.ok && result.files === 0) process.stderr.write(`feedwright build: warning: ${noPostsWarning(config.posts)}\n`);
    if (!snapshot) {
      process.stderr.write(`feedwright build: the rescan failed; ${displayPath(out)} is left as it was\n`);
      return 1;
    }
    // Archive pages, which the server renders on request, are all written (docs/reference/feeds.md "History: archive pages"), each rendered as the writer asks for it and dropped once written.
    const documents = snapshot.entries.size + archiveCount(snapshot) + savedQueryCount(config);
    // Archive documents by what they are made of: those the previous tree has from the same inputs are
    // linked from it, neither rendered nor their posts read (write-tree.ts, tree-inputs.ts).
    const of = archiveInputs(config, await buildKeyOrUnique())(snapshot);
    const archiveDocuments = snapshot.archive ? [...allArchiveDocuments(snapshot.archive)].filter((d) => !snapshot.entries.has(d.path)) : [];
    const whole = new Set<string>();
    const inputs: KnownInputs = { of: new Map(archiveDocuments.map((d) => [d.path, of(d)])), whole: (p) => whole.delete(p) };
    const archive = { documents: 0, bytes: 0 };
    const tree = (kept: ReadonlySet<string>): Iterable<SnapshotEntry> => withArchivePages(snapshot, config, kept, whole);
    const onWritten = (done: number, doc: DocumentWritten): void => {
      progress.writing(done, documents);
      if (!inputs.of.has(doc.path)) return;
      archive.documents++;
      archive.bytes += doc.sizes.reduce((sum, n) => sum + n, 0);
    };
    // A file-system refusal (ENOSPC, EACCES, EROFS…) is one line and exit 1; anything else is a bug.
    const written = await writeTree(tree, out, onWritten, undefined, inputs).catch((err: unknown) => {
      const line = writeErrorLine(err, out);
      if (line === undefined) throw err;
      progress.stop();
      process.stderr.write(line);
      return undefined;
    });
    progress.stop();
    if (!written) return 1;
    for (const m of written.warnings) process.stderr.write(`feedwright build: warning: ${m}\n`);
    for (const err of written.cleanupErrors) process.stderr.write(`feedwright build: warning: ${err instanceof Error ? err.message : String(err)}\n`);
    const ms = Math.round(performance.now() - started);
    process.stdout.write(
      `feedwright build: ${written.documents} documents (${snapshot.posts} posts) → ${displayPath(out)}, ${written.files} files, ${written.bytes} bytes, ${ms} ms\n`,
    );
    process.stdout.write(`${sizeLine(written, archive)}\n`);
    return 0;
  } finally {
    progress.stop();
  }
}

/**
 * What the build reused and wrote, and how much of the tree archive pages are: they are most of it at
 * any size (every scope in every format, docs/internals/performance.md "Archive pages"), and what a site
 * that does not want them turns off (feeds.archive.enabled).
 */
function sizeLine(written: WriteResult, archive: { readonly documents: number; readonly bytes: number }): string {
  const share = written.bytes > 0 ? Math.round((100 * archive.bytes) / written.bytes) : 0;
  return (
    `feedwright build: ${written.reused} documents reused from the previous tree (linked with their .gz and .br, ${written.kept} of them archive pages not rendered again), ` +
    `${written.documents - written.reused} written; archive pages: ${archive.documents} documents, ${archive.bytes} bytes (${share} % of the bytes)`
  );
}

/**
 * The snapshot's documents, then every archive document but those `kept` (linked from the previous
 * tree), rendered one at a time as they are asked for. `whole` gets the paths of those rendered from all
 * of their posts.
 */
function* withArchivePages(snapshot: Snapshot, config: Config, kept: ReadonlySet<string>, whole: Set<string>): Generator<SnapshotEntry> {
  yield* snapshot.entries.values();
  // A document the snapshot holds at a path (an old address) keeps it, as when served.
  const skip = (p: string): boolean => snapshot.entries.has(p) || kept.has(p);
  yield* allArchivePages(snapshot, config, scanOptionsFrom(config), skip, undefined, (d) => void whole.add(d.path));
  // Saved queries at /queries/<name>/ (docs/guides/query-feeds-and-subscribers.md): a static host takes no query string.
  yield* savedQueryDocuments(snapshot, config);
}

/** How many archive documents the build adds to the snapshot's (for the progress line). */
function archiveCount(snapshot: Snapshot): number {
  const index = snapshot.archive;
  if (!index) return 0;
  let taken = 0;
  for (const p of snapshot.entries.keys()) if (archiveDocumentAt(index, p)) taken++;
  return archiveDocumentCount(index) - taken;
}

/**
 * The output folder is deleted and replaced, as Jekyll does with _site: refuse a folder that holds the
 * posts or the working folder, and anything that is neither a folder nor the link build made. A link to
 * elsewhere is refused too: build would only replace the link, and whoever made it expects that folder
 * to change.
 */
async function refuseUnsafeOut(out: string, config: Config): Promise<void> {
  const dir = outDir(out);
  // The trees folder too: after `cd public` the working folder is the real path, `.public.trees/<tree>`.
  const holds = (inner: string): boolean => [dir.out, dir.trees].some((d) => inner === d || inner.startsWith(d + path.sep));
  if (holds(config.posts.dir)) throw new UsageError(`--out ${out}: it holds the posts folder, which build would delete`, 'build');
  if (holds(process.cwd())) throw new UsageError(`--out ${out}: it holds the working folder, which build would delete`, 'build');
  // Unreadable (a file in the path, no permission): writing the tree then says what is wrong, in one line.
  const state = await inspect(dir).catch(() => undefined);
  if (state?.kind === 'other') throw new UsageError(`--out ${out}: exists and is not a folder`, 'build');
  if (state?.kind === 'link') {
    throw new UsageError(`--out ${out}: is a symbolic link to ${state.target}, not one build made; build to that folder, or remove the link`, 'build');
  }
}
