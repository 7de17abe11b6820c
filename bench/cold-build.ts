// node --import tsx bench/cold-build.ts <posts|bundled> [runs]: times a cold build (scan, prepare, render,
// snapshot) in-process through the real rescan lifecycle, median of `runs`, with the bundled config's
// feeds settings. Used to put a figure on what archive pages (docs/reference/feeds.md "History: archive pages") cost a cold start, then
// the first request of a deep archive page (the site's oldest, rendered by the bounded cache) and what
// `feedwright build` adds to render every archive page (rendering only: nothing compressed or written).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config/load.js';
import { allArchivePages, type SweepFigures } from '../src/archives/all-archive-pages.js';
import { ArchiveCache } from '../src/archives/archive-cache.js';
import { Rescanner } from '../src/rescan/rescanner.js';
import type { Snapshot } from '../src/snapshot/snapshot.js';
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
const loaded = loadConfig({ env: { LOG_LEVEL: 'silent' }, cwd: root, overrides });
// Rescans back to back: rescan.minIntervalMs would otherwise hold the no-change rescan a second.
const config = { ...loaded, rescan: { ...loaded.rescan, minIntervalMs: 0 } };
const times: number[] = [];
const noChange: number[] = [];
const cpu: number[] = [];
let documents = 0;
let last: Snapshot | undefined;
for (let i = 0; i < Number(runsArg); i++) {
  const store = new SnapshotStore();
  const rescanner = new Rescanner({ config, store, now: () => Date.parse('2026-01-01T00:00:00Z') });
  const t = performance.now();
  const c = process.cpuUsage();
  const result = await rescanner.trigger('bench');
  times.push(performance.now() - t);
  // CPU time of every thread of the process: less swayed than wall time by whatever else the machine runs.
  const used = process.cpuUsage(c);
  cpu.push((used.user + used.system) / 1000);
  // A rescan that finds nothing changed, right after: what archives add to every scheduled rescan.
  const t2 = performance.now();
  await rescanner.trigger('bench again');
  noChange.push(performance.now() - t2);
  await rescanner.close();
  documents = store.current?.entries.size ?? 0;
  last = store.current;
  if (!result.ok) throw new Error('build failed');
}
times.sort((a, b) => a - b);
const figures: Record<string, unknown> = {
  posts: what,
  documents,
  medianMs: Math.round(times[Math.floor(times.length / 2)] ?? 0),
  runs: times.map(Math.round),
  noChangeMs: noChange.map(Math.round),
  cpuMs: cpu.map(Math.round),
};
if (last?.archive && last.posts > config.feeds.limit) {
  const cache = new ArchiveCache(config);
  for (const format of ['atom.xml', 'rss.xml', 'feed.json']) {
    const t = performance.now();
    await cache.find(last, `/archive/1/${format}`);
    figures[`firstRequest /archive/1/${format} ms`] = Math.round(performance.now() - t);
  }
  // Every archive document rendered as `feedwright build` renders them (none written, each dropped at
  // once): the posts prepared (each once) and the most held at a time, against the posts the pages show
  // scope by scope (what preparing each scope's pages on their own would read).
  const sweep: SweepFigures = { prepared: 0, peakHeld: 0 };
  const t = performance.now();
  let pages = 0;
  let bytes = 0;
  for (const entry of allArchivePages(last, config, undefined, undefined, sweep)) {
    pages++;
    bytes += entry.body.length;
  }
  figures.allArchivePages = pages;
  figures.allArchivePagesMs = Math.round(performance.now() - t);
  figures.allArchiveMegabytes = Math.round(bytes / 2 ** 20);
  figures.postsPrepared = sweep.prepared;
  figures.peakPostsHeld = sweep.peakHeld;
  figures.postsShownScopeByScope = [...last.archive.scopes.values()].reduce((n, scope) => n + Math.max(0, scope.posts.length - config.feeds.limit), 0);
  figures.peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
}
process.stdout.write(`${JSON.stringify(figures)}\n`);
if (dir) rmSync(dir, { recursive: true, force: true });
