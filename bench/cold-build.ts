// node --import tsx bench/cold-build.ts <posts|bundled> [runs]: times a cold build (scan, prepare, render,
// snapshot) in-process through the real rescan lifecycle, median of `runs`, with the bundled config's
// feeds settings. Used to put a figure on what archive pages (README "History") cost a cold start.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config/load.js';
import { Rescanner } from '../src/rescan/rescanner.js';
import { SnapshotStore } from '../src/snapshot/store.js';
import { writeCorpus } from './corpus.js';

const [what = 'bundled', runsArg = '3'] = process.argv.slice(2);
const root = path.resolve(import.meta.dirname, '..');
let dir: string | undefined;
let overrides = {};
if (what !== 'bundled') {
  dir = mkdtempSync(path.join(os.tmpdir(), 'fw-cold-'));
  writeCorpus(dir, { posts: Number(what) });
  overrides = { postsDir: dir };
}
const config = loadConfig({ env: { LOG_LEVEL: 'silent' }, cwd: root, overrides });
const times: number[] = [];
let documents = 0;
for (let i = 0; i < Number(runsArg); i++) {
  const store = new SnapshotStore();
  const rescanner = new Rescanner({ config, store, now: () => Date.parse('2026-01-01T00:00:00Z') });
  const t = performance.now();
  const result = await rescanner.trigger('bench');
  times.push(performance.now() - t);
  await rescanner.close();
  documents = store.current?.entries.size ?? 0;
  if (!result.ok) throw new Error('build failed');
}
times.sort((a, b) => a - b);
process.stdout.write(`${JSON.stringify({ posts: what, documents, medianMs: Math.round(times[Math.floor(times.length / 2)] ?? 0), runs: times.map(Math.round) })}\n`);
if (dir) rmSync(dir, { recursive: true, force: true });
