// The service side of `npm run loadtest`, in its own process so its memory is measured alone: the real
// service over a temporary posts folder, with a rescan that changes posts every interval. It tells the
// load generator which bytes each ETag it serves stands for (a hash of them), so that every answer can be
// checked against the document version it claims to be.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '../src/config/load.js';
import { createLogger } from '../src/log.js';
import { startService, type Service } from '../src/service.js';

export interface ServiceOptions {
  readonly posts: number;
  readonly rescanIntervalMs: number;
}

/** Messages the service sends its parent. */
export type ServiceMessage =
  | { readonly type: 'ready'; readonly url: string; readonly paths: readonly string[] }
  | { readonly type: 'memory'; readonly t: number; readonly rss: number; readonly heapUsed: number }
  /** Identity ETag → SHA-256 (base64url) of the document's bytes, for each version installed since the last. */
  | { readonly type: 'versions'; readonly pairs: ReadonlyArray<readonly [string, string]> }
  | {
      readonly type: 'done';
      readonly rescans: number;
      readonly failed: number;
      readonly changedDocuments: number;
      readonly rescanMs: readonly number[];
      /** CPU the service process took over the run, user and system (µs): what requests cost, whatever else runs on the machine. */
      readonly cpuMicros: number;
    };

const CATEGORIES = ['news', 'tech', 'culture', '城市', 'sport'];
const TAGS = Array.from({ length: 20 }, (_, i) => (i % 4 === 0 ? `标签${i}` : `tag-${i}`));
const FORMATS = ['rss.xml', 'atom.xml', 'feed.json'];

function send(message: ServiceMessage): void {
  process.send?.(message);
}

/** Reports the versions of the served snapshot's documents not reported yet. */
function reportVersions(service: Service, reported: Set<string>): void {
  const pairs: Array<[string, string]> = [];
  for (const entry of service.store.current?.entries.values() ?? []) {
    if (reported.has(entry.etags.identity)) continue;
    reported.add(entry.etags.identity);
    pairs.push([entry.etags.identity, createHash('sha256').update(entry.body.bytes()).digest('base64url')]);
  }
  if (pairs.length > 0) send({ type: 'versions', pairs });
}

function postText(i: number, version: number, date: string): string {
  const tags = [TAGS[i % TAGS.length], TAGS[(i * 7 + 3) % TAGS.length]];
  const body = Array.from({ length: 6 }, (_, p) => `Paragraph ${p} of post ${i}, version ${version}: ${'lorem ipsum 常州 '.repeat(8 + ((i + p) % 5))}`).join(
    '\n\n',
  );
  return `---\ntitle: "Post ${i}, version ${version}"\ndate: ${date}\ncategories: ${CATEGORIES[i % CATEGORIES.length]}\ntags: [${tags.join(', ')}]\n---\n${body}\n`;
}

async function run(options: ServiceOptions): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fw-loadtest-'));
  const postsDir = path.join(dir, 'posts');
  const write = (name: string, text: string): void => writeFileSync(path.join(postsDir, name), text);
  const dateOf = (minute: number): string => new Date(Date.UTC(2024, 0, 1) + minute * 60_000).toISOString();
  mkdirSync(postsDir);
  const versions = new Array<number>(options.posts).fill(0);
  for (let i = 0; i < options.posts; i++) write(`post-${i}.md`, postText(i, 0, dateOf(i * 60)));
  // rescan.minIntervalMs would space rescans a second apart; the load test wants one every interval.
  writeFileSync(
    path.join(dir, 'feedwright.yaml'),
    'site:\n  title: Load test\n  url: https://load.example/\nserver:\n  host: 127.0.0.1\n  port: 0\nrescan:\n  minIntervalMs: 0\n',
  );
  const config = loadConfig({ env: {}, cwd: dir, overrides: { configPath: path.join(dir, 'feedwright.yaml'), postsDir } });
  const service = await startService(config, createLogger('silent'), { schedule: false });

  const reported = new Set<string>();
  reportVersions(service, reported);
  const scopes = ['/', ...CATEGORIES.map((c) => `/categories/${c}/`), ...TAGS.map((t) => `/tags/${t}/`)];
  send({ type: 'ready', url: service.url, paths: scopes.flatMap((s) => FORMATS.map((f) => s + f)) });

  const started = performance.now();
  const cpuAtStart = process.cpuUsage();
  const memory = setInterval(() => {
    const m = process.memoryUsage();
    send({ type: 'memory', t: performance.now() - started, rss: m.rss, heapUsed: m.heapUsed });
  }, 250);

  let stopping = false;
  process.on('message', (m) => {
    if (m === 'stop') stopping = true;
  });

  // Each tick edits a post, and every other tick adds a newer one and, past ten, deletes the oldest
  // added one: every scope keeps its posts, so every URL stays a 200 and the drop guard never trips.
  const added: number[] = [];
  const rescanMs: number[] = [];
  let tick = 0;
  let failed = 0;
  let changedDocuments = 0;
  while (!stopping) {
    const t0 = performance.now();
    const i = (tick * 37) % options.posts;
    versions[i] = (versions[i] ?? 0) + 1;
    write(`post-${i}.md`, postText(i, versions[i] ?? 0, dateOf(i * 60)));
    if (tick % 2 === 0) {
      const n = options.posts + tick;
      write(`post-${n}.md`, postText(n, 0, dateOf(options.posts * 60 + tick)));
      added.push(n);
      if (added.length > 10) rmSync(path.join(postsDir, `post-${added.shift()}.md`));
    }
    const result = await service.rescanner.trigger('loadtest');
    reportVersions(service, reported);
    rescanMs.push(result.ms);
    changedDocuments += result.changed.length;
    if (!result.ok) failed++;
    tick++;
    await sleep(Math.max(0, options.rescanIntervalMs - (performance.now() - t0)));
  }

  clearInterval(memory);
  const cpu = process.cpuUsage(cpuAtStart);
  await service.close();
  rmSync(dir, { recursive: true, force: true });
  send({ type: 'done', rescans: tick, failed, changedDocuments, rescanMs, cpuMicros: cpu.user + cpu.system });
  process.disconnect?.();
}

const [posts = '200', interval = '200'] = process.argv.slice(2);
run({ posts: Number(posts), rescanIntervalMs: Number(interval) }).catch((err: unknown) => {
  process.stderr.write(`loadtest service failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
