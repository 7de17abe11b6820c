// node --import tsx bench/liquid-run.ts <site-or-posts-dir> <folder|jekyll> [edit-data]: one cold build of
// a corpus in a fresh process, through the real rescan lifecycle, then five no-change rescans and five
// edits of the newest post (medians), and with `edit-data` five edits of _data/releases.yml; JSON on
// stdout. bench/liquid.ts runs it against this tree and another one (main), alternately. It uses only what
// both trees have, so the same file measures either.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../src/config/load.js';
import { Rescanner } from '../src/rescan/rescanner.js';
import { SnapshotStore } from '../src/snapshot/store.js';

const [dir = '', layout = 'folder', editData] = process.argv.slice(2);
const NOW = Date.parse('2026-01-01T00:00:00Z');
const loaded =
  layout === 'jekyll'
    ? loadConfig({ env: { LOG_LEVEL: 'silent', TZ: 'Asia/Shanghai' }, cwd: dir, overrides: { siteDir: dir } })
    : loadConfig({ env: { LOG_LEVEL: 'silent', FEEDWRIGHT_POSTS_DIR: dir, FEEDWRIGHT_SITE_URL: 'https://news.example.cn/' }, cwd: path.dirname(dir) });
// One thread, as the README's 10,000-post figures (no helper starts for 10,000 posts); rescans back to back.
const config = { ...loaded, posts: { ...loaded.posts, workers: 0 }, rescan: { ...loaded.rescan, minIntervalMs: 0 } };
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

const store = new SnapshotStore();
const rescanner = new Rescanner({ config, store, now: () => NOW });
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const cold = await rescanner.trigger('bench cold');
const coldMs = performance.now() - t0;
// CPU time of the process (every thread): less swayed than wall time by what else the machine runs.
const cpu = process.cpuUsage(cpu0);
const coldCpuMs = (cpu.user + cpu.system) / 1000;
if (!cold.ok) throw new Error(`cold build failed: ${JSON.stringify(cold.problems.slice(0, 3))}`);

const noChange: number[] = [];
for (let i = 0; i < 5; i++) noChange.push((await rescanner.trigger('bench no change')).ms);

// The newest post is on every feed of its scopes: an edit re-renders it and the documents that show it.
const file = newestFile(dir, layout);
const edits: number[] = [];
for (let i = 0; i < 5; i++) {
  const text = readFileSync(file, 'utf8').replace(/^title: .*$/m, `title: "edited ${i}"`);
  writeFileSync(file, text);
  edits.push((await rescanner.trigger('bench edit')).ms);
}

const dataEdits: number[] = [];
if (editData) {
  const data = path.join(dir, '_data', 'releases.yml');
  for (let i = 0; i < 5; i++) {
    writeFileSync(
      data,
      readFileSync(data, 'utf8')
        .replace(/date: 2024-01-(\d\d)/, (_m, d: string) => `date: 2024-02-${d}`)
        .replace(/date: 2024-02-(\d\d)/, (_m, d: string) => `date: 2024-03-${d}`),
    );
    dataEdits.push((await rescanner.trigger('bench data edit')).ms);
  }
}
await rescanner.close();
process.stdout.write(
  `${JSON.stringify({ coldMs: Math.round(coldMs), coldCpuMs: Math.round(coldCpuMs), posts: cold.posts, documents: cold.documents, noChangeMs: median(noChange), editMs: median(edits), ...(editData ? { dataEditMs: median(dataEdits) } : {}), peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`,
);

/** The file of the newest post: bench/liquid.ts names it in newest.txt (in the site, or beside the posts folder). */
function newestFile(root: string, kind: string): string {
  const name = readFileSync(path.join(kind === 'jekyll' ? root : path.dirname(root), 'newest.txt'), 'utf8').trim();
  return path.join(root, name);
}
