// Issue 6, bad days: the posts folder goes away, empties, turns unreadable or loses most posts at once,
// or a rescan throws halfway. The last good feeds keep being served (same bytes, same ETags), the log
// and the rescan result say why, and the service recovers by itself.
import assert from 'node:assert/strict';
import fs, { chmodSync, mkdirSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { after, before, beforeEach, describe, test, type TestContext } from 'node:test';
import type { Config, ConfigInput } from '../../src/config/schema.js';
import type { ProblemCode } from '../../src/errors.js';
import { createLogger } from '../../src/log.js';
import type { Post } from '../../src/posts/post.js';
import type { ScanDelta } from '../../src/posts/scan.js';
import type { ScanOptions } from '../../src/posts/options.js';
import { startService, type Service } from '../../src/service.js';
import { SnapshotStore } from '../../src/snapshot/store.js';
import { scanOptionsFrom } from '../../src/posts/options.js';
import type { ContentAnswer } from '../../src/sources/contents.js';
import { FolderSource, type PostSource } from '../../src/sources/post-source.js';
import { Rescanner, type RescanResult } from '../../src/rescan/rescanner.js';
import { testConfig } from '../helpers/config.js';
import { PostsDir } from '../helpers/posts-dir.js';
import { get } from '../helpers/service.js';
import { rssItems } from '../helpers/xml.js';

const NOW = Date.parse('2025-01-01T00:00:00Z');

const postName = (i: number): string => `2024-03-${String((i % 28) + 1).padStart(2, '0')}-post-${i}.md`;

function writePosts(posts: PostsDir, n: number): void {
  for (let i = 0; i < n; i++) posts.post(postName(i), { title: `Post ${i}`, categories: 'news', tags: [`t${i % 3}`] });
}

/** A folder of `n` posts, removed when the test ends, and an in-process rescanner of its own over it. */
function site(
  t: TestContext,
  n: number,
  input: ConfigInput = {},
  source?: (options: ScanOptions, config: Config) => PostSource,
): { posts: PostsDir; store: SnapshotStore; rescanner: Rescanner } {
  const posts = new PostsDir();
  t.after(() => posts.cleanup());
  writePosts(posts, n);
  const store = new SnapshotStore();
  const config = testConfig(posts.dir, input);
  return { posts, store, rescanner: new Rescanner({ config, store, now: () => NOW, ...(source ? { source: source(scanOptionsFrom(config), config) } : {}) }) };
}

/** The real source, made to throw right after its real work in `stage` while `fail` is set. */
class FailingSource implements PostSource {
  fail = false;
  readonly #inner: FolderSource;

  constructor(
    options: ScanOptions,
    config: Config,
    readonly stage: 'scan' | 'contents',
  ) {
    this.#inner = new FolderSource(options, config);
  }

  async scan(): Promise<ScanDelta> {
    const out = await this.#inner.scan();
    if (this.fail && this.stage === 'scan') throw new Error('injected failure after scan');
    return out;
  }

  async contents(posts: readonly Post[]): Promise<ContentAnswer[]> {
    const out = await this.#inner.contents(posts);
    if (this.fail && this.stage === 'contents') throw new Error('injected failure after contents');
    return out;
  }

  reset(): void {
    this.#inner.reset();
  }

  async close(): Promise<void> {}
}

function codes(r: RescanResult): ProblemCode[] {
  return r.problems.map((p) => p.code);
}

/** The service with a logger whose JSON lines the test can read. */
async function startLogged(config: ReturnType<typeof testConfig>): Promise<{ service: Service; logs: Array<Record<string, unknown>> }> {
  const logs: Array<Record<string, unknown>> = [];
  const log = createLogger('info', { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) });
  const service = await startService(config, log, { schedule: false, now: () => NOW });
  return { service, logs };
}

describe('the posts folder on a bad day, through the running service', () => {
  const posts = new PostsDir();
  let service: Service;
  let logs: Array<Record<string, unknown>>;
  let base = '';
  let etag = '';

  before(async () => {
    writePosts(posts, 6);
    ({ service, logs } = await startLogged(testConfig(posts.dir)));
    base = service.url.replace(/\/$/, '');
  });
  beforeEach(async () => {
    // Every test starts from the six posts published.
    const res = await get(`${base}/rss.xml`);
    assert.equal(rssItems(res.text).length, 6);
    etag = res.headers.get('etag') ?? '';
  });
  after(async () => {
    await service.close();
    posts.cleanup();
  });

  /** The served feed is the last good one: same ETag, same six items, and a 304 for its ETag. */
  async function stillServed(): Promise<void> {
    const res = await get(`${base}/rss.xml`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('etag'), etag);
    assert.equal(rssItems(res.text).length, 6);
    assert.equal((await get(`${base}/rss.xml`, { 'if-none-match': etag })).status, 304);
  }

  /**
   * Breaks the folder, checks that the rescan publishes nothing and says why (result, `last` for /status,
   * an error line in the log) while the last feeds stay served; then mends it and checks the recovery.
   */
  async function badDay(reason: RegExp, breakIt: () => void, mend: () => void): Promise<void> {
    const generation = service.store.generation;
    breakIt();
    try {
      const result = await service.rescanner.trigger('test');
      assert.equal(result.ok, false);
      assert.deepEqual(codes(result), ['FW_POSTS_DIR_UNREADABLE']);
      assert.match(result.problems[0]?.reason ?? '', reason);
      assert.equal(service.rescanner.last, result, 'the last rescan (for /status) is the failed one');
      assert.equal(service.store.generation, generation);
      await stillServed();
      const line = logs.at(-1);
      assert.ok(line);
      assert.equal(line.level, 'error');
      assert.equal(line.msg, 'rescan failed; the last good feeds are still served');
      assert.equal((line.problemList as { code: string }[])[0]?.code, 'FW_POSTS_DIR_UNREADABLE');
      const status = JSON.parse((await get(`${base}/status`)).text) as { lastRescan: { ok: boolean; problems: Array<{ code: string; reason: string }> } };
      assert.equal(status.lastRescan.ok, false);
      assert.equal(status.lastRescan.problems[0]?.code, 'FW_POSTS_DIR_UNREADABLE');
    } finally {
      mend();
    }
    const back = await service.rescanner.trigger('test');
    assert.equal(back.ok, true);
    assert.deepEqual(back.changed, []);
    await stillServed();
  }

  test('the folder disappears: the last feeds are served, the log and the result say so, and it recovers', async () => {
    await badDay(
      /ENOENT/,
      () => renameSync(posts.dir, `${posts.dir}-gone`),
      () => renameSync(`${posts.dir}-gone`, posts.dir),
    );
  });

  test('the folder is replaced by a file: kept, reported, recovered', async () => {
    await badDay(
      /ENOTDIR/,
      () => {
        renameSync(posts.dir, `${posts.dir}-aside`);
        writeFileSync(posts.dir, 'not a folder');
      },
      () => {
        rmSync(posts.dir);
        renameSync(`${posts.dir}-aside`, posts.dir);
      },
    );
  });

  test('the folder becomes empty: held back however often it is seen, published again when posts return', async () => {
    renameSync(posts.dir, `${posts.dir}-full`);
    mkdirSync(posts.dir);
    try {
      for (let i = 1; i <= 5; i++) {
        const result = await service.rescanner.trigger('test');
        assert.equal(result.ok, false);
        assert.deepEqual(codes(result), ['FW_RESCAN_HELD_BACK']);
        assert.deepEqual(result.heldBack, { dropped: 6, of: 6, seen: i, needed: undefined });
        assert.match(result.problems[0]?.reason ?? '', /6 of 6 published posts would go, more than rescan\.maxDropShare \(0\.5\) and none would be left/);
        await stillServed();
      }
      const line = logs.at(-1);
      assert.equal(line?.level, 'warn');
      assert.match(String(line?.msg), /^rescan held back/);
      assert.deepEqual(line?.heldBack, { dropped: 6, of: 6, seen: 5 });
      // /status says so too, and still counts the six posts served.
      const status = JSON.parse((await get(`${base}/status`)).text) as {
        posts: number;
        lastRescan: { ok: boolean; heldBack: unknown; problems: Array<{ code: string }> };
      };
      assert.equal(status.posts, 6);
      assert.equal(status.lastRescan.ok, false);
      assert.deepEqual(status.lastRescan.heldBack, { dropped: 6, of: 6, seen: 5 });
      assert.equal(status.lastRescan.problems[0]?.code, 'FW_RESCAN_HELD_BACK');
    } finally {
      rmSync(posts.dir, { recursive: true });
      renameSync(`${posts.dir}-full`, posts.dir);
    }
    const back = await service.rescanner.trigger('test');
    assert.equal(back.ok, true);
    assert.deepEqual(back.changed, []);
  });

  test('most posts turn unparseable at once (a bad sync): held back, with every broken file reported', async () => {
    for (let i = 0; i < 4; i++) posts.write(postName(i), '---\ntitle: [broken\n---\n');
    const result = await service.rescanner.trigger('test');
    assert.deepEqual(codes(result), ['FW_RESCAN_HELD_BACK', ...Array(4).fill('FW_POST_BAD_YAML')]);
    await stillServed();
    writePosts(posts, 4);
    const fixed = await service.rescanner.trigger('test');
    assert.equal(fixed.ok, true);
    assert.deepEqual(fixed.problems, []);
  });
});

// In-process: as root, the listing is intercepted (only the main thread lists the folder).
test('the folder becomes unreadable: kept, reported, recovered', async (t) => {
  const { posts, store, rescanner } = site(t, 3);
  await rescanner.trigger('start');
  const served = store.current;
  makeFolderUnreadable(t, posts.dir);
  try {
    const result = await rescanner.trigger('test');
    assert.deepEqual(codes(result), ['FW_POSTS_DIR_UNREADABLE']);
    assert.match(result.problems[0]?.reason ?? '', /EACCES/);
    assert.equal(store.current, served);
  } finally {
    chmodSync(posts.dir, 0o755);
    t.mock.restoreAll();
  }
  const back = await rescanner.trigger('test');
  assert.equal(back.ok, true);
  assert.deepEqual(back.changed, []);
});

describe('a site that really shrinks publishes after rescan.confirmAfter rescans', () => {
  test('deleting 7 of 10 posts is held twice and published on the third rescan', async (t) => {
    const { posts, store, rescanner } = site(t, 10);
    assert.equal((await rescanner.trigger('start')).posts, 10);
    for (let i = 0; i < 7; i++) posts.remove(postName(i));
    const served = store.current;
    const first = await rescanner.trigger('test');
    assert.deepEqual(first.heldBack, { dropped: 7, of: 10, seen: 1, needed: 3 });
    assert.match(first.problems[0]?.reason ?? '', /published when 3 rescans in a row find the same posts \(1 so far\)/);
    assert.equal((await rescanner.trigger('test')).heldBack?.seen, 2);
    assert.equal(store.current, served);
    const third = await rescanner.trigger('test');
    assert.equal(third.ok, true);
    assert.equal(third.posts, 3);
    assert.equal(third.heldBack, undefined);
    // The smaller site is now the reference: deleting one more of three is a drop of a third.
    posts.remove(postName(7));
    assert.equal((await rescanner.trigger('test')).posts, 2);
  });

  test('config: maxDropShare 1 publishes any drop at once, an empty site included', async (t) => {
    const { posts, store, rescanner } = site(t, 4, { rescan: { maxDropShare: 1 } });
    await rescanner.trigger('start');
    for (let i = 0; i < 4; i++) posts.remove(postName(i));
    const result = await rescanner.trigger('test');
    assert.equal(result.ok, true);
    assert.equal(result.posts, 0);
    assert.equal(store.current?.posts, 0);
  });

  test('a restart publishes what it finds: it has nothing to compare with', async (t) => {
    const result = await site(t, 1).rescanner.trigger('start');
    assert.equal(result.ok, true);
    assert.equal(result.posts, 1);
  });
});

describe('a rescan that throws halfway changes nothing that is served', () => {
  for (const stage of ['scan', 'contents'] as const) {
    test(`a failure after ${stage}`, async (t) => {
      let source: FailingSource | undefined;
      const { posts, store, rescanner } = site(t, 3, {}, (options, config) => (source = new FailingSource(options, config, stage)));
      assert.ok(source);
      await rescanner.trigger('start');
      const served = store.current;
      const bytes = served?.entries.get('/rss.xml')?.body.bytes();

      posts.post('2024-03-20-new.md', { title: 'New', date: '2024-03-20 10:00:00 +0800', categories: 'news', tags: ['t0'] });
      source.fail = true;
      const failed = await rescanner.trigger('test');
      assert.equal(failed.ok, false);
      assert.deepEqual(codes(failed), ['FW_RESCAN_FAILED']);
      assert.match(failed.problems[0]?.reason ?? '', new RegExp(`injected failure after ${stage}`));
      assert.equal(store.current, served);
      assert.equal(store.generation, 1);
      assert.deepEqual(store.current?.entries.get('/rss.xml')?.body.bytes(), bytes);

      // The scanner took the new post in before the failure; the next rescan must still publish it.
      source.fail = false;
      const next = await rescanner.trigger('test');
      assert.equal(next.ok, true);
      assert.deepEqual(
        next.changed.filter((p) => p.endsWith('rss.xml')),
        ['/categories/news/rss.xml', '/rss.xml', '/tags/t0/rss.xml'],
      );
      assert.equal(rssItems(store.current?.entries.get('/rss.xml')?.body.bytes().toString() ?? '')[0]?.title, 'New');
    });
  }
});

test('a rescan listener that throws does not undo the rescan it was told about, nor stop the next ones', async (t) => {
  const { posts, store, rescanner } = site(t, 3);
  await rescanner.trigger('start');
  const warnings: Error[] = [];
  const onWarning = (w: Error): void => void warnings.push(w);
  process.on('warning', onWarning);
  t.after(() => process.off('warning', onWarning));
  rescanner.once('rescan', () => {
    throw new Error('a listener bug');
  });
  posts.post('2024-03-20-new.md', { title: 'New', date: '2024-03-20 10:00:00 +0800', categories: 'news', tags: ['t0'] });
  const running = rescanner.trigger('test');
  // Queued behind the one whose listener throws: it still runs.
  const queued = rescanner.trigger('test');
  const result = await running;
  assert.equal(result.ok, true);
  assert.deepEqual(result.problems, []);
  assert.equal(store.generation, 2);
  assert.equal(rssItems(store.current?.entries.get('/rss.xml')?.body.bytes().toString() ?? '')[0]?.title, 'New');
  // Nothing was forgotten: the queued rescan reads no file again.
  const next = await queued;
  assert.equal(next.ok, true);
  assert.equal(next.parsed, 0);
  assert.deepEqual(next.changed, []);
  await new Promise((resolve) => setImmediate(resolve));
  assert.match(warnings.map((w) => w.message).join(), /a listener bug/);
});

/** chmod 000 stops every user but root; as root the listing fails as it would for others. */
function makeFolderUnreadable(t: TestContext, dir: string): void {
  chmodSync(dir, 0);
  if (process.getuid?.() !== 0) return;
  const readdirSync = fs.readdirSync as (...args: unknown[]) => unknown;
  const real = realpathSync(dir);
  t.mock.method(fs, 'readdirSync', (target: unknown, ...rest: unknown[]) => {
    if (target === dir || target === real) throw Object.assign(new Error(`EACCES: permission denied, scandir '${dir}'`), { code: 'EACCES' });
    return readdirSync(target, ...rest);
  });
}
