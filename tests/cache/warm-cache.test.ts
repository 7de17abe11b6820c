// Issue 14: warm restarts. A restart over unchanged posts takes over what the last run learned (each
// file's record, the prepared contents and items, the documents), reads and renders nothing, and serves
// the very bytes a cold build serves; posts changed while it was down are served as in any rescan; a cache
// that is corrupt, truncated, empty, foreign or unreadable is reported and ignored, never served.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import type { ConfigInput } from '../../src/config/schema.js';
import { createLogger } from '../../src/log.js';
import { WarmCache } from '../../src/cache/warm-cache.js';
import { startService, type Service } from '../../src/service.js';
import type { Snapshot } from '../../src/snapshot/snapshot.js';
import { testConfig } from '../helpers/config.js';
import { sample } from '../helpers/metrics.js';
import { PostsDir } from '../helpers/posts-dir.js';
import { freePort } from '../helpers/port.js';
import { until } from '../helpers/until.js';
import { snapshotDigest } from '../helpers/digest.js';

const roots: string[] = [];
after(() => {
  for (const r of roots) fs.rmSync(r, { recursive: true, force: true });
});

function cacheRoot(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'fw-cache-'));
  roots.push(root);
  return root;
}

function site(posts = 40): PostsDir {
  const dir = new PostsDir();
  for (let i = 0; i < posts; i++) {
    dir.post(`2024-03-${String((i % 28) + 1).padStart(2, '0')}-p${i}.md`, {
      title: `第 ${i} 篇 & <more>`,
      categories: i % 2 ? '新闻' : 'tech',
      tags: [`t${i % 5}`, '城市'],
      body: `Paragraph *${i}* with [a link](/x/${i}) and 中文.\n\n<p>raw html</p>`,
    });
  }
  return dir;
}

function digest(snapshot: Snapshot | undefined): string[] {
  assert.ok(snapshot);
  return snapshotDigest(snapshot);
}

interface Run {
  readonly service: Service;
  readonly warnings: string[];
}

/** Starts the service (no schedule) with the cache at `root`, and collects its warnings. */
async function start(posts: PostsDir, root: string | undefined, input: ConfigInput = {}, now?: () => number): Promise<Run> {
  const warnings: string[] = [];
  const log = createLogger('silent');
  const warn = log.warn.bind(log);
  log.warn = ((...args: unknown[]) => {
    warnings.push(String(args.find((a) => typeof a === 'string') ?? ''));
    return (warn as (...a: unknown[]) => void)(...args);
  }) as typeof log.warn;
  const config = testConfig(posts.dir, { ...input, diskCache: root === undefined ? { enabled: false } : { dir: root } });
  const service = await startService(config, log, { schedule: false, processMetrics: false, ...(now ? { now } : {}) });
  return { service, warnings };
}

async function stop(run: Run): Promise<void> {
  await run.service.close();
}

/** A cold build's documents, with no cache at all. */
async function cold(posts: PostsDir): Promise<string[]> {
  const run = await start(posts, undefined);
  try {
    return digest(run.service.store.current);
  } finally {
    await stop(run);
  }
}

describe('warm restarts', () => {
  test('a restart over unchanged posts reads and renders nothing, and serves the bytes of a cold build', async () => {
    const posts = site();
    const root = cacheRoot();
    const first = await start(posts, root);
    const firstDigest = digest(first.service.store.current);
    assert.ok((first.service.rescanner.last?.rendered ?? 0) > 0);
    await stop(first);

    const second = await start(posts, root);
    try {
      const r = second.service.rescanner.last;
      assert.deepEqual([r?.ok, r?.parsed, r?.rendered], [true, 0, 0]);
      assert.deepEqual(digest(second.service.store.current), firstDigest);
      assert.deepEqual(digest(second.service.store.current), await cold(posts));
      const res = await fetch(`${second.service.url}status`);
      const cache = ((await res.json()) as { cache: { atStart: { used: boolean; records: number; servedAtOnce?: boolean } } }).cache;
      assert.deepEqual([cache.atStart.used, cache.atStart.records, cache.atStart.servedAtOnce], [true, 40, true]);
      // Served from the cache first, then the first rescan's snapshot: the same bytes, with the archive index.
      assert.equal(second.service.store.generation, 2);
      assert.ok(second.service.store.current?.archive);
      assert.deepEqual(second.warnings, []);
    } finally {
      await stop(second);
      posts.cleanup();
    }
  });

  test('an edit, an addition, a deletion and a rename made while stopped are served after the restart', async () => {
    const posts = site();
    const root = cacheRoot();
    await stop(await start(posts, root));
    posts.post('2024-03-01-p0.md', { title: 'Edited while down', categories: 'tech', tags: ['t0'] });
    posts.post('2024-04-01-new.md', { title: 'Added while down', date: '2024-04-01 08:00:00 +0800', tags: ['new-tag'] });
    posts.remove('2024-03-02-p1.md');
    fs.renameSync(posts.path('2024-03-03-p2.md'), posts.path('2024-03-03-renamed.md'));

    const run = await start(posts, root);
    try {
      const r = run.service.rescanner.last;
      assert.equal(r?.ok, true);
      assert.equal(r?.parsed, 3); // the edit, the addition, the renamed file
      const feed = run.service.store.current?.entries.get('/feed.json')?.body.bytes().toString() ?? '';
      assert.match(feed, /Edited while down/);
      assert.match(feed, /Added while down/);
      assert.doesNotMatch(feed, /第 1 篇/);
      assert.ok(run.service.store.current?.entries.has('/tags/new-tag/rss.xml'));
      assert.deepEqual(digest(run.service.store.current), await cold(posts));
      // Nothing was served from the cache before the rescan had read the changes.
      assert.equal((await cacheStatus(run)).atStart.servedAtOnce, undefined);
      assert.equal(run.service.store.generation, 1);
    } finally {
      await stop(run);
      posts.cleanup();
    }
  });

  test('files touched while stopped, their bytes the same: hashed once, and their new times kept for the next start', async () => {
    // A git checkout or a sync tool gives files new times and the same bytes. Kept with the old times,
    // every later start would find them changed: hash them again, and never serve its cache at once.
    const posts = site(10);
    const root = cacheRoot();
    await stop(await start(posts, root));
    const later = new Date(Date.UTC(2030, 0, 1));
    const touched = fs
      .readdirSync(posts.dir)
      .filter((name) => name.endsWith('.md'))
      .slice(0, 3);
    for (const name of touched) fs.utimesSync(posts.path(name), later, later);

    const second = await start(posts, root);
    try {
      const r = second.service.rescanner.last;
      assert.deepEqual([r?.ok, r?.parsed, r?.rendered, r?.restamped], [true, 0, 0, 3]);
      // The listing differed from the cache's: nothing served before the rescan had looked.
      assert.equal((await cacheStatus(second)).atStart.servedAtOnce, undefined);
    } finally {
      await stop(second);
    }
    const third = await start(posts, root);
    try {
      const r = third.service.rescanner.last;
      assert.deepEqual([r?.ok, r?.parsed, r?.restamped], [true, 0, 0]);
      assert.equal((await cacheStatus(third)).atStart.servedAtOnce, true);
      assert.deepEqual(digest(third.service.store.current), await cold(posts));
      assert.deepEqual(third.warnings, []);
    } finally {
      await stop(third);
      posts.cleanup();
    }
  });

  test('/metrics reports the cache: size, entries, last write, writes by outcome, and what each start reused', async () => {
    const posts = site(10);
    const root = cacheRoot();
    const metric = (run: Run, name: string, labels: Record<string, string> = {}): Promise<number> => sample(run.service.metrics, name, labels);
    const first = await start(posts, root);
    let written: CacheStatus | undefined;
    try {
      // The write follows the first rescan in the background.
      await until(async () => {
        written = await cacheStatus(first);
        return written.writes === 1;
      }, 'the first cache write');
      assert.ok(written?.lastWrite !== undefined && written.bytes !== undefined);
      const documents = first.service.store.current?.entries.size ?? 0;
      assert.deepEqual(written.entries, { records: 10, documents });
      assert.equal(await metric(first, 'feedwright_cache_writes_total', { outcome: 'ok' }), 1);
      assert.equal(await metric(first, 'feedwright_cache_writes_total', { outcome: 'failed' }), 0);
      assert.equal(await metric(first, 'feedwright_cache_bytes'), written.bytes);
      assert.equal(await metric(first, 'feedwright_cache_entries', { kind: 'records' }), 10);
      assert.equal(await metric(first, 'feedwright_cache_entries', { kind: 'documents' }), documents);
      assert.equal(await metric(first, 'feedwright_cache_last_write_timestamp_seconds'), Date.parse(written.lastWrite) / 1000);
      // A cold start: every file read, every document rendered.
      assert.deepEqual(
        await Promise.all(
          [
            ['cache', 'read'],
            ['cache', 'rendered'],
          ].flatMap(([a, b], i) => {
            const name = i === 0 ? 'feedwright_cache_start_files' : 'feedwright_cache_start_documents';
            return [metric(first, name, { from: a as string }), metric(first, name, { from: b as string })];
          }),
        ),
        [0, 10, 0, documents],
      );
    } finally {
      await stop(first);
    }

    const second = await start(posts, root);
    try {
      const text = await (await fetch(`${second.service.url}metrics`)).text();
      const documents = second.service.store.current?.entries.size ?? 0;
      // A warm start: nothing read, nothing rendered, nothing new to write.
      for (const line of [
        'feedwright_cache_start_files{from="cache"} 10',
        'feedwright_cache_start_files{from="read"} 0',
        `feedwright_cache_start_documents{from="cache"} ${documents}`,
        'feedwright_cache_start_documents{from="rendered"} 0',
        'feedwright_cache_entries{kind="records"} 10',
        `feedwright_cache_bytes ${written?.bytes ?? -1}`,
        'feedwright_cache_writes_total{outcome="ok"} 0',
        'feedwright_cache_last_write_timestamp_seconds 0',
      ]) {
        assert.ok(text.split('\n').includes(line), `${line} in\n${text}`);
      }
      assert.deepEqual((await cacheStatus(second)).atStart.reused, { files: 10, read: 0, documents, rendered: 0 });
    } finally {
      await stop(second);
      posts.cleanup();
    }
  });

  const damages: [string, (file: string) => void, RegExp][] = [
    [
      'a corrupted byte',
      (f) => {
        const b = fs.readFileSync(f);
        const i = Math.floor(b.length / 2);
        b.writeUInt8(b.readUInt8(i) ^ 0xff, i);
        fs.writeFileSync(f, b);
      },
      /checksum mismatch/,
    ],
    ['a truncated file', (f) => fs.truncateSync(f, Math.floor(fs.statSync(f).size / 3)), /checksum mismatch/],
    ['an emptied file', (f) => fs.writeFileSync(f, ''), /the file is empty/],
    ['a file of another kind', (f) => fs.writeFileSync(f, 'hello, not a cache\n'.repeat(10)), /not a feedwright cache file/],
    [
      'a file that cannot be read',
      (f) => {
        fs.rmSync(f);
        fs.mkdirSync(f);
      },
      /cannot read it \(EISDIR\)/,
    ],
  ];
  for (const [name, damage, reason] of damages) {
    test(`${name}: reported in one warning, ignored, and the start serves the bytes of a cold build`, async () => {
      const posts = site(12);
      const root = cacheRoot();
      const first = await start(posts, root);
      await stop(first);
      const written = fs.readdirSync(root).map((d) => path.join(root, d, 'state.bin'));
      assert.equal(written.length, 1);
      damage(written[0] as string);
      const run = await start(posts, root);
      try {
        assert.equal(run.warnings.length, 1, run.warnings.join('\n'));
        assert.match(run.warnings[0] as string, reason);
        assert.ok((run.service.rescanner.last?.parsed ?? 0) > 0, 'started cold');
        assert.deepEqual(digest(run.service.store.current), await cold(posts));
      } finally {
        await stop(run);
        posts.cleanup();
      }
    });
  }

  test('a cache written by another feedwright version is ignored', async () => {
    const posts = site(6);
    const root = cacheRoot();
    const first = await start(posts, root);
    const state = first.service.rescanner.warmState();
    await stop(first);
    assert.ok(state);
    // The same folder and config, as another version of feedwright would write it (whole, checksum and all).
    const file = fs.readdirSync(root).map((d) => path.join(root, d, 'state.bin'))[0] as string;
    const header = JSON.parse(fs.readFileSync(file, 'utf8').split('\n')[1] ?? '{}') as { config: string };
    const other = new WarmCache({ root: cacheRoot(), configHash: header.config, postsDir: posts.dir, version: '0.0.0-elsewhere', warn: () => undefined });
    other.save(state);
    await other.idle();
    fs.copyFileSync(other.file, file);
    const again = await start(posts, root);
    try {
      assert.equal(again.warnings.length, 1, again.warnings.join('\n'));
      assert.match(again.warnings[0] as string, /written by feedwright 0\.0\.0-elsewhere, this is /);
      assert.ok((again.service.rescanner.last?.parsed ?? 0) > 0, 'started cold');
      assert.deepEqual(digest(again.service.store.current), await cold(posts));
    } finally {
      await stop(again);
      posts.cleanup();
    }
  });

  test('a cache root that cannot be written: one warning per failed write, and the service runs on', async () => {
    const posts = site(6);
    const root = cacheRoot();
    // A file where the cache root should be: root may not write to it either (ENOTDIR).
    fs.rmSync(root, { recursive: true });
    fs.writeFileSync(root, 'a file, not a folder');
    const run = await start(posts, root);
    try {
      assert.equal(run.service.rescanner.last?.ok, true);
      await until(() => run.warnings.length > 1, 'the write to fail');
      assert.deepEqual(
        run.warnings.map((w) => w.replace(/^warm cache \S+: /, '')),
        ['cannot read it (ENOTDIR); starting cold', 'cannot write it (ENOTDIR); the service runs on without it'],
      );
      assert.equal((await fetch(`${run.service.url}feed.json`)).status, 200);
      assert.equal(await sample(run.service.metrics, 'feedwright_cache_writes_total', { outcome: 'failed' }), 1);
      assert.equal(await sample(run.service.metrics, 'feedwright_cache_writes_total', { outcome: 'ok' }), 0);
    } finally {
      await stop(run);
      fs.rmSync(root, { force: true });
      posts.cleanup();
    }
  });

  test('a config changed only in how the service runs (port, logs, proxies, rescan spacing, replicas, bucket) restarts warm; a new site.url starts cold', async () => {
    const posts = site(8);
    const root = cacheRoot();
    await stop(await start(posts, root));
    const moved = await start(posts, root, {
      server: { port: await freePort(), trustProxy: 1 },
      log: { requests: true },
      rescan: { minIntervalMs: 5000 },
      // Issue 25: these two once threw the cache away (snapshot/config-print.ts lists what reaches bytes).
      cluster: { waitSeconds: 5 },
      publish: { concurrency: 2 },
    });
    try {
      const r = moved.service.rescanner.last;
      assert.deepEqual([r?.ok, r?.parsed, r?.rendered], [true, 0, 0]);
      assert.deepEqual(moved.warnings, []);
    } finally {
      await stop(moved);
    }
    const renamed = await start(posts, root, { site: { url: 'https://elsewhere.example.org/' } });
    try {
      const r = renamed.service.rescanner.last;
      assert.equal(r?.ok, true);
      assert.equal(r?.parsed, 8, 'every post read again');
      assert.match(renamed.service.store.current?.entries.get('/feed.json')?.body.bytes().toString() ?? '', /elsewhere\.example\.org/);
    } finally {
      await stop(renamed);
      posts.cleanup();
    }
  });

  test('two sites under one cache root keep their own files, and each restarts warm with its own posts', async () => {
    const a = site(5);
    const b = site(7);
    const root = cacheRoot();
    await stop(await start(a, root));
    await stop(await start(b, root));
    assert.equal(fs.readdirSync(root).length, 2);
    const runA = await start(a, root);
    const runB = await start(b, root);
    try {
      assert.deepEqual([runA.service.rescanner.last?.rendered, runB.service.rescanner.last?.rendered], [0, 0]);
      assert.deepEqual([runA.service.store.current?.posts, runB.service.store.current?.posts], [5, 7]);
      assert.deepEqual(digest(runA.service.store.current), await cold(a));
      assert.deepEqual(digest(runB.service.store.current), await cold(b));
    } finally {
      await Promise.all([stop(runA), stop(runB)]);
      a.cleanup();
      b.cleanup();
    }
  });

  test('a scheduled post that fell due while stopped: the cached documents are not served first, the post is', async () => {
    const posts = site(6);
    posts.post('2030-01-01-due.md', { title: 'Due while down', date: '2030-01-01 08:00:00 +0800', tags: ['t0'] });
    const root = cacheRoot();
    const before = Date.parse('2029-12-31T00:00:00Z');
    const first = await start(posts, root, {}, () => before);
    assert.doesNotMatch(first.service.store.current?.entries.get('/feed.json')?.body.bytes().toString() ?? '', /Due while down/);
    await stop(first);
    // Still before its date: served at once.
    const early = await start(posts, root, {}, () => before + 60_000);
    try {
      assert.equal((await cacheStatus(early)).atStart.servedAtOnce, true);
    } finally {
      await stop(early);
    }
    const late = await start(posts, root, {}, () => Date.parse('2030-01-02T00:00:00Z'));
    try {
      assert.equal((await cacheStatus(late)).atStart.servedAtOnce, undefined);
      assert.equal(late.service.store.generation, 1);
      assert.match(late.service.store.current?.entries.get('/feed.json')?.body.bytes().toString() ?? '', /Due while down/);
      assert.equal(late.service.rescanner.last?.parsed, 0, 'the records were still taken over');
    } finally {
      await stop(late);
      posts.cleanup();
    }
  });

  // The file's two parts (warm-cache.ts): the documents and file table first, then the records.
  const parts: [string, (b: Buffer) => number, boolean][] = [
    ['the first part (the documents)', (b) => b.indexOf(0x0a, 20) + 40, false],
    ['the second part (the records)', (b) => b.length - 100, true],
  ];
  for (const [where, at, servedAtOnce] of parts) {
    test(`a byte damaged in ${where}: one warning, that part unused, and the bytes of a cold build`, async () => {
      const posts = site(12);
      const root = cacheRoot();
      await stop(await start(posts, root));
      const file = fs.readdirSync(root).map((d) => path.join(root, d, 'state.bin'))[0] as string;
      const bytes = fs.readFileSync(file);
      const i = at(bytes);
      bytes.writeUInt8(bytes.readUInt8(i) ^ 0xff, i);
      fs.writeFileSync(file, bytes);
      const run = await start(posts, root);
      try {
        assert.equal(run.warnings.length, 1, run.warnings.join('\n'));
        assert.match(run.warnings[0] as string, /checksum mismatch/);
        assert.equal((await cacheStatus(run)).atStart.servedAtOnce, servedAtOnce ? true : undefined);
        assert.equal(run.service.rescanner.last?.parsed, 12, 'every post read again');
        assert.deepEqual(digest(run.service.store.current), await cold(posts));
      } finally {
        await stop(run);
        posts.cleanup();
      }
    });
  }
});

interface CacheStatus {
  readonly bytes?: number;
  readonly lastWrite?: string;
  readonly writes: number;
  readonly entries?: { readonly records: number; readonly documents: number };
  readonly atStart: { readonly reused?: unknown; readonly servedAtOnce?: boolean };
}

/** The `cache` of the service's /status. */
async function cacheStatus(run: Run): Promise<CacheStatus> {
  return ((await (await fetch(`${run.service.url}status`)).json()) as { cache: CacheStatus }).cache;
}
