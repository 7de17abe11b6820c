// `npm run loadtest`: polls a mix of feeds over keep-alive connections, with and without If-None-Match
// and in every encoding, while the service (bench/loadtest-service.ts, another process) rescans with
// changes every 200 ms. Fails (exit 1) on any error, any 200 body that does not parse, any body that is
// not the bytes of the document version its ETag names (a torn or mixed snapshot), or service memory
// that grows over the run.
//   npm run loadtest -- --connections 50 --duration 20 --rescan-interval 200 --posts 200 [--json]
// With --query-flood N, another process (bench/query-flood.ts) sends distinct query feeds' requests over N
// connections at --flood-rate a second in all (from --flood-clients addresses, 127.0.0.x), and the fixed
// feeds' latency is reported apart from theirs; --scenario query-flood runs it twice, without the flood
// and with it, each on a fresh service, and reports the fixed feeds' p99 of both (issue 29: within 10 %).
//   npm run loadtest -- --scenario query-flood --query-flood 10 --flood-clients 10 --flood-rate 1000
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
import type { FloodMessage } from './query-flood.js';

const { values } = parseArgs({
  options: {
    connections: { type: 'string', default: '50' },
    duration: { type: 'string', default: '20' },
    'rescan-interval': { type: 'string', default: '200' },
    posts: { type: 'string', default: '200' },
    json: { type: 'boolean', default: false },
    /** Requests made at least, however long they take: the test's run must exercise the mix on a busy machine too. */
    'min-requests': { type: 'string', default: '0' },
    /** Connections that ask for distinct query feeds meanwhile (0: none). */
    'query-flood': { type: 'string', default: '0' },
    /** Addresses the flood comes from (127.0.0.1…): one is one client, whom the per-client limit meets. */
    'flood-clients': { type: 'string', default: '1' },
    /** Requests a second the flood sends in all, whatever the answers take. */
    'flood-rate': { type: 'string', default: '1000' },
    /** The flood asks for fixed feeds instead (what as many requests cost when none is a query feed). */
    'flood-fixed': { type: 'boolean', default: false },
    /** `query-flood`: a run without the flood, then one with it, and the fixed feeds' p99 of each. */
    scenario: { type: 'string', default: '' },
  },
});
const FLOOD = Number(values['query-flood']);
const FLOOD_CLIENTS = Math.max(1, Math.min(250, Number(values['flood-clients'])));
const FLOOD_RATE = Math.max(1, Number(values['flood-rate']));
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

// What pollers send: aggregators that report their subscribers, self-hosted readers, browsers. Each worker
// is one of them, so the subscriber counts read User-Agents as they would in service.
const USER_AGENTS = [
  'Feedly/1.0 (+http://www.feedly.com/fetcher.html; 123 subscribers; )',
  'Inoreader/1.0 (+http://www.inoreader.com/feed-fetcher; 3 subscribers; )',
  'NewsBlur Feed Fetcher - 12 subscribers - https://www.newsblur.com/site/6151183/load (Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36)',
  'Miniflux/2.1.0 (+https://miniflux.app)',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
];

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
    const headers: Record<string, string> = { 'accept-encoding': encoding, 'user-agent': USER_AGENTS[id % USER_AGENTS.length] as string };
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

interface RunSummary {
  readonly text: string;
  readonly json: Record<string, unknown>;
  readonly p99: number;
  readonly failures: readonly string[];
}

async function main(): Promise<number> {
  if (values.scenario === 'query-flood') {
    const flood = FLOOD > 0 ? FLOOD : 10;
    const quiet = await run(0);
    const flooded = await run(flood);
    const ratio = quiet.p99 > 0 ? flooded.p99 / quiet.p99 : 0;
    const verdict = { fixedP99Ms: { withoutFlood: quiet.p99, withFlood: flooded.p99 }, ratio: Math.round(ratio * 1000) / 1000, withinTenPercent: ratio <= 1.1 };
    if (values.json) process.stdout.write(`${JSON.stringify({ withoutFlood: quiet.json, withFlood: flooded.json, ...verdict })}\n`);
    else
      process.stdout.write(
        `--- without the flood\n${quiet.text}--- with ${flood} connections of distinct queries\n${flooded.text}--- fixed feeds' p99: ${quiet.p99} ms → ${flooded.p99} ms (× ${verdict.ratio})\n`,
      );
    return quiet.failures.length + flooded.failures.length === 0 ? 0 : 1;
  }
  const once = await run(FLOOD);
  process.stdout.write(values.json ? `${JSON.stringify(once.json)}\n` : once.text);
  return once.failures.length === 0 ? 0 : 1;
}

async function run(flood: number): Promise<RunSummary> {
  const child = fork(path.join(import.meta.dirname, 'loadtest-service.ts'), [String(values.posts), String(values['rescan-interval'])], {
    // LOADTEST_SERVICE_ARGS: more node flags for the service alone (--cpu-prof --cpu-prof-dir=…).
    execArgv: ['--import', 'tsx', ...(process.env.LOADTEST_SERVICE_ARGS?.split(' ').filter(Boolean) ?? [])],
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
  // The flood runs in a process of its own (bench/query-flood.ts): its work never delays this one's.
  const flooder =
    flood > 0
      ? fork(
          path.join(import.meta.dirname, 'query-flood.ts'),
          [base, String(flood), String(FLOOD_CLIENTS), String(FLOOD_RATE), values['flood-fixed'] ? 'fixed' : 'query'],
          { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
        )
      : undefined;
  const flooded = new Promise<FloodMessage | undefined>((resolve) => {
    if (!flooder) return resolve(undefined);
    flooder.on('message', (m: FloodMessage) => resolve(m));
    flooder.on('exit', () => resolve(undefined));
  });
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONNECTIONS }, (_, i) => worker(i, base, ready.paths, agent, t0 + DURATION_MS, tally)));
  const seconds = (performance.now() - t0) / 1000;
  flooder?.send('stop');
  const floodTally = (await flooded) ?? { requests: 0, statuses: {}, failures: flood > 0 ? ['the flood did not report'] : [] };
  agent.destroy();
  child.send('stop');
  await finished;

  const failures = [...tally.failures, ...floodTally.failures];
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
    // The service's CPU per request answered (fixed and flood), rescans included: steadier than latency on a shared machine.
    serviceCpuMicrosPerRequest: done ? Math.round(done.cpuMicros / Math.max(1, tally.requests + floodTally.requests)) : 0,
    rescans: done?.rescans ?? 0,
    rescanMs: { p50: percentile(rescanMs, 50), max: rescanMs.at(-1) ?? 0 },
    changedDocuments: done?.changedDocuments ?? 0,
    memoryMiB: windows && {
      rss: { first: mb(windows.first.rss), last: mb(windows.last.rss) },
      heapUsed: { first: mb(windows.first.heapUsed), last: mb(windows.last.heapUsed) },
    },
    ...(flood > 0
      ? {
          queryFlood: {
            connections: flood,
            clients: Math.min(flood, FLOOD_CLIENTS),
            requests: floodTally.requests,
            perSecond: Math.round(floodTally.requests / seconds),
            statuses: floodTally.statuses,
          },
        }
      : {}),
    failures: failures.slice(0, 20),
  };
  const m = summary.memoryMiB;
  const lines = [
    `${summary.connections} connections, ${summary.seconds} s, ${summary.feeds} feeds`,
    `requests: ${summary.requests} (${summary.requestsPerSecond}/s): ${summary.ok200} × 200, ${summary.notModified304} × 304`,
    `latency: p50 ${summary.latencyMs.p50} ms, p99 ${summary.latencyMs.p99} ms, max ${summary.latencyMs.max} ms`,
    `service CPU: ${summary.serviceCpuMicrosPerRequest} µs a request (rescans included)`,
    `rescans: ${summary.rescans} (p50 ${summary.rescanMs.p50} ms, max ${summary.rescanMs.max} ms), ${summary.changedDocuments} documents changed`,
    m
      ? `service memory, first → last window: RSS ${m.rss.first} → ${m.rss.last} MiB, heap ${m.heapUsed.first} → ${m.heapUsed.last} MiB`
      : 'service memory: no samples',
    ...(summary.queryFlood
      ? [
          `query flood: ${summary.queryFlood.connections} connections from ${summary.queryFlood.clients} addresses, ${summary.queryFlood.requests} requests (${summary.queryFlood.perSecond}/s): ${Object.entries(
            summary.queryFlood.statuses,
          )
            .map(([s, n]) => `${n} × ${s}`)
            .join(', ')}`,
        ]
      : []),
    `errors: ${summary.errors}`,
    ...summary.failures.map((f) => `  ${f}`),
  ];
  const text = `${lines.join('\n')}\n`;
  return { text, json: summary, p99: summary.latencyMs.p99, failures };
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`loadtest: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  },
);
