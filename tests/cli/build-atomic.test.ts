// `feedwright build -o <dir>`: `<dir>` is a link to a whole tree in `.<dir>.trees/`, replaced by one
// rename, so it is never missing nor half of two trees: rebuilds, leftovers of killed builds, the move
// from a real folder, concurrent builds, and kill -9 at random moments with a watcher looking all along.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { CLI, cliEnv, runCli, type CliResult } from '../helpers/cli.js';
import { testConfigFile } from '../helpers/config.js';
import { PostsDir } from '../helpers/posts-dir.js';

const TREE_LINK = /^\.public\.trees\/\d+-[0-9a-f]+$/;

/** Every file under `dir` (through the link) with its bytes, by relative path. */
function readTree(dir: string, prefix = '', files = new Map<string, Buffer>()): Map<string, Buffer> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) readTree(path.join(dir, e.name), `${prefix}${e.name}/`, files);
    else files.set(`${prefix}${e.name}`, readFileSync(path.join(dir, e.name)));
  }
  return files;
}

function sameTree(a: ReadonlyMap<string, Buffer>, b: ReadonlyMap<string, Buffer>): boolean {
  return a.size === b.size && [...a].every(([name, bytes]) => b.get(name)?.equals(bytes) === true);
}

/** `count` posts in 10 categories and 40 tags; `variant` is in every title, so variants differ in nearly every file. */
function generatePosts(count: number, variant: string): PostsDir {
  const posts = new PostsDir();
  for (let i = 0; i < count; i++) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    posts.post(`2024-03-${day}-post-${i}.md`, {
      title: `Post ${i} ${variant}`,
      date: `2024-03-${day} 10:00:00 +0800`,
      categories: `cat-${i % 10}`,
      tags: [`tag-${i % 40}`, `tag-${(i * 7) % 40}`],
      body: `<p>${'Body text. '.repeat(20)}${i}</p>`,
    });
  }
  return posts;
}

/** A pid no process has: a child that has exited (and been reaped). */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid;
}

function spawnBuild(args: readonly string[], cwd: string): ReturnType<typeof spawn> {
  return spawn(process.execPath, [CLI, 'build', ...args], { cwd, env: cliEnv(), stdio: 'ignore' });
}

describe('feedwright build: <dir> is a link to a whole tree', () => {
  const posts = generatePosts(3, 'a');
  const configFile = testConfigFile(posts.dir);
  const root = mkdtempSync(path.join(os.tmpdir(), 'fw-atomic-'));
  after(() => {
    posts.cleanup();
    rmSync(root, { recursive: true, force: true });
  });
  /** A new working folder with `public` in it. */
  const fresh = (): { work: string; out: string; trees: string } => {
    const work = mkdtempSync(path.join(root, 'w-'));
    return { work, out: path.join(work, 'public'), trees: path.join(work, '.public.trees') };
  };
  const build = (cwd: string, out = 'public'): CliResult => runCli(['build', '--config', configFile, '--out', out], { cwd });

  test('a rebuild points <dir> at a new whole tree and removes the previous one; the link is relative', () => {
    const { work, out, trees } = fresh();
    assert.equal(build(work).status, 0);
    const first = readlinkSync(out);
    assert.match(first, TREE_LINK);
    const reference = readTree(out);
    assert.ok(reference.has('index.html') && reference.has('rss.xml.br'));
    const again = build(work);
    assert.equal(again.status, 0, again.stderr);
    const second = readlinkSync(out);
    assert.match(second, TREE_LINK);
    assert.notEqual(second, first);
    // The tree and its record (the digests the next build checks, src/cli/tree-inputs.ts).
    assert.deepEqual(readdirSync(trees), [path.basename(second), `${path.basename(second)}.inputs`]);
    assert.ok(sameTree(readTree(out), reference));
    // Relative, so the site survives moving the folder that holds it.
    const moved = `${work}-moved`;
    renameSync(work, moved);
    assert.ok(sameTree(readTree(path.join(moved, 'public')), reference));
  });

  test('leftovers of killed builds go at the next build; a tree of a live build and foreign names stay', () => {
    const { work, out, trees } = fresh();
    assert.equal(build(work).status, 0);
    const dead = `${deadPid()}-0123abcd`;
    const live = `${process.pid}-feedbeef`;
    for (const dir of ['.public.new-Ab12Cd', '.public.new-Ab12Cd.old']) mkdirSync(path.join(work, dir, 'tags'), { recursive: true });
    mkdirSync(path.join(trees, dead, 'tags'), { recursive: true });
    symlinkSync(`.public.trees/${dead}`, path.join(trees, `${dead}.link`));
    mkdirSync(path.join(trees, live));
    writeFileSync(path.join(trees, 'notes.txt'), 'not a name build makes');
    const res = build(work);
    assert.equal(res.status, 0, res.stderr);
    assert.equal(res.stderr, '');
    assert.deepEqual(readdirSync(work), ['.public.trees', 'public']);
    const tree = path.basename(readlinkSync(out));
    assert.deepEqual(readdirSync(trees).sort(), [tree, `${tree}.inputs`, live, 'notes.txt'].sort());
  });

  test('a real folder <dir> (an older feedwright made it) becomes the link; the old folder goes', () => {
    const { work, out, trees } = fresh();
    mkdirSync(out);
    writeFileSync(path.join(out, 'index.html'), 'old site');
    writeFileSync(path.join(out, 'stale.txt'), 'old site');
    const res = build(work);
    assert.equal(res.status, 0, res.stderr);
    assert.ok(lstatSync(out).isSymbolicLink());
    assert.match(readFileSync(path.join(out, 'rss.xml'), 'utf8'), /Post 2 a/);
    const tree = path.basename(readlinkSync(out));
    assert.deepEqual(readdirSync(trees), [tree, `${tree}.inputs`]);
    assert.deepEqual(readdirSync(work), ['.public.trees', 'public']);
  });

  test('builds running at once keep the trees the others are writing; the next build removes the spare ones', async () => {
    const { work, out, trees } = fresh();
    assert.equal(build(work).status, 0);
    const reference = readTree(out);
    const runs = [1, 2, 3].map(() => spawnBuild(['--config', configFile, '--out', 'public'], work));
    const codes = await Promise.all(runs.map(async (child) => (await once(child, 'exit'))[0] as number | null));
    assert.deepEqual(codes, [0, 0, 0]);
    assert.ok(sameTree(readTree(out), reference));
    assert.equal(build(work).status, 0);
    const tree = path.basename(readlinkSync(out));
    assert.deepEqual(readdirSync(trees), [tree, `${tree}.inputs`]);
  });

  test('refuses a link it did not make, and a working folder inside the current tree (exit 2)', () => {
    const { work, out } = fresh();
    const elsewhere = path.join(work, 'elsewhere');
    mkdirSync(elsewhere);
    symlinkSync('elsewhere', out);
    const foreign = build(work);
    assert.equal(foreign.status, 2);
    assert.match(foreign.stderr, /is a symbolic link to elsewhere, not one build made/);
    assert.equal(readlinkSync(out), 'elsewhere');

    const other = fresh();
    assert.equal(build(other.work).status, 0);
    // `cd public` puts a process in the tree itself.
    const inside = build(realpathSync(other.out), other.out);
    assert.equal(inside.status, 2);
    assert.match(inside.stderr, /holds the working folder/);
  });
});

/**
 * A thread that stats `dir` every 0.1 ms or so until stopped, counting the times it is missing. Against
 * the old two-rename swap it catches most swaps; a busy loop catches hardly more and takes a whole core.
 */
function watch(dir: string): { stop: () => Promise<{ checks: number; absences: number }> } {
  const code = `
    const { workerData } = require('node:worker_threads');
    const { statSync } = require('node:fs');
    const flags = new Int32Array(workerData.shared);
    while (Atomics.load(flags, 0) === 0) {
      let ok = false;
      try { ok = statSync(workerData.dir).isDirectory(); } catch {}
      if (!ok) Atomics.add(flags, 2, 1);
      Atomics.add(flags, 1, 1);
      Atomics.wait(flags, 3, 0, 0.1);
    }`;
  const shared = new SharedArrayBuffer(16);
  const flags = new Int32Array(shared);
  const worker = new Worker(code, { eval: true, workerData: { dir, shared } });
  return {
    stop: async () => {
      Atomics.store(flags, 0, 1);
      await once(worker, 'exit');
      return { checks: flags[1] ?? 0, absences: flags[2] ?? 0 };
    },
  };
}

/** A build that is killed `afterStart` ms after it starts, or `afterTree` ms after its own tree appears. */
async function runBuild(args: readonly string[], cwd: string, trees: string, kill: { afterStart?: number; afterTree?: number } = {}) {
  const started = performance.now();
  const child = spawnBuild(args, cwd);
  const timers: NodeJS.Timeout[] = [];
  const killAfter = (ms: number): void => void timers.push(setTimeout(() => child.kill('SIGKILL'), ms));
  if (kill.afterStart !== undefined) killAfter(kill.afterStart);
  let treeAt: number | undefined;
  const poll = setInterval(() => {
    if (treeAt !== undefined || !existsSync(trees) || !readdirSync(trees).some((name) => name.startsWith(`${child.pid}-`))) return;
    treeAt = performance.now() - started;
    if (kill.afterTree !== undefined) killAfter(kill.afterTree);
  }, 1);
  const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
  clearInterval(poll);
  for (const t of timers) clearTimeout(t);
  return { code, signal, treeAt, ms: performance.now() - started };
}

test('kill -9 at random moments: <dir> is always a whole tree, the old one or the new, and never missing', { timeout: 90_000 }, async () => {
  const variants = [generatePosts(120, 'a'), generatePosts(120, 'b')];
  const configFile = testConfigFile(variants[0]?.dir ?? '');
  const work = mkdtempSync(path.join(os.tmpdir(), 'fw-kill-'));
  const out = path.join(work, 'public');
  const trees = path.join(work, '.public.trees');
  const args = (i: number, dir: string): string[] => ['--config', configFile, '--posts', variants[i % 2]?.dir ?? '', '--out', dir];
  // Whole builds of each variant, the two trees `public` may show after a kill.
  assert.equal(runCli(['build', ...args(0, 'public')], { cwd: work }).status, 0);
  const references = [readTree(out)];
  const watcher = watch(out);
  let killedWriting = 0;
  let watched: { checks: number; absences: number };
  try {
    // Timed with the watcher running, as the builds below are.
    const timed = await runBuild(args(1, 'public'), work, trees);
    assert.equal(timed.code, 0);
    references.push(readTree(out));
    assert.ok(!sameTree(references[0] ?? new Map(), references[1] ?? new Map()));
    const writing = timed.ms - (timed.treeAt ?? 0);
    const deadline = Date.now() + 15_000;
    // Past the tenth build, more are run only until one has been killed after its tree appeared (random
    // moments may all miss it, the more likely the fewer builds a loaded machine fits in the deadline).
    for (let i = 2; (i <= 11 && Date.now() < deadline) || (killedWriting === 0 && i <= 21); i++) {
      // Half anywhere in the build; half once its tree is there: while it is written, swapped in, or the
      // old one removed (or not at all, when the build is faster than the kill). The extra ones: the latter.
      const kill = i % 2 === 1 && i <= 11 ? { afterStart: Math.round(timed.ms * Math.random()) } : { afterTree: Math.round(writing * 1.5 * Math.random()) };
      const run = await runBuild(args(i, 'public'), work, trees, kill);
      if (run.signal !== 'SIGKILL') assert.equal(run.code, 0, `run ${i}`);
      else if (run.treeAt !== undefined) killedWriting++;
      const tree = readTree(out);
      assert.ok(
        references.some((r) => sameTree(tree, r)),
        `run ${i}, killed ${JSON.stringify(kill)}: ${tree.size} files`,
      );
    }
  } finally {
    // Also when an assertion above fails: the thread would keep the test process alive.
    watched = await watcher.stop();
  }
  const { checks, absences } = watched;
  assert.equal(absences, 0, `${absences} of ${checks} checks found no public`);
  assert.ok(checks > 1000, `only ${checks} checks`);
  assert.ok(killedWriting >= 1, 'no build was killed after its tree appeared');
  // The killed builds' partial trees and links are gone after the next whole build.
  assert.equal(runCli(['build', ...args(0, 'public')], { cwd: work }).status, 0);
  // The tree, and beside it what its archive pages were made of (src/cli/tree-inputs.ts).
  const tree = path.basename(readlinkSync(out));
  assert.deepEqual(readdirSync(trees), [tree, `${tree}.inputs`]);
  assert.ok(sameTree(readTree(out), references[0] ?? new Map()));
  for (const posts of variants) posts.cleanup();
  rmSync(work, { recursive: true, force: true });
});
