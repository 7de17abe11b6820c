// npm run chaos [-- --json] [--list] [--case <name>]… [--posts 200] [--timeout 15] [--stall-ms 1000]
//   [--rss-mb 512] [--rss-cap-mb 3072] [--dist] [--root <checkout>] [--keep]
// Hostile posts against the real service: `feedwright serve` runs as a child process over a temporary
// folder of good posts, one hostile case is put in at a time, and the rescan that meets it is measured:
// /healthz latency meanwhile (polled every 20 ms), whether the rescan completes and what problem it reports
// for the file, whether the good posts and a post added afterwards are published, the process's peak RSS,
// and how long a SIGTERM sent during such a rescan takes to stop it. Every wait has a timeout, a child that
// runs away with memory is killed at --rss-cap-mb, and every child is killed at the end. Exits 1 when a
// case fails (a stall, a rescan that never ends or fails, a good post lost, a slow or refused SIGTERM).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { pollHealthz, type HealthzFigures } from './healthz-poll.js';

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    case: { type: 'string', multiple: true },
    posts: { type: 'string', default: '200' },
    /** Seconds the rescan that meets the hostile file may take before the case is a FAIL. */
    timeout: { type: 'string', default: '15' },
    /** A child past this RSS is killed: a read that runs away must not take the machine with it. */
    'rss-cap-mb': { type: 'string', default: '3072' },
    /** Pass limits: the longest /healthz wait, and the peak RSS of the service. */
    'stall-ms': { type: 'string', default: '1000' },
    'rss-mb': { type: 'string', default: '512' },
    /** Run dist/cli/main.js (npm run build) instead of the sources under tsx. */
    dist: { type: 'boolean', default: false },
    /** Another checkout's service (e.g. `git archive HEAD` unpacked, with node_modules linked in). */
    root: { type: 'string' },
    keep: { type: 'boolean', default: false },
    list: { type: 'boolean', default: false },
  },
});

const REPO = path.resolve(values.root ?? path.join(import.meta.dirname, '..'));
const GOOD = Number(values.posts);
const RESCAN_TIMEOUT_MS = Number(values.timeout) * 1000;
const RSS_CAP_KB = Number(values['rss-cap-mb']) * 1024;
const STALL_LIMIT_MS = Number(values['stall-ms']);
const RSS_LIMIT_MB = Number(values['rss-mb']);
const READY_TIMEOUT_MS = 30_000;
const LATER_TIMEOUT_MS = 10_000;
const QUICK_TIMEOUT_MS = 3_000;
/** serve.ts gives a graceful stop 10 s; a second more before the harness calls it refused. */
const SIGTERM_LIMIT_MS = 10_000;
const SIGTERM_WAIT_MS = SIGTERM_LIMIT_MS + 1_000;
/** The measured window lasts at least this long, so a quick rescan still gets some fifteen polls. */
const MIN_POLL_MS = 300;
/** Whatever happens, the harness ends by then (children killed, folders removed). */
const HARD_STOP_MS = 10 * 60_000;
const TWO_GB = 2 * 1024 ** 3;
const SECRET = randomBytes(24).toString('hex');
/** rescan.minInterval became minIntervalMs: the key the service under test knows (--root may be older). */
const MIN_INTERVAL_KEY = (() => {
  const schema = path.join(REPO, values.dist ? 'dist/config/schema.js' : 'src/config/schema.ts');
  try {
    return fs.readFileSync(schema, 'utf8').includes('minIntervalMs') ? 'minIntervalMs' : 'minInterval';
  } catch {
    return 'minIntervalMs';
  }
})();

function say(text: string): void {
  if (!values.json) process.stderr.write(`${text}\n`);
}

// ---------------------------------------------------------------------------------------------------
// The posts: good ones, and the hostile cases.

const HOSTILE_DATE = '2024-06-01T00:00:00Z';

function goodPost(i: number, version: number): string {
  const date = new Date(Date.UTC(2024, 0, 1) + i * 3_600_000).toISOString().replace('.000Z', 'Z');
  return `---\ntitle: "Good post ${i}"\ndate: ${date}\ncategories: good\ntags: [t${i % 10}, shared]\n---\nGood post ${i}, version ${version}. ${'Some plain words. '.repeat(20)}\n`;
}

function writeGoodPosts(dir: string, version: number): void {
  for (let i = 0; i < GOOD; i++) fs.writeFileSync(path.join(dir, `post-${String(i).padStart(4, '0')}.md`), goodPost(i, version));
}

/** A post that is valid but for `lines`: a date and a title, so reading gets as far as the hostile part. */
function hostilePost(title: string, round: number, lines: string): string {
  return `---\ntitle: "${title}"\ndate: ${HOSTILE_DATE}\ncategories: hostile\nround: ${round}\n${lines}\n---\nHostile body.\n`;
}

/** 9 levels of 9: `tags` stands for 9^9 (387 million) leaves in ~500 bytes. */
function billionLaughs(kind: 'list' | 'map'): string {
  const names = 'abcdefghi'.split('');
  const lines = names.map((n, level) => {
    const leaf = level === 0 ? (kind === 'list' ? '"lol"' : 'lol') : `*${names[level - 1]}`;
    const items = Array.from({ length: 9 }, (_, k) => (kind === 'list' ? leaf : `k${k}: ${leaf}`));
    return kind === 'list' ? `${n}: &${n} [${items.join(',')}]` : `${n}: &${n} {${items.join(', ')}}`;
  });
  return `${lines.join('\n')}\ntags: *i`;
}

function aliasChain(depth: number): string {
  const lines = ['a0: &a0 [x]'];
  for (let k = 1; k < depth; k++) lines.push(`a${k}: &a${k} [*a${k - 1}]`);
  return `${lines.join('\n')}\ntags: *a${depth - 1}`;
}

const flowNesting = (depth: number): string => `tags: ${'['.repeat(depth)}${']'.repeat(depth)}`;

const longTags = (n: number): string => `tags: "${Array.from({ length: n }, (_, k) => `t${k}`).join(' ')}"`;

/** A front matter of `bytes` bytes: one long string, or many short keys. */
function bigFrontMatter(kind: 'string' | 'keys', bytes: number): string {
  if (kind === 'string') return `x: "${'a'.repeat(bytes)}"`;
  const lines: string[] = [];
  let size = 0;
  for (let k = 0; size < bytes; k++) {
    const line = `k${k}: v`;
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join('\n');
}

function mkfifo(file: string): void {
  fs.rmSync(file, { force: true });
  execFileSync('mkfifo', [file]);
}

/** Writes a regular file where a pipe may be: writing into a pipe would wait for a reader. */
function replaceWith(file: string, text: string): void {
  fs.rmSync(file, { force: true });
  fs.writeFileSync(file, text);
}

interface Folders {
  readonly posts: string;
  /** The case's own folder, beside the posts folder (same file system: renames into it are atomic). */
  readonly work: string;
}

/** A change made during the rescan, by a thread that waits for the service to open a good post. */
type RaceAction =
  | { readonly kind: 'rename'; readonly from: string; readonly to: string }
  | { readonly kind: 'truncate'; readonly file: string; readonly size: number };

interface ChaosCase {
  readonly name: string;
  readonly about: string;
  /** The hostile files, relative to the posts folder: the problems reported for them are the case's. */
  readonly files: readonly string[];
  /** Whether a problem must be reported for one of them (a pipe that the listing skips need not be). */
  readonly expectProblem: boolean;
  /** Before the service starts: its first build sees this. */
  readonly setup?: (f: Folders) => void;
  /** Right before a rescan: round 0 is the measured one, round 1 the one SIGTERM lands in (new bytes). */
  readonly arm: (f: Folders, round: number) => void;
  /** Made once the rescan has listed the folder and reads the good posts (they are all rewritten first). */
  readonly race?: (f: Folders, round: number) => RaceAction;
}

const oneFile = (name: string, title: string, lines: (round: number) => string): Pick<ChaosCase, 'files' | 'arm'> => ({
  files: [name],
  arm: ({ posts }, round) => replaceWith(path.join(posts, name), hostilePost(title, round, lines(round))),
});

const FM_BYTES = 4_900_000;

const CASES: readonly ChaosCase[] = [
  {
    name: 'laughs-lists',
    about: 'billion laughs: 9 levels × 9 of list aliases under tags (~500 B)',
    expectProblem: true,
    ...oneFile('zz-laughs.md', 'Laughs', () => billionLaughs('list')),
  },
  {
    name: 'laughs-maps',
    about: 'billion laughs with maps instead of lists',
    expectProblem: true,
    ...oneFile('zz-laughs.md', 'Laughs', () => billionLaughs('map')),
  },
  {
    name: 'alias-chain-20k',
    about: 'an alias chain 20,000 deep (a1: &a1 [*a0] …), tags: *a19999',
    expectProblem: true,
    ...oneFile('zz-chain.md', 'Chain', () => aliasChain(20_000)),
  },
  {
    name: 'flow-nesting-20k',
    about: 'tags: [[[[…]]]] nested 20,000 deep',
    expectProblem: true,
    ...oneFile('zz-nesting.md', 'Nesting', () => flowNesting(20_000)),
  },
  {
    name: 'long-tags-930k',
    about: 'tags: "t0 t1 … t129999" (~930 KB on one line)',
    expectProblem: true,
    ...oneFile('zz-tags.md', 'Tags', () => longTags(130_000)),
  },
  {
    name: 'fifo-new',
    about: 'a named pipe named like a post appears before the rescan',
    files: ['zz-fifo-0.md', 'zz-fifo-1.md'],
    expectProblem: false,
    arm: ({ posts }, round) => mkfifo(path.join(posts, `zz-fifo-${round}.md`)),
  },
  {
    name: 'fifo-replaces-post',
    about: 'a published post is replaced by a named pipe of the same name before the rescan',
    files: ['zz-fifo-0.md', 'zz-fifo-1.md'],
    expectProblem: false,
    setup: ({ posts }) => {
      for (const round of [0, 1]) fs.writeFileSync(path.join(posts, `zz-fifo-${round}.md`), hostilePost('Soon a pipe', round, 'x: 1'));
    },
    arm: ({ posts, work }, round) => {
      mkfifo(path.join(work, 'pipe'));
      fs.renameSync(path.join(work, 'pipe'), path.join(posts, `zz-fifo-${round}.md`));
    },
  },
  {
    name: 'fifo-mid-rescan',
    about: 'a changed post is listed as a file, then replaced by a named pipe before it is read',
    files: ['zz-fifo.md'],
    expectProblem: true,
    setup: ({ posts }) => fs.writeFileSync(path.join(posts, 'zz-fifo.md'), hostilePost('Soon a pipe', 9, 'x: 1')),
    arm: ({ posts, work }, round) => {
      writeGoodPosts(posts, round + 1);
      replaceWith(path.join(posts, 'zz-fifo.md'), hostilePost('Soon a pipe', round, 'x: 1'));
      mkfifo(path.join(work, `pipe-${round}`));
    },
    race: ({ posts, work }, round) => ({ kind: 'rename', from: path.join(work, `pipe-${round}`), to: path.join(posts, 'zz-fifo.md') }),
  },
  {
    name: 'grown-2gb-before',
    about: 'a post read small by a previous scan is 2 GB (sparse) at the next listing',
    files: ['zz-grow.md'],
    expectProblem: true,
    setup: ({ posts }) => fs.writeFileSync(path.join(posts, 'zz-grow.md'), hostilePost('Grows', 9, 'x: 1')),
    arm: ({ posts }, round) => {
      replaceWith(path.join(posts, 'zz-grow.md'), hostilePost('Grows', round, 'x: 1'));
      fs.truncateSync(path.join(posts, 'zz-grow.md'), TWO_GB + round * 4096);
    },
  },
  {
    name: 'grown-2gb-mid-rescan',
    about: 'a changed post is listed small, then grown to 2 GB (sparse) before it is read',
    files: ['zz-grow.md'],
    expectProblem: false,
    setup: ({ posts }) => fs.writeFileSync(path.join(posts, 'zz-grow.md'), hostilePost('Grows', 9, 'x: 1')),
    arm: ({ posts }, round) => {
      writeGoodPosts(posts, round + 1);
      replaceWith(path.join(posts, 'zz-grow.md'), hostilePost('Grows', round, 'x: 1'));
    },
    race: ({ posts }, round) => ({ kind: 'truncate', file: path.join(posts, 'zz-grow.md'), size: TWO_GB + round * 4096 }),
  },
  {
    name: 'fm-4.9mb-string-x3',
    about: 'three posts, each 4.9 MB of front matter in one string (under posts.maxBytes)',
    files: ['zz-big-0.md', 'zz-big-1.md', 'zz-big-2.md'],
    expectProblem: false, // under posts.maxBytes: publishing them is fine, stalling is not
    arm: ({ posts }, round) => {
      for (let k = 0; k < 3; k++) replaceWith(path.join(posts, `zz-big-${k}.md`), hostilePost(`Big ${k}`, round, bigFrontMatter('string', FM_BYTES)));
    },
  },
  {
    name: 'fm-4.9mb-keys-x3',
    about: 'three posts, each 4.9 MB of front matter as ~450,000 keys',
    files: ['zz-keys-0.md', 'zz-keys-1.md', 'zz-keys-2.md'],
    expectProblem: false, // under posts.maxBytes: publishing them is fine, stalling is not
    arm: ({ posts }, round) => {
      for (let k = 0; k < 3; k++) replaceWith(path.join(posts, `zz-keys-${k}.md`), hostilePost(`Keys ${k}`, round, bigFrontMatter('keys', FM_BYTES)));
    },
  },
];

// ---------------------------------------------------------------------------------------------------
// The service, as a child process.

interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly at: number;
}

const children = new Set<ChildProcess>();

class ServiceProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<Exit>;
  url = '';
  /** VmHWM as last read, in kB: the process's peak RSS so far. */
  peakKb = 0;
  killedAtCap = false;
  exit: Exit | undefined;
  readonly #tail: string[] = [];
  readonly #watch: NodeJS.Timeout;

  constructor(config: string) {
    const entry = values.dist ? [path.join(REPO, 'dist/cli/main.js')] : ['--import', 'tsx', path.join(REPO, 'src/cli/main.ts')];
    // Only what the service needs: no FEEDWRIGHT_* or PORT from the shell running the harness.
    const env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: os.tmpdir(),
      FEEDWRIGHT_CONFIG: config,
      FEEDWRIGHT_WEBHOOK_SECRET: SECRET,
      LOG_LEVEL: 'info',
    };
    this.child = spawn(process.execPath, [...entry, 'serve'], { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(this.child);
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => {
        this.exit = { code, signal, at: performance.now() };
        children.delete(this.child);
        clearInterval(this.#watch);
        resolve(this.exit);
      });
    });
    let pending = '';
    const take = (chunk: Buffer): void => {
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) this.#line(line);
      if (pending.length > 1 << 20) pending = '';
    };
    this.child.stdout?.on('data', take);
    this.child.stderr?.on('data', take);
    // Peak RSS from the kernel's own high-water mark, and the cap that stops a runaway read.
    this.#watch = setInterval(() => this.#sample(), 25);
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get alive(): boolean {
    return this.exit === undefined;
  }

  get peakMb(): number {
    return Math.round(this.peakKb / 1024);
  }

  tail(n = 8): string[] {
    return this.#tail.slice(-n);
  }

  /** Resolves once the service says it started (its first build done), or rejects with the log's tail. */
  async ready(): Promise<void> {
    const deadline = performance.now() + READY_TIMEOUT_MS;
    while (!this.url) {
      if (!this.alive) throw new Error(`exited (${this.exit?.code ?? this.exit?.signal}) before it started`);
      if (performance.now() > deadline) throw new Error(`not started within ${READY_TIMEOUT_MS / 1000} s`);
      await sleep(20);
    }
  }

  /** SIGKILL, and wait for the exit (bounded). */
  async kill(): Promise<void> {
    if (!this.alive) return;
    this.child.kill('SIGKILL');
    await Promise.race([this.exited, sleep(5_000)]);
  }

  #line(line: string): void {
    const text = line.trim();
    if (!text) return;
    if (text.startsWith('{')) {
      try {
        const entry = JSON.parse(text) as {
          msg?: string;
          url?: string;
          reason?: string;
          ok?: boolean;
          ms?: number;
          problemList?: { path: string; code: string }[];
        };
        if (entry.msg === 'feedwright started' && entry.url) this.url = entry.url;
        this.#tail.push(
          `${entry.msg ?? ''}${entry.reason ? ` (${entry.reason}, ok ${String(entry.ok)}, ${entry.ms} ms)` : ''}${
            entry.problemList?.length
              ? `: ${entry.problemList
                  .slice(0, 3)
                  .map((p) => `${p.path} ${p.code}`)
                  .join('; ')
                  .slice(0, 300)}`
              : ''
          }`,
        );
      } catch {
        this.#tail.push(text.slice(0, 300));
      }
    } else {
      this.#tail.push(text.slice(0, 300));
    }
    if (this.#tail.length > 50) this.#tail.splice(0, this.#tail.length - 50);
  }

  #sample(): void {
    let status: string;
    try {
      status = fs.readFileSync(`/proc/${this.pid}/status`, 'utf8');
    } catch {
      return;
    }
    const kb = (key: string): number => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
    this.peakKb = Math.max(this.peakKb, kb('VmHWM'));
    if (kb('VmRSS') > RSS_CAP_KB && this.alive && !this.killedAtCap) {
      this.killedAtCap = true;
      this.child.kill('SIGKILL');
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// HTTP, always bounded.

type Answer = { readonly status: number; readonly text: string } | { readonly error: string };

function call(url: string, options: { method?: string; headers?: Record<string, string>; timeoutMs: number }): Promise<Answer> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (a: Answer): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(a);
    };
    const req = http.request(url, { method: options.method ?? 'GET', agent: false, headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => settle({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', (err) => settle({ error: err.message }));
    });
    const timer = setTimeout(() => {
      settle({ error: 'timeout' });
      req.destroy();
    }, options.timeoutMs);
    req.on('error', (err) => settle({ error: (err as NodeJS.ErrnoException).code ?? err.message }));
    req.end();
  });
}

function rebuild(service: ServiceProcess, timeoutMs: number): Promise<Answer> {
  return call(`${service.url}hooks/rebuild?wait=1`, { method: 'POST', headers: { authorization: `Bearer ${SECRET}`, 'content-length': '0' }, timeoutMs });
}

function json<T>(a: Answer): T | undefined {
  if ('error' in a || a.status !== 200) return undefined;
  try {
    return JSON.parse(a.text) as T;
  } catch {
    return undefined;
  }
}

interface ReportedProblem {
  readonly path: string;
  readonly line?: number;
  readonly code: string;
  readonly severity: string;
  readonly reason: string;
}

interface RescanAnswer {
  readonly ok: boolean;
  readonly ms: number;
  readonly posts: number;
  readonly problems: readonly ReportedProblem[];
  readonly heldBack?: unknown;
}

// ---------------------------------------------------------------------------------------------------
// The race: a thread of the harness watches which files the service holds open (/proc/<pid>/fd), and
// makes its change the moment a good post is open, i.e. once the folder is listed and reading has begun.
// The hostile file sorts after every good post, so it is read after the change.

const RACE_THREAD = `
const { workerData, parentPort } = require('node:worker_threads');
const fs = require('node:fs');
const { pid, dir, skip, deadline, action, stop } = workerData;
const flag = new Int32Array(stop);
const fdDir = '/proc/' + pid + '/fd/';
const target = (fd) => { try { return fs.readlinkSync(fdDir + fd); } catch { return undefined; } };
const wanted = (t) => t !== undefined && t.startsWith(dir) && !skip.includes(t);
parentPort.postMessage({ ready: true });
// A file the service opens takes its lowest free descriptor, and a post is open for microseconds: so the
// few lowest free numbers are watched (a readlink each), and the whole table re-listed now and then.
let seen;
let free = [];
let round = 0;
outer: while (Date.now() < deadline && Atomics.load(flag, 0) === 0) {
  if (round++ % 64 === 0) {
    let fds;
    try { fds = fs.readdirSync(fdDir).map(Number); } catch { break; }
    const used = new Set(fds);
    free = [];
    for (let fd = 0; free.length < 3; fd++) if (!used.has(fd)) free.push(fd);
    for (const fd of fds) { const t = target(fd); if (wanted(t)) { seen = t; break outer; } }
  }
  for (const fd of free) { const t = target(fd); if (wanted(t)) { seen = t; break outer; } }
}
let error;
if (seen) {
  try {
    if (action.kind === 'rename') fs.renameSync(action.from, action.to);
    else fs.truncateSync(action.file, action.size);
  } catch (err) { error = String(err); }
}
parentPort.postMessage({ seen, error });
`;

/** The good post seen open when the change was made, or why none was. */
interface RaceOutcome {
  readonly seen?: string;
  readonly error?: string;
}

interface Race {
  readonly done: Promise<RaceOutcome>;
  stop(): void;
}

async function startRace(service: ServiceProcess, c: ChaosCase, f: Folders, round: number, ms: number): Promise<Race> {
  const race = c.race?.(f, round);
  if (!race) throw new Error(`${c.name} has no race`);
  const real = fs.realpathSync(f.posts);
  const stop = new SharedArrayBuffer(4);
  const worker = new Worker(RACE_THREAD, {
    eval: true,
    workerData: { pid: service.pid, dir: real + path.sep, skip: c.files.map((name) => path.join(real, name)), deadline: Date.now() + ms, action: race, stop },
  });
  let ready: () => void = () => {};
  const started = new Promise<void>((resolve) => (ready = resolve));
  const done = new Promise<RaceOutcome>((resolve) => {
    worker.on('message', (m: { ready?: boolean; seen?: string; error?: string }) => {
      if (m.ready) ready();
      else resolve(m);
    });
    worker.on('error', (err) => resolve({ error: String(err) }));
    worker.on('exit', () => {
      ready();
      resolve({ error: 'the race thread exited' });
    });
  });
  await Promise.race([started, sleep(5_000)]);
  return {
    done,
    stop: () => {
      Atomics.store(new Int32Array(stop), 0, 1);
      setTimeout(() => void worker.terminate(), 1_000).unref();
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// One case.

interface CaseResult {
  readonly name: string;
  readonly about: string;
  started: boolean;
  healthz?: HealthzFigures;
  /** ok, failed (the rescan said ok: false), held back, timeout (no answer in time), died, or an HTTP status. */
  rescan: string;
  rescanMs?: number;
  problems: ReportedProblem[];
  goodPosts?: number | undefined;
  statusPosts?: number | undefined;
  laterPublished?: boolean;
  peakRssMb?: number;
  killedAtRssCap: boolean;
  sigterm?: { ms?: number; code?: number | null; signal?: string | null; duringRescan: boolean; killed: boolean; skipped?: string };
  race?: string;
  verdict: 'PASS' | 'FAIL';
  why: string[];
  log?: string[];
}

async function runCase(root: string, c: ChaosCase): Promise<CaseResult> {
  const work = fs.mkdtempSync(path.join(root, `${c.name}-`));
  const f: Folders = { posts: path.join(work, 'posts'), work };
  fs.mkdirSync(f.posts);
  writeGoodPosts(f.posts, 0);
  c.setup?.(f);
  const config = path.join(work, 'feedwright.yaml');
  // No schedule tick in the run's minutes; rescans back to back (the harness triggers them one at a time).
  fs.writeFileSync(
    config,
    `site:\n  title: Chaos\n  url: https://chaos.example/\nposts:\n  dir: posts\nserver:\n  host: 127.0.0.1\n  port: 0\nrescan:\n  ${MIN_INTERVAL_KEY}: 0\nschedule: "0 0 1 1 *"\nlog:\n  level: info\n`,
  );
  const result: CaseResult = {
    name: c.name,
    about: c.about,
    started: false,
    rescan: 'no start',
    problems: [],
    killedAtRssCap: false,
    verdict: 'FAIL',
    why: [],
  };
  const service = new ServiceProcess(config);
  try {
    try {
      await service.ready();
    } catch (err) {
      result.why.push(`service did not start: ${(err as Error).message}`);
      result.log = service.tail();
      return result;
    }
    result.started = true;

    // The measured rescan.
    c.arm(f, 0);
    const poll = pollHealthz(service.url, 20);
    const race = c.race ? await startRace(service, c, f, 0, RESCAN_TIMEOUT_MS) : undefined;
    const t0 = performance.now();
    const answer = await Promise.race([rebuild(service, RESCAN_TIMEOUT_MS), service.exited.then((): Answer => ({ error: 'died' }))]);
    const elapsed = performance.now() - t0;
    if (elapsed < MIN_POLL_MS) await sleep(MIN_POLL_MS - elapsed);
    result.healthz = await poll.stop();
    if (race) {
      race.stop();
      const r = await Promise.race([race.done, sleep(2_000).then((): RaceOutcome => ({ error: 'no answer from the race thread' }))]);
      result.race = r.seen ? `changed while ${path.basename(r.seen)} was open` : `not raced: ${r.error ?? 'no good post seen open'}`;
      if (r.seen && r.error) result.race += ` (${r.error})`;
    }
    const report = json<RescanAnswer>(answer);
    if ('error' in answer) result.rescan = answer.error === 'died' || !service.alive ? 'died' : answer.error;
    else if (!report) result.rescan = `HTTP ${answer.status}`;
    else result.rescan = report.heldBack ? 'held back' : report.ok ? 'ok' : 'failed';
    if (report) result.rescanMs = report.ms;
    const responsive = report !== undefined;
    const problemsOf = (list: readonly ReportedProblem[]): ReportedProblem[] =>
      list.filter((p) => c.files.includes(p.path) || p.code.startsWith('FW_RESCAN') || p.code === 'FW_POST_FAILED');
    result.problems = problemsOf(report?.problems ?? []);

    if (responsive) {
      const status = json<{ posts: number }>(await call(`${service.url}status`, { timeoutMs: QUICK_TIMEOUT_MS }));
      result.statusPosts = status?.posts;
      result.goodPosts = await goodPostCount(service);
      result.laterPublished = await laterPost(service, f);
    }
    result.peakRssMb = service.peakMb;
    result.killedAtRssCap = service.killedAtCap;

    // SIGTERM during a rescan that meets the hostile file: the stuck one still running, or a new one.
    result.sigterm = await sigterm(service, c, f, responsive);
    result.peakRssMb = Math.max(result.peakRssMb, service.peakMb);
    result.killedAtRssCap = service.killedAtCap;
  } finally {
    await service.kill();
    if (!values.keep) fs.rmSync(work, { recursive: true, force: true });
  }
  judge(c, result);
  if (result.verdict === 'FAIL') result.log = service.tail();
  return result;
}

/** Good posts published: the count on the category list page (the hostile posts are in another category). */
async function goodPostCount(service: ServiceProcess): Promise<number | undefined> {
  const page = await call(`${service.url}categories/`, { timeoutMs: QUICK_TIMEOUT_MS });
  if ('error' in page || page.status !== 200) return undefined;
  const match = /data-filter="good">.*?<span class="meta">(\d+) posts?/s.exec(page.text);
  return match ? Number(match[1]) : 0;
}

/** Adds a post dated a minute ago and rescans: published (newest, so in /feed.json) unless a rescan is stuck failing. */
async function laterPost(service: ServiceProcess, f: Folders): Promise<boolean> {
  const title = `Later post ${randomBytes(4).toString('hex')}`;
  const date = new Date(Date.now() - 60_000).toISOString().replace(/\.\d+Z$/, 'Z');
  fs.writeFileSync(path.join(f.posts, 'later-post.md'), `---\ntitle: "${title}"\ndate: ${date}\ncategories: later\n---\nAfter the hostile one.\n`);
  const answer = await rebuild(service, LATER_TIMEOUT_MS);
  if ('error' in answer) return false;
  const feed = await call(`${service.url}feed.json`, { timeoutMs: QUICK_TIMEOUT_MS });
  return !('error' in feed) && feed.text.includes(title);
}

async function sigterm(service: ServiceProcess, c: ChaosCase, f: Folders, responsive: boolean): Promise<NonNullable<CaseResult['sigterm']>> {
  if (!service.alive) return { duringRescan: false, killed: false, skipped: service.killedAtCap ? 'killed at the RSS cap' : 'the service had exited' };
  let duringRescan = true;
  let race: Race | undefined;
  if (responsive) {
    // Round 1: new bytes, so the hostile file is read again, after every good post (rewritten too, so the
    // rescan lasts long enough for SIGTERM to land in it, before the hostile file is reached).
    writeGoodPosts(f.posts, 2);
    c.arm(f, 1);
    race = c.race ? await startRace(service, c, f, 1, 5_000) : undefined;
    let answered = false;
    void rebuild(service, SIGTERM_WAIT_MS + 2_000).then(() => (answered = true));
    if (race) await Promise.race([race.done, sleep(2_000)]);
    await sleep(25);
    duringRescan = !answered;
  }
  const t0 = performance.now();
  service.child.kill('SIGTERM');
  const exit = await Promise.race([service.exited, sleep(SIGTERM_WAIT_MS).then(() => undefined)]);
  race?.stop();
  if (!exit) {
    await service.kill();
    return { duringRescan, killed: true };
  }
  if (service.killedAtCap) return { duringRescan, killed: false, skipped: 'killed at the RSS cap meanwhile' };
  return { ms: Math.round(exit.at - t0), code: exit.code, signal: exit.signal, duringRescan, killed: false };
}

function judge(c: ChaosCase, r: CaseResult): void {
  const why = r.why;
  const h = r.healthz;
  // A poll still unanswered when polling stopped has its wait so far (≥ 1 s of grace) in maxMs.
  if (h && h.maxMs > STALL_LIMIT_MS) why.push(`/healthz waited ${h.maxMs} ms${h.unanswered ? ` (${h.unanswered} polls unanswered)` : ''}`);
  if (h && h.failed > 0) why.push(`/healthz refused ${h.failed} polls`);
  if (r.rescan !== 'ok') why.push(`rescan ${r.rescan}`);
  const raced = !c.race || (r.race?.startsWith('changed') ?? false);
  if (c.expectProblem && raced && r.rescan === 'ok' && !r.problems.some((p) => c.files.includes(p.path))) why.push('no problem reported for the file');
  if (r.started && r.goodPosts !== GOOD) why.push(`good posts ${r.goodPosts ?? '?'} of ${GOOD}`);
  if (r.started && r.laterPublished !== true) why.push('a later post was not published');
  if (r.killedAtRssCap) why.push(`killed at the RSS cap (${values['rss-cap-mb']} MB)`);
  else if ((r.peakRssMb ?? 0) > RSS_LIMIT_MB) why.push(`peak RSS ${r.peakRssMb} MB > ${RSS_LIMIT_MB} MB`);
  const s = r.sigterm;
  if (s && !s.skipped && (s.killed || s.code !== 0))
    why.push(s.killed ? `SIGTERM: still running after ${SIGTERM_WAIT_MS / 1000} s (killed)` : `SIGTERM: exit ${s.code ?? s.signal} after ${s.ms} ms`);
  if (!raced) why.push(`race not run: ${r.race ?? '?'}`);
  r.verdict = why.length === 0 ? 'PASS' : 'FAIL';
}

// ---------------------------------------------------------------------------------------------------
// Output.

function codesOf(r: CaseResult): string {
  const codes = [...new Set(r.problems.map((p) => (p.severity === 'warning' ? `${p.code}(w)` : p.code)))];
  return codes.length > 0 ? codes.join(',') : '—';
}

function printTable(results: readonly CaseResult[]): void {
  const head = ['case', 'healthz p99 ms', 'max ms', 'rescan', 'code reported', 'good kept', 'later post', 'peak RSS MB', 'SIGTERM exit ms', 'verdict'];
  const rows = results.map((r) => {
    const h = r.healthz;
    const s = r.sigterm;
    const term = !s
      ? '—'
      : s.skipped
        ? `— (${s.skipped})`
        : s.killed
          ? `>${SIGTERM_WAIT_MS} killed`
          : `${s.ms}${s.code === 0 ? '' : ` exit ${s.code ?? s.signal}`}`;
    return [
      r.name,
      h ? String(h.p99Ms) : '—',
      h ? `${h.unanswered ? '≥' : ''}${h.maxMs}` : '—',
      `${r.rescan}${r.rescanMs !== undefined ? ` ${r.rescanMs} ms` : ''}`,
      codesOf(r),
      !r.started ? '—' : r.goodPosts === undefined ? '?' : `${r.goodPosts}/${GOOD}`,
      !r.started ? '—' : r.laterPublished === undefined ? 'no (stuck)' : r.laterPublished ? 'yes' : 'no',
      `${r.peakRssMb ?? '—'}${r.killedAtRssCap ? ' (cap)' : ''}`,
      `${term}${s && !s.skipped && !s.duringRescan ? ' *' : ''}`,
      r.verdict,
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  const out = [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
  if (results.some((r) => r.sigterm && !r.sigterm.skipped && !r.sigterm.duringRescan)) out.push('', '* the rescan had already finished when SIGTERM was sent.');
  out.push(
    '',
    `Pass: /healthz max ≤ ${STALL_LIMIT_MS} ms, rescan ok, good posts kept, a later post published, peak RSS ≤ ${RSS_LIMIT_MB} MB, SIGTERM exit 0 within ${SIGTERM_LIMIT_MS / 1000} s.`,
  );
  for (const r of results) {
    const notes = [
      ...r.why,
      ...(r.race ? [`race: ${r.race}`] : []),
      ...r.problems.map((p) => `${p.path}${p.line ? `:${p.line}` : ''}: ${p.severity}: ${p.reason.slice(0, 160)} [${p.code}]`),
    ];
    if (notes.length === 0) continue;
    out.push('', `${r.name} (${r.about}):`, ...notes.map((n) => `  ${n}`));
    if (r.verdict === 'FAIL' && r.log?.length) out.push('  service log, last lines:', ...r.log.slice(-5).map((l) => `    ${l}`));
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

// ---------------------------------------------------------------------------------------------------

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function killChildren(): void {
  for (const child of children) child.kill('SIGKILL');
}

async function main(): Promise<number> {
  if (values.list) {
    for (const c of CASES) process.stdout.write(`${c.name.padEnd(22)} ${c.about}\n`);
    return 0;
  }
  const wanted = values.case ?? [];
  const unknown = wanted.filter((n) => !CASES.some((c) => c.name === n));
  if (unknown.length > 0) throw new Error(`unknown case: ${unknown.join(', ')} (--list names them)`);
  const cases = wanted.length > 0 ? CASES.filter((c) => wanted.includes(c.name)) : CASES;
  if (!values.dist && !fs.existsSync(path.join(REPO, 'src/cli/main.ts'))) throw new Error(`no src/cli/main.ts under ${REPO}`);
  if (values.dist && !fs.existsSync(path.join(REPO, 'dist/cli/main.js'))) throw new Error('no dist/cli/main.js: run npm run build');

  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'feedwright-chaos-'));
  const hardStop = setTimeout(() => {
    process.stderr.write(`chaos: still running after ${HARD_STOP_MS / 60_000} min; killing the services\n`);
    killChildren();
    if (!values.keep) fs.rmSync(root, { recursive: true, force: true });
    process.exit(2);
  }, HARD_STOP_MS);
  hardStop.unref();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      killChildren();
      if (!values.keep) fs.rmSync(root, { recursive: true, force: true });
      process.exit(130);
    });
  }

  say(`${cases.length} cases, ${GOOD} good posts each, service ${values.dist ? 'dist/cli/main.js' : 'src/cli/main.ts under tsx'} in ${REPO}`);
  const started = performance.now();
  const results: CaseResult[] = [];
  try {
    for (const c of cases) {
      const t = performance.now();
      const r = await runCase(root, c);
      results.push(r);
      say(`  ${c.name}: ${r.verdict}${r.why.length ? ` (${r.why[0]})` : ''}, ${((performance.now() - t) / 1000).toFixed(1)} s`);
    }
  } finally {
    killChildren();
    if (!values.keep) fs.rmSync(root, { recursive: true, force: true });
  }
  const seconds = Math.round((performance.now() - started) / 100) / 10;
  if (values.json) {
    const out = {
      machine: { cpus: os.availableParallelism(), memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version },
      service: values.dist ? 'dist' : 'tsx',
      goodPosts: GOOD,
      limits: { stallMs: STALL_LIMIT_MS, rssMb: RSS_LIMIT_MB, sigtermMs: SIGTERM_LIMIT_MS, rescanTimeoutMs: RESCAN_TIMEOUT_MS },
      seconds,
      cases: results,
    };
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  } else {
    printTable(results);
    say(`${seconds} s`);
  }
  return results.every((r) => r.verdict === 'PASS') ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    killChildren();
    process.stderr.write(`chaos: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  },
);
