// npm run bench:liquid [-- --posts 10000 --runs 5 --other <tree>]: what running posts' Liquid costs (issue 24).
// Three corpora of the same posts (bench/corpus.ts): the plain folder every benchmark uses, the same posts
// as a Jekyll site without Liquid, and as a Jekyll site where a third of the posts read site.data, include
// files and highlight code. Each is built cold (a fresh process each time), rescanned five times with
// nothing changed and five times after an edit, by this tree and by another (default: main, from git),
// alternately, so a drift of the machine's speed slows both alike. Figures, not assertions.
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { writeCorpus, writeJekyllCorpus } from './corpus.js';

const run = promisify(execFile);
const { values } = parseArgs({
  options: {
    posts: { type: 'string', default: '10000' },
    runs: { type: 'string', default: '5' },
    other: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});
const N = Number(values.posts);
const RUNS = Number(values.runs);
// This file runs compiled, from .bench-build/bench/: the tree is two folders up.
const here = path.resolve(import.meta.dirname, '../..');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'fw-bench-liquid-'));

interface Figures {
  readonly coldMs: number;
  readonly coldCpuMs: number;
  readonly noChangeMs: number;
  readonly editMs: number;
  readonly dataEditMs?: number;
  readonly posts: number;
  readonly peakRssMb: number;
}

/** The other tree: main as git has it, with this tree's node_modules, compiled as this one is. */
function otherTree(): string {
  if (values.other) return path.resolve(values.other);
  const dir = path.join(tmp, 'main');
  mkdirSync(dir);
  execFileSync('sh', ['-c', `git -C ${JSON.stringify(here)} archive main | tar -x -C ${JSON.stringify(dir)}`]);
  symlinkSync(path.join(here, 'node_modules'), path.join(dir, 'node_modules'));
  return dir;
}

function compile(tree: string): void {
  // liquid-run.ts measures either tree: the same file is put in both.
  if (tree !== here) execFileSync('cp', [path.join(here, 'bench', 'liquid-run.ts'), path.join(tree, 'bench', 'liquid-run.ts')]);
  execFileSync(process.execPath, [path.join(here, 'node_modules/typescript/bin/tsc'), '-p', path.join(tree, 'tsconfig.bench.json')], { stdio: 'inherit' });
  execFileSync('cp', [path.join(tree, 'package.json'), path.join(tree, '.bench-build', 'package.json')]);
}

const corpora = (() => {
  const folder = path.join(tmp, 'folder', 'posts');
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(tmp, 'folder', 'newest.txt'), writeCorpus(folder, { posts: N }).newest);
  const make = (name: string, liquidShare: number): string => {
    const dir = path.join(tmp, name);
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'newest.txt'), writeJekyllCorpus(dir, { posts: N, liquidShare }).newest);
    return dir;
  };
  return [
    { name: 'plain folder (CommonMark, no Liquid)', dir: folder, layout: 'folder', data: false },
    { name: 'Jekyll site, no Liquid in posts', dir: make('jekyll-plain', 0), layout: 'jekyll', data: false },
    { name: 'Jekyll site, a third of posts with site.data, include, highlight', dir: make('jekyll-liquid', 1 / 3), layout: 'jekyll', data: true },
  ];
})();

const trees = [
  { name: 'main', dir: otherTree() },
  { name: 'this', dir: here },
];
for (const tree of trees) compile(tree.dir);

const results = new Map<string, Figures[]>();
for (let r = 0; r < RUNS; r++) {
  for (const corpus of corpora) {
    // Alternate which tree goes first, run by run.
    for (const tree of r % 2 === 0 ? trees : [...trees].reverse()) {
      const args = [path.join(tree.dir, '.bench-build', 'bench', 'liquid-run.js'), corpus.dir, corpus.layout, ...(corpus.data ? ['edit-data'] : [])];
      const out = await run(process.execPath, args, { cwd: tree.dir, maxBuffer: 1 << 20 });
      const key = `${corpus.name}\0${tree.name}`;
      results.set(key, [...(results.get(key) ?? []), JSON.parse(out.stdout) as Figures]);
      if (!values.json) process.stderr.write(`run ${r + 1}/${RUNS} ${tree.name}: ${corpus.name}: ${out.stdout.trim()}\n`);
    }
  }
}

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const summary = corpora.map((corpus) => {
  const of = (tree: string, field: keyof Figures): number => median((results.get(`${corpus.name}\0${tree}`) ?? []).map((f) => Number(f[field] ?? 0)));
  const pair = (field: keyof Figures): { main: number; this: number } => ({ main: of('main', field), this: of('this', field) });
  return {
    corpus: corpus.name,
    posts: of('this', 'posts'),
    coldMs: pair('coldMs'),
    coldCpuMs: pair('coldCpuMs'),
    noChangeMs: pair('noChangeMs'),
    editMs: pair('editMs'),
    dataEditMs: pair('dataEditMs'),
    peakRssMb: pair('peakRssMb'),
  };
});
const plain = summary[1];
const liquid = summary[2];
const report = {
  posts: N,
  runs: RUNS,
  machine: { cpus: os.availableParallelism(), node: process.version },
  summary,
  // The two ratios: the same Jekyll corpus without Liquid, this tree against main; and the corpus
  // with Liquid in a third of its posts against main building it (main leaves the Liquid as text).
  folderCold: summary[0] ? summary[0].coldMs.this / summary[0].coldMs.main : undefined,
  folderColdCpu: summary[0] ? summary[0].coldCpuMs.this / summary[0].coldCpuMs.main : undefined,
  noLiquidCold: plain ? plain.coldMs.this / plain.coldMs.main : undefined,
  noLiquidColdCpu: plain ? plain.coldCpuMs.this / plain.coldCpuMs.main : undefined,
  thirdLiquidCold: liquid ? liquid.coldMs.this / liquid.coldMs.main : undefined,
  thirdLiquidColdCpu: liquid ? liquid.coldCpuMs.this / liquid.coldCpuMs.main : undefined,
  // What running the Liquid costs this tree: the corpus with Liquid against the same without.
  liquidOverNoLiquid: liquid && plain ? liquid.coldMs.this / plain.coldMs.this : undefined,
};
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
rmSync(tmp, { recursive: true, force: true });
