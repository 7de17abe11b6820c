// npm run bench [-- --posts 100000] [--corpus short|long] [--corpus-dir <dir>] [--json] [--duration 10]
// [--connections 50] [--no-serve] [--no-archive-build] [--scale-only | --no-scale] [--start-timeout <s>]
// [--schedule <s>] [--service-log <file>]
// Takes a synthetic corpus (kept on disk between runs: corpora.ts), then measures the rescan lifecycle,
// /healthz while the big rescans run, the first request of a deep archive page, serving against a bare
// node:http server sending the same bytes, restarts, and `feedwright build` writing every archive page;
// then the scale scenario (scale.ts: the service as a process with the watcher on, cold and warm, edits,
// walks, checks, peak RSS, /healthz all along). Figures, not assertions: tests never time anything.
// --no-serve skips the serving rounds (and wrk); --no-archive-build skips the build, which compresses and
// writes every archive page twice over (~17 GB and minutes at 100,000 posts: README "Performance").
// Above 100,000 posts only the scale scenario runs (--scale-only): the in-process rounds would start the
// service four times over a corpus whose cold start alone takes minutes.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import v8 from 'node:v8';
import vm from 'node:vm';
import { loadConfig } from '../src/config/load.js';
import { createLogger, type Logger } from '../src/log.js';
import { startService, type Service } from '../src/service.js';
import { defaultWorkers } from '../src/sources/pool/pool.js';
import { pollHealthz, type HealthzFigures } from './healthz-poll.js';
import { timeBuild, type BuildFigures } from './build-process.js';
import { corpusAt, defaultCorporaDir, restoreCorpus } from './corpora.js';
import type { CorpusKind } from './corpus.js';
import { startTimeoutS } from './phase.js';
import { hugoBuild, measureRestarts, type RestartFigures } from './restart.js';
import { measureScale, type ScaleFigures } from './scale.js';
import { formatRows, scaleRows } from './scale-report.js';

// npm run bench compiles this file with the sources (tsconfig.bench.json) and runs the JavaScript: the
// process measured is the service as it runs in production, without a TypeScript loader beside it
// (tsx's loader thread alone would add ~45 MB to the peak RSS).
const run = promisify(execFile);

const { values } = parseArgs({
  options: {
    posts: { type: 'string', default: '10000' },
    corpus: { type: 'string', default: 'short' },
    'corpus-dir': { type: 'string', default: defaultCorporaDir() },
    'scale-only': { type: 'boolean', default: false },
    'no-scale': { type: 'boolean', default: false },
    'start-timeout': { type: 'string' },
    schedule: { type: 'string', default: '15' },
    'service-log': { type: 'string' },
    json: { type: 'boolean', default: false },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    'no-serve': { type: 'boolean', default: false },
    'no-archive-build': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    workers: { type: 'string' },
  },
});
const N = Number(values.posts);
const KIND = values.corpus as CorpusKind;
if (KIND !== 'short' && KIND !== 'long') throw new Error('--corpus must be short or long');
const SCALE_ONLY = values['scale-only'] || N > 100_000;
if (SCALE_ONLY && values['no-scale']) throw new Error('--no-scale leaves nothing to run (above 100,000 posts only the scale scenario runs)');
const HELPERS = values.workers === undefined ? defaultWorkers() : Number(values.workers);
const DURATION = Number(values.duration);
const WARM_UP_SECONDS = 2;
const SAMPLES = 5;
const ROUNDS = 5;
const CONNECTIONS = Number(values.connections);
const HEALTHZ_POLL_MS = 20;
const BIG_POSTS = 3;

const TARGETS =
  N >= 100_000
    ? { cold: 10_000, noChange: 1_000, edit: undefined as number | undefined, rss: 1_024 }
    : { cold: 1_800, noChange: 100, edit: 250 as number | undefined, rss: 300 };

interface WrkResult {
  readonly rps: number;
  readonly p99ms: number;
  readonly errors: number;
}

function say(text: string): void {
  if (!values.json) process.stderr.write(`${text}\n`);
}

async function main(): Promise<void> {
  mkdirSync(values['corpus-dir'], { recursive: true });
  const corpus = await corpusAt(values['corpus-dir'], KIND, N, say);
  const inProcess = SCALE_ONLY ? undefined : await measureInProcess(corpus.posts, corpus.newest);
  restoreCorpus(corpus);
  let scale: ScaleFigures | undefined;
  let hugoMs = inProcess?.restarts.hugoMs;
  if (!values['no-scale']) {
    say('scale scenario: the service as a process, watcher on …');
    try {
      scale = await measureScale({
        main: path.join(import.meta.dirname, '../src/cli/main.js'),
        corpus,
        port: await freePort(),
        startTimeoutS: values['start-timeout'] === undefined ? startTimeoutS(N) : Number(values['start-timeout']),
        scheduleSeconds: Number(values.schedule),
        serviceLog: values['service-log'],
        say,
      });
    } finally {
      restoreCorpus(corpus);
    }
    // Issue 26's warm-start target at 10,000 posts is a share of Hugo's full build of the same posts.
    if (hugoMs === undefined && N <= 10_000) {
      const work = mkdtempSync(path.join(os.tmpdir(), 'feedwright-bench-hugo-'));
      hugoMs = await hugoBuild(corpus.posts, work);
      rmSync(work, { recursive: true, force: true });
    }
  }
  const rows = scale ? scaleRows(scale, hugoMs) : undefined;
  if (values.json) {
    process.stdout.write(
      `${JSON.stringify({ ...inProcess, corpus: { kind: KIND, posts: N, kept: !corpus.written, writtenMs: corpus.writtenMs }, scale, hugoMs }, null, 2)}\n`,
    );
    return;
  }
  if (inProcess) printTable(inProcess);
  if (rows) {
    process.stdout.write(`\nat scale (${KIND} corpus, the service as a process, watch: true)\n`);
    process.stdout.write(formatRows(rows));
  }
}

/** The in-process rounds (up to 100,000 posts): rescans, serving, restarts, the archive build. */
async function measureInProcess(posts: string, newest: string) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'feedwright-bench-'));
  const config = loadConfig({
    env: { FEEDWRIGHT_POSTS_DIR: posts, FEEDWRIGHT_SITE_URL: 'https://news.example.cn/' },
    cwd: dir,
    overrides: { port: 0 },
  });
  // A port known before the start, so /healthz can be polled while the first build runs.
  const port = await freePort();
  // rescan.minIntervalMs spaces rescans a second apart; the bench triggers them back to back on purpose.
  const host = {
    ...config,
    server: { ...config.server, host: '127.0.0.1', port },
    posts: { ...config.posts, workers: HELPERS },
    rescan: { ...config.rescan, minIntervalMs: 0 },
  };
  const log = createLogger('warn');

  say('cold build …');
  // Polled from this process: the service runs in it, so a poll waits for whatever holds the event loop.
  const coldPoll = pollHealthz(`http://127.0.0.1:${port}/`, HEALTHZ_POLL_MS);
  const t = performance.now();
  const service = await startService(host, log, { schedule: false });
  const coldMs = performance.now() - t;
  const healthzColdBuild = await coldPoll.stop();
  const first = service.rescanner.last;
  const documents = service.store.current?.entries.size ?? 0;

  say(`  ${Math.round(coldMs)} ms; rescans …`);
  // Each phase is measured in the steady state, not in the tail of the one before: the cold build leaves
  // a heap of garbage whose first full collection would land in the first rescans.
  fullGc();
  const noChange: number[] = [];
  for (let i = 0; i < SAMPLES; i++) noChange.push((await service.rescanner.trigger('bench')).ms);

  say('edit one post …');
  // Five of each, the median reported (as for the no-change rescans): one sample on a VM whose speed
  // drifts says little.
  const edits: number[] = [];
  for (let i = 0; i < SAMPLES; i++) edits.push(await timeEdit(service, path.join(posts, newest), i));
  const editMs = median(edits);
  say('add one post …');
  const additions: number[] = [];
  for (let i = 0; i < SAMPLES; i++) additions.push(await timeNewPost(service, posts, i));
  const newMs = median(additions);
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  // After the peak RSS is taken: three 4.9 MB posts are not part of the corpus it is a figure of.
  say(`rescan meeting ${BIG_POSTS} posts of 4.9 MB front matter …`);
  fullGc();
  const healthzBigPosts = await timeBigPosts(service, posts, log);
  say('first request of the oldest site archive page, each format …');
  const archiveFirstRequest = await timeDeepArchive(service);

  let serving: Record<string, WrkResult | number> | undefined;
  if (!values['no-serve']) serving = await measureServing(service);
  await service.close();
  say('restarts: cold, then warm from the disk cache (and Hugo, if installed) …');
  const restarts = await measureRestarts(path.join(import.meta.dirname, '../src/cli/main.js'), posts, dir, await freePort());
  let build: BuildFigures | undefined;
  if (!values['no-archive-build']) {
    say('feedwright build, every archive page written …');
    build = await timeBuild(path.join(import.meta.dirname, '../src/cli/main.js'), posts, dir);
  }
  if (!values.keep) rmSync(dir, { recursive: true, force: true });

  const result = {
    machine: { cpus: os.availableParallelism(), memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version },
    helperThreads: HELPERS,
    posts: N,
    publishedPosts: first?.posts,
    documents,
    coldBuildMs: Math.round(coldMs),
    postsPerSecond: Math.round(N / (coldMs / 1000)),
    noChangeRescanMs: median(noChange),
    editVisibleMs: Math.round(editMs),
    newPostVisibleMs: Math.round(newMs),
    healthzColdBuild,
    healthzBigPostsRescan: healthzBigPosts,
    peakRssMb: Math.round(peakRssMb),
    archiveFirstRequest,
    build,
    restarts,
    serving,
    targets: TARGETS,
  };
  return result;
}

/** Edits the newest post (so the site feed shows it) and polls the site feed until its new ETag is served. */
async function timeEdit(service: Service, file: string, n: number): Promise<number> {
  const url = `${service.url}rss.xml`;
  const before = await etagOf(url);
  const text = readFileSync(file, 'utf8').replace(/^title: .*$/m, `title: "edited by the benchmark, ${n + 1}"`);
  const t = performance.now();
  writeFileSync(file, text);
  await service.rescanner.trigger('bench edit');
  for (let i = 0; i < 1000; i++) if ((await etagOf(url)) !== before) return performance.now() - t;
  throw new Error('the edit never reached /rss.xml');
}

/** Adds a post dated now and polls the site feed until it is listed. */
async function timeNewPost(service: Service, posts: string, n: number): Promise<number> {
  const file = path.join(posts, `fresh-post-${n + 1}.md`);
  const title = `A brand new post, ${n + 1}`;
  const date = new Date(Date.now() - 60_000 + n * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
  const t = performance.now();
  writeFileSync(file, `---\ntitle: "${title}"\ndate: ${date}\ncategories: news\ntags: [bench]\n---\nHello.\n`);
  await service.rescanner.trigger('bench new');
  for (let i = 0; i < 1000; i++) {
    const body = await fetch(`${service.url}rss.xml`).then((r) => r.text());
    if (body.includes(title)) return performance.now() - t;
  }
  throw new Error('the new post never reached /rss.xml');
}

/**
 * Adds posts of 4.9 MB of front matter each (under posts.maxBytes), rescans while polling /healthz, then
 * removes them and rescans again, so the phases after see the corpus as it was.
 */
async function timeBigPosts(service: Service, posts: string, log: Logger): Promise<HealthzFigures & { rescanMs: number; problems: number }> {
  // Their problems would be logged as a warning, on stdout, in the middle of the table or the JSON.
  const level = log.level;
  log.level = 'error';
  const files = Array.from({ length: BIG_POSTS }, (_, k) => path.join(posts, `big-front-matter-${k + 1}.md`));
  for (const [k, file] of files.entries()) {
    writeFileSync(file, `---\ntitle: "Big front matter ${k + 1}"\ndate: 2020-01-01T00:00:00Z\nx: "${'a'.repeat(4_900_000)}"\n---\nBig.\n`);
  }
  const poll = pollHealthz(service.url, HEALTHZ_POLL_MS);
  const result = await service.rescanner.trigger('bench big posts');
  const figures = await poll.stop();
  for (const file of files) rmSync(file);
  await service.rescanner.trigger('bench big posts removed');
  log.level = level;
  return { ...figures, rescanMs: result.ms, problems: result.problems.length };
}

/**
 * The first request of the site's oldest archive page (`/archive/1/`, the deepest: its posts are the
 * corpus's oldest), one format after the other, as a client sees it: the page is rendered by the
 * bounded cache (archives/archive-cache.ts) from its posts' files. A second request of the same page is a
 * cache hit and is not what is measured. Undefined for a page that is not there (archives off, or fewer
 * posts than feeds.limit).
 */
async function timeDeepArchive(service: Service): Promise<Record<string, number> | undefined> {
  const out: Record<string, number> = {};
  for (const file of ['atom.xml', 'rss.xml', 'feed.json']) {
    const t = performance.now();
    const res = await fetch(`${service.url}archive/1/${file}`);
    await res.arrayBuffer();
    if (res.status !== 200) return undefined;
    out[file] = Math.round(performance.now() - t);
  }
  return out;
}

/** A free loopback port (the probe closes before the service listens on it). */
async function freePort(): Promise<number> {
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

async function etagOf(url: string): Promise<string | null> {
  const res = await fetch(url, { method: 'HEAD' });
  return res.headers.get('etag');
}

async function measureServing(service: Service): Promise<Record<string, WrkResult | number>> {
  await ensureWrk();
  // Serving too: the first full collection after the rescans above pauses the process once.
  fullGc();
  const url = `${service.url}rss.xml`;
  // Warm the gzip form once, as any first request does.
  const head = await fetch(url, { headers: { 'accept-encoding': 'gzip' } });
  const gzEtag = head.headers.get('etag') ?? '';
  const entry = service.store.current?.entries.get('/rss.xml');
  if (!entry) throw new Error('no /rss.xml');
  const gz = await entry.body.encoded('gzip');

  // The bare server: the same bytes and headers from memory, prepared once; no routing, no negotiation.
  const common = [
    ['Content-Type', entry.contentType],
    ['ETag', gzEtag],
    ['Cache-Control', 'public, max-age=300, stale-while-revalidate=60'],
    ['Vary', 'Accept-Encoding'],
    ['Last-Modified', new Date(entry.lastModified ?? 0).toUTCString()],
  ].flat();
  const full = [...common, 'Content-Encoding', 'gzip', 'Content-Length', String(gz.length)];
  const bare = http.createServer((req, res) => {
    if (req.headers['if-none-match'] === gzEtag) {
      res.writeHead(304, common);
      res.end();
      return;
    }
    res.writeHead(200, full);
    res.end(gz);
  });
  await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
  const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/rss.xml`;

  // wrk takes whole seconds.
  const seconds = Math.max(1, Math.round(DURATION / ROUNDS));
  say(`serving /rss.xml with wrk -t1 -c${CONNECTIONS}, ${ROUNDS} rounds of ${seconds} s per server and status (gzip body ${gz.length} bytes) …`);
  // A warm-up run for each server first: the JIT, and the garbage the rescans above left, are not what
  // is measured. Then the two take turns, so that a VM whose speed drifts slows both alike.
  const gzip = { 'Accept-Encoding': 'gzip' };
  const revalidate = { ...gzip, 'If-None-Match': gzEtag };
  await wrk(url, gzip, WARM_UP_SECONDS);
  await wrk(bareUrl, gzip, WARM_UP_SECONDS);
  const runs: Record<'ours200' | 'bare200' | 'ours304' | 'bare304', WrkResult[]> = { ours200: [], bare200: [], ours304: [], bare304: [] };
  for (let round = 0; round < ROUNDS; round++) {
    runs.ours200.push(await wrk(url, gzip, seconds));
    runs.bare200.push(await wrk(bareUrl, gzip, seconds));
    runs.ours304.push(await wrk(url, revalidate, seconds));
    runs.bare304.push(await wrk(bareUrl, revalidate, seconds));
  }
  await new Promise<void>((resolve) => bare.close(() => resolve()));
  const ours200 = combine(runs.ours200);
  const bare200 = combine(runs.bare200);
  const ours304 = combine(runs.ours304);
  const bare304 = combine(runs.bare304);
  return {
    gzipBytes: gz.length,
    ours200,
    ours304,
    bare200,
    bare304,
    ratio200: round2(ours200.rps / bare200.rps),
    ratio304: round2(ours304.rps / bare304.rps),
  };
}

async function ensureWrk(): Promise<void> {
  try {
    await run('wrk', ['--version']).catch((err: { code?: unknown }) => {
      // wrk --version exits 1 after printing its version.
      if (err.code === 'ENOENT') throw err;
    });
  } catch {
    throw new Error('wrk is not installed: run `bash scripts/install-debian-deps.sh bench` (Debian package wrk), or pass --no-serve');
  }
}

async function wrk(url: string, headers: Record<string, string>, seconds = DURATION): Promise<WrkResult> {
  const args = ['-t1', `-c${CONNECTIONS}`, `-d${seconds}s`, '--latency', ...Object.entries(headers).flatMap(([k, v]) => ['-H', `${k}: ${v}`]), url];
  const { stdout } = await run('wrk', args, { maxBuffer: 1 << 20 });
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1] ?? NaN);
  const p99 = /99%\s+([\d.]+)(us|ms|s)/.exec(stdout);
  const p99ms = p99 ? Number(p99[1]) * (p99[2] === 'us' ? 0.001 : p99[2] === 's' ? 1000 : 1) : NaN;
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(stdout)?.[1] ?? 0);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(stdout);
  const errors = non2xx + (socket ? socket.slice(1).reduce((n, x) => n + Number(x), 0) : 0);
  return { rps: Math.round(rps), p99ms: round2(p99ms), errors };
}

/** Rounds of equal length: their mean rate, their worst p99, all their errors. */
function combine(rounds: readonly WrkResult[]): WrkResult {
  return {
    rps: Math.round(rounds.reduce((n, r) => n + r.rps, 0) / rounds.length),
    p99ms: Math.max(...rounds.map((r) => r.p99ms)),
    errors: rounds.reduce((n, r) => n + r.errors, 0),
  };
}

function fullGc(): void {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

function healthz(h: HealthzFigures): string {
  return `p50 ${h.p50Ms} ms, p99 ${h.p99Ms} ms, max ${h.maxMs} ms (${h.polls} polls${h.unanswered ? `, ${h.unanswered} unanswered` : ''})`;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

function printTable(r: Record<string, unknown> & { serving?: Record<string, WrkResult | number> | undefined }): void {
  const t = TARGETS;
  const mark = (value: number, target: number | undefined): string => (target === undefined ? '' : value <= target ? `  ≤ ${target} ✓` : `  > ${target} ✗`);
  const rows: [string, string][] = [
    ['machine', `${os.availableParallelism()} cores, ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}`],
    ['helper threads (posts.workers)', String(HELPERS)],
    ['posts (published)', `${N} (${String(r.publishedPosts)})`],
    ['documents', String(r.documents)],
    ['cold full build', `${String(r.coldBuildMs)} ms${mark(Number(r.coldBuildMs), t.cold)}`],
    ['posts/s (cold)', String(r.postsPerSecond)],
    ['no-change rescan (median of 5)', `${String(r.noChangeRescanMs)} ms${mark(Number(r.noChangeRescanMs), t.noChange)}`],
    ['one edited post → new ETag served (median of 5)', `${String(r.editVisibleMs)} ms${mark(Number(r.editVisibleMs), t.edit)}`],
    ['one new post → served (median of 5)', `${String(r.newPostVisibleMs)} ms`],
    ['/healthz during the cold build (every 20 ms)', healthz(r.healthzColdBuild as HealthzFigures)],
    [
      `/healthz during a rescan meeting ${BIG_POSTS} × 4.9 MB posts`,
      `${healthz(r.healthzBigPostsRescan as HealthzFigures)}, rescan ${String((r.healthzBigPostsRescan as { rescanMs: number }).rescanMs)} ms`,
    ],
    ['peak RSS', `${String(r.peakRssMb)} MB${mark(Number(r.peakRssMb), t.rss)}`],
  ];
  const deep = r.archiveFirstRequest as Record<string, number> | undefined;
  rows.push([
    'first request, oldest site archive page (/archive/1/)',
    deep === undefined
      ? 'no archive pages'
      : Object.entries(deep)
          .map(([file, ms]) => `${file} ${ms} ms`)
          .join(', '),
  ]);
  const b = r.build as BuildFigures | undefined;
  rows.push([
    'feedwright build, all archive pages (process)',
    b === undefined ? 'not run (--no-archive-build)' : `${b.ms} ms, ${b.documents} documents, ${b.files} files, ${b.megabytes} MB, peak RSS ${b.peakRssMb} MB`,
  ]);
  const restarts = r.restarts as RestartFigures;
  const hugo = restarts.hugoMs;
  rows.push(
    ['npm start → ready, cold, cache off', `${restarts.uncached.readyMs} ms, peak RSS ${restarts.uncached.peakRssMb} MB`],
    [
      'npm start → ready, cold (empty cache, written after)',
      `${restarts.cold.readyMs} ms, peak RSS ${restarts.cold.peakRssMb} MB, ${Math.round((restarts.cold.readyMs / restarts.uncached.readyMs - 1) * 100)} % against cache off${mark(
        restarts.cold.readyMs,
        Math.round(restarts.uncached.readyMs * 1.1),
      )
        .replace('≤', '≤ 1.1 × off =')
        .replace('>', '> 1.1 × off =')}`,
    ],
    [
      'npm start → ready, warm (disk cache)',
      `${restarts.warm.readyMs} ms (first rescan done at ${restarts.warm.settledMs} ms), peak RSS ${restarts.warm.peakRssMb} MB${
        hugo === undefined
          ? ''
          : mark(restarts.warm.readyMs, Math.round(hugo * 0.2))
              .replace('≤', '≤ 0.2 × Hugo =')
              .replace('>', '> 0.2 × Hugo =')
      }`,
    ],
    ['disk cache size', restarts.cacheBytes === undefined ? '—' : `${Math.round(restarts.cacheBytes / 2 ** 20)} MB`],
    ['Hugo full build of the same posts', hugo === undefined ? 'hugo not installed' : `${hugo} ms`],
  );
  const s = r.serving;
  if (s) {
    const w = (x: WrkResult | number | undefined): string => (typeof x === 'object' ? `${x.rps} req/s, p99 ${x.p99ms} ms, errors ${x.errors}` : String(x));
    rows.push(
      ['/rss.xml 200 gzip (ours)', w(s.ours200)],
      ['/rss.xml 200 gzip (bare node:http)', w(s.bare200)],
      ['ratio 200', `${String(s.ratio200)}${Number(s.ratio200) >= 0.85 ? '  ≥ 0.85 ✓' : '  < 0.85 ✗'}`],
      ['/rss.xml 304 (ours)', w(s.ours304)],
      ['/rss.xml 304 (bare node:http)', w(s.bare304)],
      ['ratio 304', `${String(s.ratio304)}${Number(s.ratio304) >= 0.85 ? '  ≥ 0.85 ✓' : '  < 0.85 ✗'}`],
    );
  }
  const width = Math.max(...rows.map(([k]) => k.length));
  process.stdout.write(`${rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n')}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
