// Benchmark corpora kept on disk between runs: a million posts take minutes and gigabytes to write, so
// each (kind, size) is written once under the corpora folder (`--corpus-dir`, FEEDWRIGHT_BENCH_CORPORA,
// else the temporary folder), marked whole only when done, and put back as it was before and after every
// run (the benchmark edits the newest post and adds posts of its own; a run killed midway is undone by
// the next). The generator is seeded (corpus.ts), so a kept corpus equals a freshly written one.
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { type CorpusKind, corpusPosts } from './corpus.js';

const run = promisify(execFile);

export interface Corpus {
  readonly kind: CorpusKind;
  readonly size: number;
  /** The posts folder. */
  readonly posts: string;
  /** The newest post, relative to `posts`: every site feed shows it. */
  readonly newest: string;
  /** True when this call wrote it (else it was kept from an earlier run). */
  readonly written: boolean;
  /** How long writing it took, when it was written (now or by the run that wrote it). */
  readonly writtenMs: number | undefined;
}

/** What runs add at the top of the posts folder (bench.ts, scale.ts): removed before and after. */
export const BENCH_FILES = /^(fresh-bench-\d+|fresh-post-\d+|big-front-matter-\d+)\.md$/;
/** Bumped when the generator changes: a corpus marked with an older one is written again, unless… */
export const GENERATOR = 3;
/**
 * …its posts are the same bytes and only its `newest` was picked otherwise (2: by the date's digits,
 * not its instant): then `newest` is picked again from the generator, without writing a post.
 */
const SAME_POSTS = new Set([2]);

/** The folder a run keeps its corpora in when none is named. */
export function defaultCorporaDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.FEEDWRIGHT_BENCH_CORPORA || path.join(os.tmpdir(), 'feedwright-bench-corpora');
}

interface Marker {
  readonly newest: string;
  readonly generator: number;
  readonly writtenMs?: number;
}

/**
 * The corpus of `kind` and `size` under `root`, written first (by write-corpus.js, a child process, so
 * its memory is not the benchmark's) if it is not there whole. `writer`: tests write in-process.
 */
export async function corpusAt(
  root: string,
  kind: CorpusKind,
  size: number,
  say: (s: string) => void = () => {},
  writer: (postsDir: string) => Promise<{ newest: string }> = (postsDir) => writeInChild(postsDir, size, kind),
): Promise<Corpus> {
  const dir = path.join(root, `${kind}-${size}`);
  const marker = path.join(dir, 'corpus.json');
  const posts = path.join(dir, 'posts');
  const original = path.join(dir, 'newest.original');
  let done = readMarker(marker);
  let written = false;
  if (done && done.generator !== GENERATOR && SAME_POSTS.has(done.generator)) {
    say(`${kind} corpus of ${size} posts kept in ${posts}: picking its newest post again …`);
    restoreCorpus({ posts, newest: done.newest });
    const newest = newestOf(size, kind);
    copyFileSync(path.join(posts, newest), original);
    done = { ...done, newest, generator: GENERATOR };
    writeFileSync(marker, JSON.stringify(done));
  }
  if (done?.generator !== GENERATOR) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(posts, { recursive: true });
    const free = statfsSync(root);
    // ~8 KB on disk a post (1–8 KB of text in 4 KB blocks).
    const needed = size * 8 * 1024;
    if (free.bavail * free.bsize < needed * 1.5) throw new Error(`not enough space for ${size} posts under ${root}: ~${Math.ceil(needed / 2 ** 30)} GB needed`);
    say(`writing ${size} ${kind} posts to ${posts} (kept for later runs) …`);
    const t = performance.now();
    const { newest } = await writer(posts);
    copyFileSync(path.join(posts, newest), original);
    done = { newest, generator: GENERATOR, writtenMs: Math.round(performance.now() - t) };
    // Last: a corpus without its marker is half-written and is written again.
    writeFileSync(marker, JSON.stringify(done));
    written = true;
  } else {
    say(`${kind} corpus of ${size} posts kept in ${posts}`);
  }
  const corpus = { kind, size, posts, newest: done.newest, written, writtenMs: done.writtenMs };
  restoreCorpus(corpus);
  return corpus;
}

/** Puts back what a run changed: the newest post's bytes (only if they differ), and removes the posts it added. */
export function restoreCorpus(corpus: Pick<Corpus, 'posts' | 'newest'>): void {
  const original = path.join(path.dirname(corpus.posts), 'newest.original');
  const newest = path.join(corpus.posts, corpus.newest);
  if (existsSync(original)) {
    const want = readFileSync(original);
    if (!existsSync(newest) || !readFileSync(newest).equals(want)) writeFileSync(newest, want);
  }
  for (const name of readdirSync(corpus.posts)) if (BENCH_FILES.test(name)) rmSync(path.join(corpus.posts, name), { force: true });
}

/** The newest post of a corpus, from the generator alone (a million posts: about a minute of CPU). */
function newestOf(size: number, kind: CorpusKind): string {
  const posts = corpusPosts({ posts: size, kind });
  for (;;) {
    const next = posts.next();
    if (next.done) return next.value.newest;
  }
}

function readMarker(file: string): Marker | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Marker;
  } catch {
    return undefined;
  }
}

async function writeInChild(postsDir: string, size: number, kind: CorpusKind): Promise<{ newest: string }> {
  const { stdout } = await run(process.execPath, [path.join(import.meta.dirname, 'write-corpus.js'), postsDir, String(size), kind], { maxBuffer: 1 << 20 });
  return JSON.parse(stdout) as { newest: string };
}
