// The service as a process over a kept corpus (corpora.ts), the way a site runs it: `watch: true`, a
// schedule, the warm cache. A cold start, edits, additions and deletions found by the watcher, whole walks
// with nothing changed, the schedule's checks, then a warm start; /healthz polled all along, the service's
// peak RSS and CPU read from /proc. Every phase is bounded (phase.ts): one that runs out of time says so and
// the run goes on. Figures, not assertions. `npm run bench -- --posts N` runs it after (or, above 100,000
// posts, instead of) the in-process rounds; docs/internals/performance.md "At scale".
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as pause } from 'node:timers/promises';
import type { Corpus } from './corpora.js';
import { type HealthzFigures, pollHealthz } from './healthz-poll.js';
import { type Bounded, describe, pollUntil, within } from './phase.js';
import { get } from './restart.js';

export interface StartFigures {
  /** Spawn → GET /rss.xml 200: the site feed served. */
  readonly siteFeed: Bounded<number>;
  /** Spawn → /readyz 200: every document served. */
  readonly ready: Bounded<number>;
  /** Spawn → the first rescan done (/status lastRescan). */
  readonly settled: Bounded<number>;
  /** /healthz from spawn to settled (polls before the port is bound count as failed, not as latency). */
  readonly healthz: HealthzFigures;
  /** The process's peak RSS (VmHWM) when it settled, MB. */
  readonly peakRssMb: number;
}

export interface ScaleFigures {
  readonly posts: number;
  readonly kind: string;
  readonly cold: StartFigures;
  /** The warm cache written after the cold start: its bytes, or how long the wait was given. */
  readonly cacheBytes: Bounded<number>;
  /** Write → new ETag (edit) or listing (add, delete) on /rss.xml, found by the watcher: each sample. */
  readonly edit: readonly Bounded<number>[];
  readonly add: readonly Bounded<number>[];
  readonly delete: readonly Bounded<number>[];
  /** A whole walk that finds nothing changed (webhook, ?wait=1): the rescan's ms and the service's CPU ms. */
  readonly noChange: readonly Bounded<{ ms: number; cpuMs: number }>[];
  /** The service's CPU ms per scheduled interval with nothing changing (the watcher on: a check, not a walk). */
  readonly checkCpuMsPerInterval: number;
  readonly scheduleSeconds: number;
  /** /healthz over everything the first process did after it settled. */
  readonly healthzRunning: HealthzFigures;
  /** /healthz from the first spawn to the end of the walks (the schedule's checks run unpolled). */
  readonly healthzThroughout: HealthzFigures;
  /** Peak RSS of the first process over its whole life (cold start, edits, walks, checks), MB. */
  readonly peakRssMb: number;
  readonly warm: StartFigures | undefined;
  /** One edit after the warm start, found by the watcher. */
  readonly warmEdit: Bounded<number> | undefined;
  /** Peak RSS of the warm process to its end, MB. */
  readonly warmPeakRssMb: number | undefined;
}

export interface ScaleOptions {
  /** The built CLI (.bench-build/src/cli/main.js). */
  readonly main: string;
  readonly corpus: Corpus;
  /** A free port on 127.0.0.1. */
  readonly port: number;
  /** Seconds a start may take (spawn → settled). */
  readonly startTimeoutS: number;
  /** Seconds one edit, addition, deletion or walk may take. */
  readonly stepTimeoutS?: number;
  readonly scheduleSeconds?: number;
  readonly samples?: number;
  readonly say?: (s: string) => void;
  /** A file for the service's log at debug level (its start phases and rescans, timestamped); else warnings on stderr. */
  readonly serviceLog?: string | undefined;
}

const SECRET = 'bench-webhook-secret-0123456789';
const HEALTHZ_POLL_MS = 20;
/** rescan.minIntervalMs (1 s) and the watcher's quiet time: each change gets its own rescan. */
const BETWEEN_MS = 1200;

/** Runs the whole scenario; leaves the corpus as it found it. */
export async function measureScale(o: ScaleOptions): Promise<ScaleFigures> {
  const say = o.say ?? (() => {});
  const samples = o.samples ?? 5;
  const stepS = o.stepTimeoutS ?? 60;
  const scheduleSeconds = o.scheduleSeconds ?? 15;
  const work = mkdtempSync(path.join(os.tmpdir(), 'fw-scale-'));
  const configFile = path.join(work, 'feedwright.yaml');
  writeFileSync(
    configFile,
    [
      'site:',
      '  url: https://news.example.cn/',
      'posts:',
      `  dir: ${JSON.stringify(o.corpus.posts)}`,
      // Off by default: a site that wants changes found without a walk turns it on, as this scenario does.
      'watch: true',
      `schedule: "*/${scheduleSeconds} * * * * *"`,
      'server:',
      '  host: 127.0.0.1',
      `  port: ${o.port}`,
      'diskCache:',
      `  dir: ${JSON.stringify(path.join(work, 'cache'))}`,
      // The default 1 GiB would turn a million posts' warm start cold; the figure reports the size.
      `  maxBytes: ${16 * 2 ** 30}`,
      'log:',
      `  level: ${o.serviceLog ? 'debug' : 'warn'}`,
      '',
    ].join('\n'),
  );
  const base = `http://127.0.0.1:${o.port}/`;
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', FEEDWRIGHT_CONFIG: configFile, FEEDWRIGHT_WEBHOOK_SECRET: SECRET };
  const newest = path.join(o.corpus.posts, o.corpus.newest);
  const original = readFileSync(newest);
  const added = (n: number): string => path.join(o.corpus.posts, `fresh-bench-${n}.md`);
  try {
    say(`  ${o.corpus.kind} ${o.corpus.size}: cold start (up to ${o.startTimeoutS} s) …`);
    const throughout = pollHealthz(base, HEALTHZ_POLL_MS);
    const first = start(o.main, env, o.serviceLog);
    let cold: StartFigures;
    let cacheBytes: Bounded<number> = { ok: false, timedOutS: 0 };
    const edit: Bounded<number>[] = [];
    const add: Bounded<number>[] = [];
    const del: Bounded<number>[] = [];
    const noChange: Bounded<{ ms: number; cpuMs: number }>[] = [];
    let checkCpuMsPerInterval = Number.NaN;
    let healthzRunning: HealthzFigures;
    let healthzThroughout: HealthzFigures;
    let peakRssMb: number;
    try {
      cold = await startPhase(first, base, o.startTimeoutS);
      say(`    site feed ${describe(cold.siteFeed)}, ready ${describe(cold.ready)}, settled ${describe(cold.settled)}, peak RSS ${cold.peakRssMb} MB`);
      const running = pollHealthz(base, HEALTHZ_POLL_MS);
      if (cold.settled.ok) {
        say('    waiting for the warm cache to be written …');
        cacheBytes = await within(o.startTimeoutS, (signal) => cacheWritten(base, signal));
        say(`      ${cacheBytes.ok ? `${Math.round(cacheBytes.value / 2 ** 20)} MB` : describe(cacheBytes)}`);
        say('    edits, additions, deletions (found by the watcher) …');
        await series(samples, edit, stepS, (i, signal) => timeEdit(base, newest, original, i, signal));
        writeFileSync(newest, original);
        await within(stepS, (signal) => pollUntil(async () => !(await text(`${base}rss.xml`)).includes('edited by the benchmark'), signal, 20));
        await pause(BETWEEN_MS);
        say(`      edit ${list(edit)}`);
        await series(samples, add, stepS, (i, signal) => timeAdd(base, added(i), i, signal));
        say(`      add ${list(add)}`);
        // Only the posts that were added (a time out stops the additions early).
        await series(add.length, del, stepS, (i, signal) => timeDelete(base, added(i), i, signal));
        say(`      delete ${list(del)}`);
        say('    whole walks with nothing changed (webhook) …');
        await series(3, noChange, stepS * 5, async (_i, signal) => {
          const cpu = cpuMs(first);
          const report = await webhook(base, signal);
          return { ms: report.ms, cpuMs: Math.round(cpuMs(first) - cpu) };
        });
        say(`      ${noChange.map((w) => (w.ok ? `${w.value.ms} ms (CPU ${w.value.cpuMs} ms)` : `timed out after ${w.timedOutS} s`)).join(', ')}`);
      }
      healthzRunning = await running.stop();
      healthzThroughout = await throughout.stop();
      if (cold.settled.ok) {
        // With no poll at all: 50 answers a second would cost more CPU than the checks themselves.
        say(`    the schedule's checks, nothing changing (${4 * scheduleSeconds} s) …`);
        const cpu = cpuMs(first);
        await pause(4 * scheduleSeconds * 1000);
        checkCpuMsPerInterval = Math.round((cpuMs(first) - cpu) / 4);
      }
      peakRssMb = peakRss(first);
    } finally {
      await stop(first);
      await throughout.stop();
    }
    const coldFigures = {
      posts: o.corpus.size,
      kind: o.corpus.kind,
      cold,
      cacheBytes,
      edit,
      add,
      delete: del,
      noChange,
      checkCpuMsPerInterval,
      scheduleSeconds,
      healthzRunning,
      healthzThroughout,
      peakRssMb,
    };
    if (!cold.settled.ok) return { ...coldFigures, warm: undefined, warmEdit: undefined, warmPeakRssMb: undefined };
    say('    warm start …');
    const second = start(o.main, env, o.serviceLog);
    try {
      const warm = await startPhase(second, base, o.startTimeoutS);
      say(`    site feed ${describe(warm.siteFeed)}, ready ${describe(warm.ready)}, settled ${describe(warm.settled)}, peak RSS ${warm.peakRssMb} MB`);
      // After rescan.minIntervalMs, as between the cold process's edits: an edit sooner waits for the spacing, not the work.
      if (warm.settled.ok) await pause(BETWEEN_MS);
      const warmEdit = warm.settled.ok ? await within(stepS, (signal) => timeEdit(base, newest, original, 99, signal)) : undefined;
      return { ...coldFigures, warm, warmEdit, warmPeakRssMb: peakRss(second) };
    } finally {
      await stop(second);
    }
  } finally {
    writeFileSync(newest, original);
    for (let i = 0; i < samples; i++) rmSync(added(i), { force: true });
    rmSync(work, { recursive: true, force: true });
  }
}

/** `n` samples of one step, each bounded; after the first that times out the rest are not tried. */
async function series<T>(n: number, out: Bounded<T>[], seconds: number, step: (i: number, signal: AbortSignal) => Promise<T>): Promise<void> {
  for (let i = 0; i < n; i++) {
    const r = await within(seconds, (signal) => step(i, signal));
    out.push(r);
    if (!r.ok) return;
    await pause(BETWEEN_MS);
  }
}

function start(main: string, env: Record<string, string>, log: string | undefined): ChildProcess {
  const out = log === undefined ? 'ignore' : openSync(log, 'a');
  const child = spawn(process.execPath, [main, 'serve'], { env, stdio: ['ignore', out, 'inherit'] });
  if (typeof out === 'number') closeSync(out);
  return child;
}

/** Spawn → site feed, → ready, → settled, each from the spawn, all within `seconds`. */
async function startPhase(child: ChildProcess, base: string, seconds: number): Promise<StartFigures> {
  const t0 = performance.now();
  const poll = pollHealthz(base, HEALTHZ_POLL_MS);
  const since = (): number => Math.round(performance.now() - t0);
  const deadline = t0 + seconds * 1000;
  const left = (): number => Math.max(0.001, (deadline - performance.now()) / 1000);
  const alive = (): void => {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the service exited (${child.exitCode ?? child.signalCode})`);
  };
  // Polled every 20 ms, not faster: at a million posts the polls would take the CPU the start needs.
  const until = (done: () => Promise<boolean>): Promise<Bounded<number>> =>
    within(left(), (signal) =>
      pollUntil(
        async () => {
          alive();
          return done();
        },
        signal,
        20,
      ).then(since),
    );
  const siteFeed = await until(async () => (await get(`${base}rss.xml`)) === 200);
  const ready = await until(async () => (await get(`${base}readyz`)) === 200);
  const settled = await until(async () => ((await json(`${base}status`)) as { lastRescan?: unknown } | undefined)?.lastRescan != null);
  return {
    siteFeed: stamp(siteFeed, seconds),
    ready: stamp(ready, seconds),
    settled: stamp(settled, seconds),
    healthz: await poll.stop(),
    peakRssMb: peakRss(child),
  };
}

/** A start's sub-phases share one budget: a time out reports the whole of it. */
function stamp(b: Bounded<number>, seconds: number): Bounded<number> {
  return b.ok ? b : { ok: false, timedOutS: seconds };
}

async function cacheWritten(base: string, signal: AbortSignal): Promise<number> {
  let bytes = 0;
  await pollUntil(
    async () => {
      const s = (await json(`${base}status`)) as { cache?: { writes?: number; bytes?: number } } | undefined;
      bytes = s?.cache?.bytes ?? 0;
      return (s?.cache?.writes ?? 0) > 0;
    },
    signal,
    100,
  );
  return bytes;
}

async function timeEdit(base: string, file: string, original: Buffer, n: number, signal: AbortSignal): Promise<number> {
  const before = await etag(`${base}rss.xml`);
  const edited = original.toString('utf8').replace(/^title: .*$/m, `title: "edited by the benchmark, ${n + 1}"`);
  const t = performance.now();
  writeFileSync(file, edited);
  await pollUntil(async () => (await etag(`${base}rss.xml`)) !== before, signal);
  return performance.now() - t;
}

async function timeAdd(base: string, file: string, n: number, signal: AbortSignal): Promise<number> {
  const title = `A brand new post, ${n + 1}`;
  const date = new Date(Date.now() - 60_000 + n * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
  const t = performance.now();
  writeFileSync(file, `---\ntitle: "${title}"\ndate: ${date}\ncategories: news\ntags: [bench]\n---\nHello.\n`);
  await pollUntil(async () => (await text(`${base}rss.xml`)).includes(title), signal);
  return performance.now() - t;
}

async function timeDelete(base: string, file: string, n: number, signal: AbortSignal): Promise<number> {
  const title = `A brand new post, ${n + 1}`;
  const t = performance.now();
  unlinkSync(file);
  await pollUntil(async () => !(await text(`${base}rss.xml`)).includes(title), signal);
  return performance.now() - t;
}

async function webhook(base: string, signal: AbortSignal): Promise<{ ms: number }> {
  const res = await fetch(`${base}hooks/rebuild?wait=1`, { method: 'POST', headers: { authorization: `Bearer ${SECRET}` }, signal });
  if (res.status !== 200) throw new Error(`the webhook answered ${res.status}`);
  return (await res.json()) as { ms: number };
}

/** The process's CPU time (user + system, all threads) from /proc, in ms (USER_HZ is 100 on Linux). */
function cpuMs(child: ChildProcess): number {
  try {
    const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return Number.NaN;
  }
}

function peakRss(child: ChildProcess): number {
  try {
    return Math.round(Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? Number.NaN) / 1024);
  } catch {
    return Number.NaN;
  }
}

/** SIGTERM, then SIGKILL after 30 s: a benchmark never leaves a service behind. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(killer);
}

function list(xs: readonly Bounded<number>[]): string {
  return xs.map((x) => describe(x)).join(', ');
}

async function json(url: string): Promise<unknown> {
  try {
    return await (await fetch(url)).json();
  } catch {
    return undefined;
  }
}

async function text(url: string): Promise<string> {
  return (await fetch(url)).text();
}

async function etag(url: string): Promise<string | null> {
  const res = await fetch(url, { method: 'HEAD' });
  return res.headers.get('etag');
}
