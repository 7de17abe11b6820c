import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { changedPaths } from '../../src/snapshot/snapshot.js';
import { bytesOf, freshSnapshot, testRescanner } from '../helpers/build.js';
import { testConfig } from '../helpers/config.js';
import { PostsDir } from '../helpers/posts-dir.js';

const NOW = Date.parse('2024-06-01T00:00:00Z');
const FEEDS = ['atom.xml', 'feed.json', 'rss.xml'];
const under = (...dirs: string[]): string[] => dirs.flatMap((d) => FEEDS.map((f) => d + f)).sort();

describe('snapshots', () => {
  const posts = new PostsDir();
  after(() => posts.cleanup());
  posts.post('a.md', { title: 'A', date: '2024-03-01 10:00:00 +0800', categories: 'news', tags: ['x', 'C++'] });
  posts.post('b.md', { title: 'B', date: '2024-03-02 10:00:00 +0800', categories: 'tech', tags: ['x'] });
  posts.post('c.md', { title: 'C', date: '2024-03-03 10:00:00 +0800', categories: 'news', tags: 'y' });
  const config = testConfig(posts.dir);

  test('the same posts give byte-identical documents and ETags, build after build', async () => {
    const one = (await freshSnapshot(config, NOW)).snapshot;
    const two = (await freshSnapshot(config, NOW)).snapshot;
    assert.deepEqual(bytesOf(one), bytesOf(two));
    for (const [path, entry] of one.entries) assert.deepEqual(two.entries.get(path)?.etags, entry.etags);
    assert.deepEqual(changedPaths(one, two), []);
  });

  test('plans every scope in every format, with distinct ETags per encoding', async () => {
    const { snapshot } = await freshSnapshot(config, NOW);
    assert.deepEqual([...snapshot.entries.keys()], under('/', '/categories/news/', '/categories/tech/', '/tags/x/', '/tags/y/', '/tags/c-plus-plus/'));
    const site = snapshot.entries.get('/rss.xml');
    assert.ok(site);
    assert.equal(new Set(Object.values(site.etags)).size, 3);
    assert.match(site.etags.identity, /^"[A-Za-z0-9_-]{27}"$/);
    assert.equal(site.lastModified, Date.parse('2024-03-03T02:00:00Z'));
    assert.equal(snapshot.posts, 3);
  });

  test('the ETag changes exactly when the bytes do', async () => {
    const { snapshot } = await freshSnapshot(config, NOW);
    const byEtag = new Map<string, string>();
    for (const entry of snapshot.entries.values()) {
      const text = entry.body.bytes().toString('utf8');
      const seen = byEtag.get(entry.etags.identity);
      if (seen !== undefined) assert.equal(seen, text);
      byEtag.set(entry.etags.identity, text);
    }
    assert.equal(byEtag.size, snapshot.entries.size);
  });

  test('compressed forms are made on first demand, once, and decompress to the identity bytes', async () => {
    const { snapshot } = await freshSnapshot(config, NOW);
    const entry = snapshot.entries.get('/atom.xml');
    assert.ok(entry);
    assert.equal(entry.body.isEncoded('gzip'), false);
    const first = entry.body.encoded('gzip');
    assert.equal(entry.body.encoded('gzip'), first, 'concurrent requests share one compression');
    const gz = await first;
    assert.equal(entry.body.isEncoded('gzip'), true);
    assert.equal(entry.body.encoded('gzip'), gz);
    const { gunzipSync, brotliDecompressSync } = await import('node:zlib');
    assert.deepEqual(gunzipSync(gz), entry.body.bytes());
    assert.deepEqual(brotliDecompressSync(await entry.body.encoded('br')), entry.body.bytes());
  });

  test('rescans reuse every entry whose inputs did not change; the incremental result equals a full build', async () => {
    const clock = { now: NOW };
    const { rescanner, store } = testRescanner(config, clock);
    try {
      const first = await rescanner.trigger('test');
      const start = store.current;
      assert.equal(first.rendered, 18);
      const same = await rescanner.trigger('test');
      assert.equal(same.rendered, 0);
      assert.deepEqual(same.changed, []);
      for (const [path, entry] of store.current?.entries ?? []) assert.equal(entry, start?.entries.get(path), path);

      posts.post('b.md', { title: 'B edited', date: '2024-03-02 10:00:00 +0800', categories: 'tech', tags: ['x'] });
      const edited = await rescanner.trigger('test');
      assert.deepEqual(edited.changed, under('/', '/categories/tech/', '/tags/x/'));
      assert.equal(edited.rendered, 9);
      assert.deepEqual(bytesOf(store.current!), bytesOf((await freshSnapshot(config, NOW)).snapshot));
      assert.ok(store.current?.entries.get('/rss.xml')?.body.bytes().toString().includes('B edited'));

      posts.remove('c.md');
      posts.post('renamed-a.md', { title: 'A', date: '2024-03-01 10:00:00 +0800', categories: 'news', tags: ['x', 'C++'] });
      posts.remove('a.md');
      const renamed = await rescanner.trigger('test');
      assert.ok(renamed.changed.includes('/tags/y/rss.xml'));
      assert.deepEqual(bytesOf(store.current!), bytesOf((await freshSnapshot(config, NOW)).snapshot));
    } finally {
      await rescanner.close();
    }
  });

  test('a post dated in the future appears once now passes its date, with no file change', async () => {
    const dir = new PostsDir();
    try {
      dir.post('now.md', { title: 'Now', date: '2024-05-01 08:00:00 +0800', tags: 'y' });
      dir.post('later.md', { title: 'Later', date: '2024-07-01 08:00:00 +0800', tags: 'y' });
      const cfg = testConfig(dir.dir);
      const clock = { now: NOW };
      const { rescanner, store } = testRescanner(cfg, clock);
      await rescanner.trigger('test');
      assert.ok(!store.current?.entries.get('/rss.xml')?.body.bytes().toString().includes('Later'));
      assert.deepEqual((await rescanner.trigger('test')).changed, []);
      clock.now = Date.parse('2024-07-01T00:00:00Z');
      const due = await rescanner.trigger('test');
      assert.equal(due.parsed, 0);
      assert.deepEqual(due.changed, under('/', '/tags/y/'));
      assert.ok(store.current?.entries.get('/rss.xml')?.body.bytes().toString().includes('Later'));
      assert.deepEqual(bytesOf(store.current!), bytesOf((await freshSnapshot(cfg, clock.now)).snapshot));
      await rescanner.close();
    } finally {
      dir.cleanup();
    }
  });

  test('feeds.limit keeps the newest items; ties in date go by path', async () => {
    const dir = new PostsDir();
    try {
      for (const name of ['d.md', 'a.md', 'c.md', 'b.md']) dir.post(name, { title: name, date: '2024-03-01 10:00:00 +0800' });
      dir.post('new.md', { title: 'new', date: '2024-03-05 10:00:00 +0800' });
      const { snapshot } = await freshSnapshot(testConfig(dir.dir, { feeds: { limit: 3 } }), NOW);
      const json = JSON.parse(snapshot.entries.get('/feed.json')?.body.bytes().toString() ?? '{}') as { items: { title: string }[] };
      assert.deepEqual(json.items.map((i) => i.title), ['new', 'a.md', 'b.md']);
    } finally {
      dir.cleanup();
    }
  });
});
