// Issue 23 item 4: on a full disk the warm cache was cut short, synced and renamed over the good file, and
// /status said the write succeeded with the full byte count. Now a short write or ENOSPC/EDQUOT leaves the
// old file whole, removes the temporary one, and /status and /metrics say the write failed, and why. The
// writes are failed by a test file system as a full disk fails them; where the tests run as root, a real
// tiny tmpfs fills up under a running service too.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import type { WriteFs, WriteHandle } from '../../src/atomic-write.js';
import { createLogger } from '../../src/log.js';
import { WarmCache, type WarmCacheOptions } from '../../src/cache/warm-cache.js';
import { startService, type Service } from '../../src/service.js';
import { testConfig } from '../helpers/config.js';
import { sample } from '../helpers/metrics.js';
import { PostsDir } from '../helpers/posts-dir.js';
import { mountTmpfs } from '../helpers/tmpfs.js';
import { until } from '../helpers/until.js';
import { warmState } from '../helpers/warm-state.js';

const roots: string[] = [];
after(() => {
  for (const r of roots) fs.rmSync(r, { recursive: true, force: true });
});

/** Disk-full answers to write(): part of the first, then `then` (nothing taken, or an error). */
function fullDisk(then: 'nothing' | 'ENOSPC' | 'EDQUOT'): WriteFs {
  return {
    async open(file, flags, mode) {
      const real = (await fsp.open(file, flags, mode)) as unknown as WriteHandle;
      let calls = 0;
      return {
        async writev(buffers, at) {
          if (calls++ === 0) return real.writev([Buffer.concat(buffers).subarray(0, 4096)], at);
          if (then === 'nothing') return { bytesWritten: 0 };
          // As libuv reports them: EDQUOT has no name there (UNKNOWN, errno -122).
          const errno = -os.constants.errno[then];
          throw Object.assign(new Error(`${then === 'EDQUOT' ? 'UNKNOWN: unknown error' : 'ENOSPC: no space left on device'}, write`), {
            code: then === 'EDQUOT' ? 'UNKNOWN' : then,
            errno,
            syscall: 'write',
          });
        },
        sync: () => real.sync(),
        stat: () => real.stat(),
        close: () => real.close(),
      };
    },
  };
}

describe('warm cache on a full disk (a test file system)', () => {
  const cases: [string, 'nothing' | 'ENOSPC' | 'EDQUOT', string, RegExp][] = [
    [
      'a short write, then nothing more',
      'nothing',
      'FW_ERR_SHORT_WRITE',
      /^the file system took 4096 of \d+ bytes and then no more \(FW_ERR_SHORT_WRITE\); the file before it is kept$/,
    ],
    ['a short write, then ENOSPC', 'ENOSPC', 'ENOSPC', /^no space left on device \(ENOSPC\); the file before it is kept$/],
    ['a short write, then EDQUOT', 'EDQUOT', 'EDQUOT', /^disk quota exceeded \(EDQUOT\); the file before it is kept$/],
  ];
  for (const [name, then, code, reason] of cases) {
    test(`${name}: the old file stays whole, no temporary file, and the status says the write failed and why`, async () => {
      const { posts, state } = await warmState(30);
      const root = fs.mkdtempSync(path.join(os.tmpdir(), 'fw-cache-full-'));
      roots.push(root);
      const options: WarmCacheOptions = { root, configHash: 'disk-full', postsDir: posts.dir, version: 'test', build: 'b', warn: (m) => assert.fail(m) };
      try {
        const good = new WarmCache(options);
        good.save(state);
        await good.idle();
        const before = fs.readFileSync(good.file);

        const warnings: string[] = [];
        const cache = new WarmCache({ ...options, fs: fullDisk(then), warn: (m) => warnings.push(m) });
        assert.ok(await cache.load(), 'the good file is read');
        cache.save(state);
        await cache.idle();

        assert.deepEqual(fs.readFileSync(cache.file), before, 'the old file is as it was');
        assert.deepEqual(fs.readdirSync(path.dirname(cache.file)), ['state.bin'], 'no temporary file is left');
        const status = cache.status();
        assert.deepEqual([status.writes, status.failedWrites, status.lastWrite, status.failures], [0, 1, undefined, { [code]: 1 }]);
        assert.equal(status.lastAttempt?.ok, false);
        assert.match(status.lastAttempt?.ok === false ? status.lastAttempt.reason : '', reason);
        // The size is the old file's, not the byte count of the failed write.
        assert.equal(status.bytes, before.length);
        assert.deepEqual(warnings, [`warm cache ${cache.file}: cannot write it (${code}); the service runs on without it`]);
        // And the old file still loads whole.
        const again = await new WarmCache(options).load();
        assert.equal((await again?.rest())?.records.size, 30);
      } finally {
        posts.cleanup();
      }
    });
  }
});

/** Starts the service with its cache at `root`; collects its warnings. */
async function start(posts: PostsDir, root: string): Promise<{ service: Service; warnings: string[] }> {
  const warnings: string[] = [];
  const log = createLogger('silent');
  const warn = log.warn.bind(log);
  log.warn = ((...args: unknown[]) => {
    warnings.push(String(args.find((a) => typeof a === 'string') ?? ''));
    return (warn as (...a: unknown[]) => void)(...args);
  }) as typeof log.warn;
  const service = await startService(testConfig(posts.dir, { diskCache: { dir: root } }), log, { schedule: false, processMetrics: false });
  return { service, warnings };
}

interface CacheStatus {
  readonly writes: number;
  readonly failedWrites: number;
  readonly lastWrite?: string;
  readonly bytes?: number;
  readonly lastAttempt?: { readonly ok: boolean; readonly reason?: string; readonly bytes?: number };
  readonly atStart: { readonly used: boolean; readonly records?: number };
}

async function cacheStatus(service: Service): Promise<CacheStatus> {
  return ((await (await fetch(`${service.url}status`)).json()) as { cache: CacheStatus }).cache;
}

// A real file system filling up under a running service: the kernel takes what fits of the one write
// (the file is under 1 MiB), then ENOSPC. Before, that short write went unnoticed and the cut file
// replaced the good one, reported as written.
const tmpfs = mountTmpfs(4 * 1024 * 1024);
test('a real full tmpfs under the service: the old cache kept, /status and /metrics say the write failed with ENOSPC', {
  skip: typeof tmpfs === 'string' ? tmpfs : false,
}, async () => {
  assert.ok(typeof tmpfs !== 'string');
  const posts = new PostsDir();
  for (let i = 0; i < 40; i++)
    posts.post(`2024-03-${String((i % 28) + 1).padStart(2, '0')}-p${i}.md`, {
      title: `Post ${i}`,
      tags: [`t${i % 4}`],
      body: `<p>${'Body text. '.repeat(60)}${i}</p>`,
    });
  try {
    const first = await start(posts, tmpfs.dir);
    await until(async () => (await cacheStatus(first.service)).writes === 1, 'the first cache write');
    await first.service.close();
    const file = fs.readdirSync(tmpfs.dir).map((d) => path.join(tmpfs.dir, d, 'state.bin'))[0] as string;
    const before = fs.readFileSync(file);
    assert.ok(before.length < 1 << 20, 'one write() call carries the whole file');

    // A post added while stopped: the first rescan has a new state to write, and half its size is free.
    posts.post('2024-04-01-new.md', { title: 'Added while down', tags: ['t0'] });
    tmpfs.fillTo(Math.floor(before.length / 2));
    const run = await start(posts, tmpfs.dir);
    try {
      await until(async () => ((s) => s.writes + s.failedWrites)(await cacheStatus(run.service)) === 1, 'the cache write');
      const status = await cacheStatus(run.service);
      assert.deepEqual([status.writes, status.lastWrite, status.lastAttempt?.ok, status.bytes], [0, undefined, false, before.length]);
      assert.match(status.lastAttempt?.reason ?? '', /^no space left on device \(ENOSPC\); the file before it is kept$/);
      const metrics = run.service.metrics;
      assert.equal(await sample(metrics, 'feedwright_cache_write_failures_total', { reason: 'ENOSPC' }), 1);
      assert.equal(await sample(metrics, 'feedwright_cache_writes_total', { outcome: 'failed' }), 1);
      assert.equal(await sample(metrics, 'feedwright_cache_writes_total', { outcome: 'ok' }), 0);
      assert.equal(await sample(metrics, 'feedwright_cache_last_write_timestamp_seconds'), 0);
      assert.deepEqual(
        run.warnings.map((w) => w.replace(/^warm cache \S+: /, '')),
        ['cannot write it (ENOSPC); the service runs on without it'],
      );
      assert.deepEqual(fs.readFileSync(file), before, 'the old file is as it was');
      assert.deepEqual(fs.readdirSync(path.dirname(file)), ['state.bin'], 'no temporary file is left');
      // The service serves on.
      assert.equal((await fetch(`${run.service.url}feed.json`)).status, 200);
    } finally {
      await run.service.close();
    }
    // Space again: the next start takes over the old file's records (the new post is read).
    fs.rmSync(path.join(tmpfs.dir, 'filler'));
    const warm = await start(posts, tmpfs.dir);
    try {
      const atStart = (await cacheStatus(warm.service)).atStart;
      assert.deepEqual([atStart.used, atStart.records], [true, 40]);
      assert.equal(warm.service.rescanner.last?.parsed, 1);
    } finally {
      await warm.service.close();
    }
  } finally {
    posts.cleanup();
    tmpfs.unmount();
  }
});
