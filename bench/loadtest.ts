// `npm run loadtest`: polls a mix of feeds over keep-alive connections, with and without If-None-Match
// and in every encoding, while the service (bench/loadtest-service.ts, another process) rescans with
// changes every 200 ms. Fails (exit 1) on any error, any 200 body that does not parse, any body that is
// not the bytes of the document version its ETag names (a torn or mixed snapshot), or service memory
// that grows over the run.
//   npm run loadtest -- --connections 50 --duration 20 --rescan-interval 200 --posts 200 [--json]
import { fork } from 'node:child_process';
import { createHash } from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import { parseArgs } from 'node:util';
import zlib from 'node:zlib';
import { XMLValidator } from 'fast-xml-parser';
import { etagsFor, type Encoding } from '../src/snapshot/etag.js';
import { rng } from './corpus.js';
import type { ServiceMessage } from './loadtest-service.js';

const { values } = parseArgs({
  options: {
    connections: { type: 'string', default: '50' },
    duration: { type: 'string', default: '20' },
    'rescan-interval': { type: 'string', default: '200' },
    posts: { type: 'string', default: '200' },
    json: { type: 'boolean', default: false },
    /** Requests made at least, however long they take: the test's run must exercise the mix on a busy machine too. */
    'min-requests': { type: 'string', default: '0' },
  },
});
const MIN_REQUESTS = Number(values['min-requests']);
const CONNECTIONS = Number(values.connections);
const DURATION_MS = Number(values.duration) * 1000;
const ENCODINGS: Encoding[] = ['identity', 'gzip', 'br'];

/** Memory may not grow by more than half and more than this between the first and last windows. */
const MEMORY_SLACK = 32 * 1024 * 1024;

interface Tally {
  requests: number;
  ok: number;
  notModified: number;
  failures: string[];
  latencies: number[];
  /** What each 200 said: its identity ETag → hashes of the bytes it carried (checked once all versions are known). */
  seen: Map<string, Set<string>>;
}

type Memory = Extract<ServiceMessage, { type: 'memory' }>;
type Done = Extract<ServiceMessage, { type: 'done' }>;

function request(
  agent: http.Agent,
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

function decode(body: Buffer, encoding: Encoding): Buffer {
  if (encoding === 'gzip') return zlib.gunzipSync(body);
  if (encoding === 'br') return zlib.brotliDecompressSync(body);
  return body;
}

/** The identity ETag an encoding's ETag belongs to (`"h-gz"` → `"h"`), or undefined when it is not one. */
function identityEtag(etag: string | undefined, encoding: Encoding): string | undefined {
  const suffix = etagsFor('x')[encoding].slice(2, -1); // '"x-gz"' → '-gz'
  if (!etag?.startsWith('"') || !etag.endsWith(`${suffix}"`)) return undefined;
  return `${etag.slice(0, etag.length - suffix.length - 1)}"`;
}

/** Why a 200 is wrong, or undefined: length, encoding, ETag form, and it parses; its hash is noted in `seen`. */
function checkBody(target: string, encoding: Encoding, res: { headers: http.IncomingHttpHeaders; body: Buffer }, seen: Tally['seen']): string | undefined {
  if (Number(res.headers['content-length']) !== res.body.length)
    return `${target}: Content-Length ${res.headers['content-length']} for ${res.body.length} bytes`;
  if ((res.headers['content-encoding'] ?? 'identity') !== encoding) return `${target}: asked for ${encoding}, got ${res.headers['content-encoding']}`;
  const identity = identityEtag(res.headers.etag, encoding);
  if (!identity) return `${target}: ETag ${res.headers.etag} is not an ETag of ${encoding}`;
  const bytes = decode(res.body, encoding);
  const hashes = seen.get(identity) ?? new Set<string>();
  hashes.add(createHash('sha256').update(bytes).digest('base64url'));
  seen.set(identity, hashes);
  const text = bytes.toString('utf8');
  if (target.endsWith('.json')) {
    try {
      JSON.parse(text);
    } catch {
      return `${target}: not JSON`;
    }
  } else if (XMLValidator.validate(text) !== true) {
    return `${target}: not well-formed XML`;
  }
  return undefined;
}

async function worker(id: number, base: string, paths: readonly string[], agent: http.Agent, until: number, tally: Tally): Promise<void> {
  const etags = new Map<string, string>();
  // Seeded: the same request mix on every run of a worker.
  const random = rng(id + 1);
  let target = paths[0] ?? '/rss.xml';
  let encoding: Encoding = 'identity';
  while (performance.now() < until || tally.requests < MIN_REQUESTS) {
    // A fifth of the time the same feed again (a reader revalidating what it has); else site feeds most,
    // as readers poll them most, then any scope, format and encoding.
    if (random() >= 0.2) {
      target = random() < 0.3 ? (paths.slice(0, 3)[Math.floor(random() * 3)] ?? '/rss.xml') : (paths[Math.floor(random() * paths.length)] ?? '/rss.xml');
      encoding = ENCODINGS[Math.floor(random() * 3)] ?? 'identity';
    }
    const key = `${target} ${encoding}`;
    const known = etags.get(key);
    const headers: Record<string, string> = { 'accept-encoding': encoding };
    // Half the requests that could be conditional are, as aggregators that keep ETags do.
    if (known && random() < 0.5) headers['if-none-match'] = known;
    const t0 = performance.now();
    try {
      const res = await request(agent, base + target.replace(/[^/]+/g, encodeURIComponent), headers);
      tally.latencies.push(performance.now() - t0);
      tally.requests++;
      if (res.status === 304) {
        tally.notModified++;
        if (res.headers.etag !== known) tally.failures.push(`${target}: 304 with ETag ${res.headers.etag}, asked with ${known}`);
      } else if (res.status === 200) {
        tally.ok++;
        const wrong = checkBody(target, encoding, res, tally.seen);
        if (wrong) tally.failures.push(wrong);
        else etags.set(key, String(res.headers.etag));
      } else {
        tally.failures.push(`${target}: status ${res.status}`);
      }
    } catch (err) {
      tally.requests++;
      tally.failures.push(`${target}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;
}

function median(xs: readonly number[]): number {
  return percentile(
    [...xs].sort((a, b) => a - b),
    50,
  );
}

/** Medians of the first and last thirds of the samples after a warm-up (JIT, caches filling). */
function memoryWindows(samples: readonly Memory[]): { first: Memory; last: Memory } | undefined {
  const warmup = Math.max(1000, DURATION_MS * 0.2);
  const steady = samples.filter((s) => s.t >= warmup);
  const third = Math.floor(steady.length / 3);
  if (third < 1) return undefined;
  const window = (part: readonly Memory[]): Memory => ({
    type: 'memory',
    t: part[0]?.t ?? 0,
    rss: median(part.map((s) => s.rss)),
    heapUsed: median(part.map((s) => s.heapUsed)),
  });
  return { first: window(steady.slice(0, third)), last: window(steady.slice(-third)) };
}

async function main(): Promise<number> {
  const child = fork(path.join(import.meta.dirname, 'loadtest-service.ts'), [String(values.posts), String(values['rescan-interval'])], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const memory: Memory[] = [];
  const versions = new Map<string, string>();
  let done: Done | undefined;
  const finished = new Promise<void>((resolve, reject) => {
    child.on('exit', (code) => (code === 0 || done ? resolve() : reject(new Error(`the service exited with ${code}`))));
  });
  const ready = await new Promise<Extract<ServiceMessage, { type: 'ready' }>>((resolve, reject) => {
    child.on('message', (m: ServiceMessage) => {
      if (m.type === 'ready') resolve(m);
      else if (m.type === 'memory') memory.push(m);
      else if (m.type === 'versions') for (const [etag, hash] of m.pairs) versions.set(etag, hash);
      else if (m.type === 'done') done = m;
    });
    child.on('exit', (code) => reject(new Error(`the service exited with ${code} before it was ready`)));
  });

  const base = ready.url.replace(/\/$/, '');
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const tally: Tally = { requests: 0, ok: 0, notModified: 0, failures: [], latencies: [], seen: new Map() };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONNECTIONS }, (_, i) => worker(i, base, ready.paths, agent, t0 + DURATION_MS, tally)));
  const seconds = (performance.now() - t0) / 1000;
  agent.destroy();
  child.send('stop');
  await finished;

  const failures = [...tally.failures];
  // Every 200 carried exactly the bytes of the version its ETag names: nothing torn, nothing mixed.
  for (const [etag, hashes] of tally.seen) {
    const expected = versions.get(etag);
    if (expected === undefined) failures.push(`ETag ${etag} was never installed by the service`);
    else if (hashes.size !== 1 || !hashes.has(expected)) failures.push(`ETag ${etag} came with other bytes than its document's`);
  }
  if (!done) failures.push('the service did not report its rescans');
  else if (done.failed > 0) failures.push(`${done.failed} rescans failed`);
  if (tally.ok === 0 || tally.notModified === 0) failures.push('no 200 or no 304 at all: the mix did not run');
  const windows = memoryWindows(memory);
  const grew = (a: number, b: number): boolean => b > a * 1.5 && b - a > MEMORY_SLACK;
  if (!windows) failures.push('too few memory samples');
  else if (grew(windows.first.rss, windows.last.rss) || grew(windows.first.heapUsed, windows.last.heapUsed)) failures.push('service memory grew over the run');

  const sorted = [...tally.latencies].sort((a, b) => a - b);
  const rescanMs = [...(done?.rescanMs ?? [])].sort((a, b) => a - b);
  const mb = (b: number | undefined): number => Math.round(((b ?? 0) / 1024 / 1024) * 10) / 10;
  const summary = {
    connections: CONNECTIONS,
    seconds: Math.round(seconds * 10) / 10,
    feeds: ready.paths.length,
    requests: tally.requests,
    requestsPerSecond: Math.round(tally.requests / seconds),
    ok200: tally.ok,
    notModified304: tally.notModified,
    errors: failures.length,
    latencyMs: {
      p50: Math.round(percentile(sorted, 50) * 100) / 100,
      p99: Math.round(percentile(sorted, 99) * 100) / 100,
      max: Math.round((sorted.at(-1) ?? 0) * 100) / 100,
    },
    rescans: done?.rescans ?? 0,
    rescanMs: { p50: percentile(rescanMs, 50), max: rescanMs.at(-1) ?? 0 },
    changedDocuments: done?.changedDocuments ?? 0,
    memoryMiB: windows && {
      rss: { first: mb(windows.first.rss), last: mb(windows.last.rss) },
      heapUsed: { first: mb(windows.first.heapUsed), last: mb(windows.last.heapUsed) },
    },
    failures: failures.slice(0, 20),
  };
  if (values.json) {
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  } else {
    const m = summary.memoryMiB;
    process.stdout.write(
      `${[
        `${summary.connections} connections, ${summary.seconds} s, ${summary.feeds} feeds`,
        `requests: ${summary.requests} (${summary.requestsPerSecond}/s): ${summary.ok200} × 200, ${summary.notModified304} × 304`,
        `latency: p50 ${summary.latencyMs.p50} ms, p99 ${summary.latencyMs.p99} ms, max ${summary.latencyMs.max} ms`,
        `rescans: ${summary.rescans} (p50 ${summary.rescanMs.p50} ms, max ${summary.rescanMs.max} ms), ${summary.changedDocuments} documents changed`,
        m
          ? `service memory, first → last window: RSS ${m.rss.first} → ${m.rss.last} MiB, heap ${m.heapUsed.first} → ${m.heapUsed.last} MiB`
          : 'service memory: no samples',
        `errors: ${summary.errors}`,
        ...summary.failures.map((f) => `  ${f}`),
      ].join('\n')}\n`,
    );
  }
  return failures.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`loadtest: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  },
);
