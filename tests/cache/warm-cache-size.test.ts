// Issue 23 item 5: a cache file of 2–4 GiB aborted Node on every start (fs.read's length assertion, exit
// 134), and at 1.9 GB the whole file was read into memory. Now the file is read in bounded chunks and never
// held whole, and past diskCache.maxBytes it is neither read nor written: one warning, a cold start. The
// large files are sparse (truncate): they cost no disk.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import type { ConfigInput } from '../../src/config/schema.js';
import { createLogger } from '../../src/log.js';
import { WarmCache, type WarmCacheOptions } from '../../src/cache/warm-cache.js';
import { startService, type Service } from '../../src/service.js';
import { testConfig } from '../helpers/config.js';
import { PostsDir } from '../helpers/posts-dir.js';
import { warmState } from '../helpers/warm-state.js';

const roots: string[] = [];
after(() => {
  for (const r of roots) fs.rmSync(r, { recursive: true, force: true });
});

function cacheRoot(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'fw-cache-size-'));
  roots.push(root);
  return root;
}

async function start(posts: PostsDir, root: string, diskCache: ConfigInput['diskCache'] = {}): Promise<{ service: Service; warnings: string[] }> {
  const warnings: string[] = [];
  const log = createLogger('silent');
  log.warn = ((...args: unknown[]) => void warnings.push(String(args.find((a) => typeof a === 'string') ?? ''))) as typeof log.warn;
  const service = await startService(testConfig(posts.dir, { diskCache: { dir: root, ...diskCache } }), log, { schedule: false, processMetrics: false });
  return { service, warnings };
}

interface AtStart {
  readonly used: boolean;
  readonly reason?: string;
  readonly servedAtOnce?: boolean;
}

async function atStart(service: Service): Promise<AtStart> {
  return ((await (await fetch(`${service.url}status`)).json()) as { cache: { atStart: AtStart } }).cache.atStart;
}

const GIB = 1024 ** 3;

describe('a cache file of 2.5 GiB (sparse)', () => {
  /** A site whose cache file, written whole, is then made 2.5 GiB long (zeros after it, on no disk). */
  async function grown(): Promise<{ posts: PostsDir; root: string; file: string }> {
    const posts = new PostsDir();
    for (let i = 0; i < 10; i++) posts.post(`2024-03-0${(i % 9) + 1}-p${i}.md`, { title: `Post ${i}`, tags: ['a'] });
    const root = cacheRoot();
    await (await start(posts, root)).service.close();
    const file = fs.readdirSync(root).map((d) => path.join(root, d, 'state.bin'))[0] as string;
    fs.truncateSync(file, 2.5 * GIB);
    return { posts, root, file };
  }

  test('over diskCache.maxBytes (1 GiB unless set): not read, one warning, a cold start that serves', async () => {
    const { posts, root } = await grown();
    const run = await start(posts, root);
    try {
      assert.deepEqual(
        run.warnings.map((w) => w.replace(/^warm cache \S+: /, '')),
        [`it is ${2.5 * GIB} bytes, over diskCache.maxBytes (${GIB}); ignored, starting cold`],
      );
      assert.equal((await atStart(run.service)).used, false);
      assert.equal(run.service.rescanner.last?.parsed, 10, 'started cold');
      assert.equal((await fetch(`${run.service.url}feed.json`)).status, 200);
    } finally {
      await run.service.close();
      posts.cleanup();
    }
  });

  test('under a larger diskCache.maxBytes: read in chunks, no abort; its documents served, the bytes after it refused', async () => {
    // Before: the whole file was one read() of 2.5 GiB, and Node aborted (exit 134) on every start.
    const { posts, root } = await grown();
    const run = await start(posts, root, { maxBytes: 3 * GIB });
    try {
      assert.deepEqual(
        run.warnings.map((w) => w.replace(/^warm cache \S+: /, '')),
        ['bytes left after the last group; its records are ignored, every post is read again'],
      );
      assert.equal((await atStart(run.service)).servedAtOnce, true, 'the first part was whole, and served');
      assert.equal(run.service.rescanner.last?.parsed, 10);
    } finally {
      await run.service.close();
      posts.cleanup();
    }
  });
});

describe('bounded reads and writes', () => {
  test('read a few bytes at a time (frames across every read boundary): the same state comes back', async () => {
    const { posts, state } = await warmState(20);
    const root = cacheRoot();
    const options: WarmCacheOptions = { root, configHash: 'size', postsDir: posts.dir, version: 'test', build: 'b', warn: (m) => assert.fail(m) };
    try {
      const writer = new WarmCache(options);
      writer.save(state);
      await writer.idle();
      for (const readBytes of [7, 4093]) {
        const start = await new WarmCache({ ...options, readBytes }).load();
        assert.ok(start);
        const back = await start.rest();
        assert.ok(back);
        assert.deepEqual([...back.records.keys()], [...state.records.keys()]);
        for (const [p, e] of state.snapshot.entries) assert.deepEqual(start.snapshot.entries.get(p)?.body.bytes(), e.body.bytes(), p);
      }
    } finally {
      posts.cleanup();
    }
  });

  test('a state over maxBytes is not written: the write fails (FW_ERR_FILE_TOO_LARGE) and the old file stays', async () => {
    const { posts, state } = await warmState(20);
    const small = await warmState(2);
    const root = cacheRoot();
    const options: WarmCacheOptions = { root, configHash: 'size', postsDir: posts.dir, version: 'test', build: 'b', warn: (m) => assert.fail(m) };
    try {
      const first = new WarmCache(options);
      first.save(small.state);
      await first.idle();
      const before = fs.readFileSync(first.file);
      const warnings: string[] = [];
      const bounded = new WarmCache({ ...options, maxBytes: before.length * 2, warn: (m) => warnings.push(m) });
      bounded.save(state);
      await bounded.idle();
      assert.deepEqual(fs.readFileSync(first.file), before);
      assert.deepEqual(fs.readdirSync(path.dirname(first.file)), ['state.bin']);
      assert.deepEqual(bounded.status().failures, { FW_ERR_FILE_TOO_LARGE: 1 });
      assert.equal(warnings.length, 1);
      assert.match(warnings[0] as string, /cannot write it \(FW_ERR_FILE_TOO_LARGE\)/);
    } finally {
      posts.cleanup();
      small.posts.cleanup();
    }
  });
});
