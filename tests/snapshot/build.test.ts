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

  test('plans every scope in every format, a page per scope, the lists, the OPML, stylesheets and assets; distinct ETags per encoding', async () => {
    const { snapshot } = await freshSnapshot(config, NOW);
    const dirs = ['/', '/categories/news/', '/categories/tech/', '/tags/x/', '/tags/y/', '/tags/c-plus-plus/'];
    const others = ['/categories/', '/tags/', '/feeds.opml', '/rss.xsl', '/atom.xsl', '/assets/site.css', '/assets/site.js', '/assets/icon.svg'];
    assert.deepEqual([...snapshot.entries.keys()], [...under(...dirs), ...dirs, ...others].sort());
    const site = snapshot.entries.get('/rss.xml');
    assert.ok(site);
    assert.equal(new Set(Object.values(site.etags)).size, 3);
    assert.match(site.etags.identity, /^"[A-Za-z0-9_-]{27}"$/);
    assert.equal(site.lastModified, Date.parse('2024-03-03T02:00:00Z'));
    assert.equal(snapshot.posts, 3);
  });

  test('RSS and Atom have a navigation variant with the same hash and its own ETags; pages carry their CSP', async () => {
    const { snapshot } = await freshSnapshot(config, NOW);
    for (const path of ['/rss.xml', '/tags/x/atom.xml']) {
      const entry = snapshot.entries.get(path);
      assert.equal(entry?.navigation?.contentType, 'application/xml; charset=utf-8', path);
      const expected = Object.values(entry.etags).map((etag) => etag.replace(/"$/, '-nav"'));
      assert.deepEqual(Object.values(entry.navigation.etags), expected, path);
    }
    assert.equal(snapshot.entries.get('/feed.json')?.navigation, undefined);
    assert.match(snapshot.entries.get('/tags/x/')?.headers?.['Content-Security-Policy'] ?? '', /^default-src 'none'; /);
    assert.equal(snapshot.entries.get('/feeds.opml')?.headers, undefined);
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
      // 6 scopes × 3 formats, 5 scope pages, /categories/, /tags/ and the index, the OPML, 2 stylesheets, 3 assets.
      assert.equal(first.rendered, 32);
      const same = await rescanner.trigger('test');
      assert.equal(same.rendered, 0);
      assert.deepEqual(same.changed, []);
      for (const [path, entry] of store.current?.entries ?? []) assert.equal(entry, start?.entries.get(path), path);

      posts.post('b.md', { title: 'B edited', date: '2024-03-02 10:00:00 +0800', categories: 'tech', tags: ['x'] });
      const edited = await rescanner.trigger('test');
      // The pages that show the title change, the index too (the site's newest posts); the OPML does not.
      const touched = [...under('/', '/categories/tech/', '/tags/x/'), '/', '/categories/tech/', '/tags/x/'].sort();
      assert.deepEqual(edited.changed, touched);
      assert.equal(edited.rendered, touched.length);
      assert.deepEqual(bytesOf(store.current), bytesOf((await freshSnapshot(config, NOW)).snapshot));
      assert.ok(store.current?.entries.get('/rss.xml')?.body.bytes().toString().includes('B edited'));

      posts.remove('c.md');
      posts.post('renamed-a.md', { title: 'A', date: '2024-03-01 10:00:00 +0800', categories: 'news', tags: ['x', 'C++'] });
      posts.remove('a.md');
      const renamed = await rescanner.trigger('test');
      assert.ok(renamed.changed.includes('/tags/y/rss.xml'));
      assert.deepEqual(bytesOf(store.current), bytesOf((await freshSnapshot(config, NOW)).snapshot));
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
      // The lists show each scope's count and newest date: the index and /tags/ change with them.
      assert.deepEqual(due.changed, [...under('/', '/tags/y/'), '/', '/feeds.opml', '/tags/', '/tags/y/'].sort());
      assert.ok(store.current?.entries.get('/rss.xml')?.body.bytes().toString().includes('Later'));
      assert.deepEqual(bytesOf(store.current), bytesOf((await freshSnapshot(cfg, clock.now)).snapshot));
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
      assert.deepEqual(
        json.items.map((i) => i.title),
        ['new', 'a.md', 'b.md'],
      );
    } finally {
      dir.cleanup();
    }
  });
});
