import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import type { Post } from '../../src/posts/post.js';
import { scanPosts } from '../../src/posts/scan.js';
import { buildSnapshot } from '../../src/snapshot/build.js';
import type { Snapshot } from '../../src/snapshot/snapshot.js';
import { changedPaths } from '../../src/snapshot/snapshot.js';
import { scanOptionsFrom } from '../../src/triggers/rescan.js';
import { testConfig } from '../helpers/config.js';
import { PostsDir } from '../helpers/posts-dir.js';

const NOW = Date.parse('2024-06-01T00:00:00Z');

function bytesOf(s: Snapshot): Record<string, string> {
  return Object.fromEntries([...s.entries].map(([p, e]) => [p, e.identity.body.toString('utf8')]));
}

describe('buildSnapshot', () => {
  const posts = new PostsDir();
  after(() => posts.cleanup());
  posts.post('a.md', { title: 'A', date: '2024-03-01 10:00:00 +0800', categories: 'news', tags: ['x', 'C++'] });
  posts.post('b.md', { title: 'B', date: '2024-03-02 10:00:00 +0800', categories: 'tech', tags: ['x'] });
  posts.post('c.md', { title: 'C', date: '2024-03-03 10:00:00 +0800', categories: 'news', tags: 'y' });
  const config = testConfig(posts.dir);
  const scan = (): Promise<readonly Post[]> => scanPosts(scanOptionsFrom(config)).then((r) => r.posts);

  test('the same posts give byte-identical documents and ETags, build after build', async () => {
    const input = { posts: await scan(), config, now: NOW };
    const one = (await buildSnapshot(input)).snapshot;
    const two = (await buildSnapshot({ ...input, posts: [...input.posts].reverse() })).snapshot;
    assert.deepEqual(bytesOf(one), bytesOf(two));
    for (const [path, entry] of one.entries) {
      assert.equal(two.entries.get(path)?.gzip.etag, entry.gzip.etag);
      assert.equal(two.entries.get(path)?.br.etag, entry.br.etag);
    }
    assert.deepEqual(changedPaths(one, two), []);
  });

  test('plans every scope in every format, a page per scope, the OPML, stylesheets and assets', async () => {
    const { snapshot } = await buildSnapshot({ posts: await scan(), config, now: NOW });
    const dirs = ['/', '/categories/news/', '/categories/tech/', '/tags/x/', '/tags/y/', '/tags/c-plus-plus/'];
    const expected = [
      ...dirs.flatMap((d) => [d, ...['rss.xml', 'atom.xml', 'feed.json'].map((f) => d + f)]),
      ...['/feeds.opml', '/rss.xsl', '/atom.xsl', '/assets/site.css', '/assets/site.js', '/assets/icon.svg'],
    ].sort();
    assert.deepEqual([...snapshot.entries.keys()], expected);
    const site = snapshot.entries.get('/rss.xml');
    assert.ok(site);
    const tags = new Set([site.identity.etag, site.gzip.etag, site.br.etag]);
    assert.equal(tags.size, 3);
    assert.match(site.identity.etag, /^"[A-Za-z0-9_-]{27}"$/);
    assert.equal(site.lastModified, Date.parse('2024-03-03T02:00:00Z'));
    assert.equal(snapshot.posts, 3);
  });

  test('a rebuild reuses every entry whose inputs did not change, and only those', async () => {
    const first = await buildSnapshot({ posts: await scan(), config, now: NOW });
    assert.equal(first.stats.reused, 0);
    const same = await buildSnapshot({ posts: await scan(), config, now: NOW }, first.cache);
    assert.equal(same.stats.rendered, 0);
    for (const [path, entry] of same.snapshot.entries) assert.equal(entry, first.snapshot.entries.get(path), path);

    posts.post('b.md', { title: 'B edited', date: '2024-03-02 10:00:00 +0800', categories: 'tech', tags: ['x'] });
    const edited = await buildSnapshot({ posts: await scan(), config, now: NOW }, same.cache);
    const changed = changedPaths(first.snapshot, edited.snapshot);
    // The pages that show the title change; the index (names, counts, dates) and the OPML do not.
    const touched = [
      ...['/', '/categories/tech/', '/tags/x/'].flatMap((d) => ['atom.xml', 'feed.json', 'rss.xml'].map((f) => d + f)),
      '/categories/tech/',
      '/tags/x/',
    ];
    assert.deepEqual(changed, touched.sort());
    assert.equal(edited.stats.rendered, touched.length);
    // The incremental build equals a full build from scratch, byte for byte.
    const full = await buildSnapshot({ posts: await scan(), config, now: NOW });
    assert.deepEqual(bytesOf(edited.snapshot), bytesOf(full.snapshot));
    assert.ok(edited.snapshot.entries.get('/rss.xml')?.identity.body.toString().includes('B edited'));
  });

  test('a post dated in the future appears once now passes its date, with no file change', async () => {
    posts.post('later.md', { title: 'Later', date: '2024-07-01 08:00:00 +0800', tags: 'y' });
    const all = await scan();
    const before = await buildSnapshot({ posts: all, config, now: NOW });
    assert.ok(!before.snapshot.entries.get('/rss.xml')?.identity.body.toString().includes('Later'));
    const due = Date.parse('2024-07-01T00:00:00Z');
    const afterDue = await buildSnapshot({ posts: all, config, now: due }, before.cache);
    assert.ok(afterDue.snapshot.entries.get('/rss.xml')?.identity.body.toString().includes('Later'));
    assert.deepEqual(
      changedPaths(before.snapshot, afterDue.snapshot),
      ['/', '/atom.xml', '/feed.json', '/feeds.opml', '/rss.xml', '/tags/y/', '/tags/y/atom.xml', '/tags/y/feed.json', '/tags/y/rss.xml'],
    );
    posts.remove('later.md');
  });

  test('feeds.limit keeps the newest items; ties in date go by path', async () => {
    const dir = new PostsDir();
    try {
      for (const name of ['d.md', 'a.md', 'c.md', 'b.md']) dir.post(name, { title: name, date: '2024-03-01 10:00:00 +0800' });
      dir.post('new.md', { title: 'new', date: '2024-03-05 10:00:00 +0800' });
      const cfg = testConfig(dir.dir, { feeds: { limit: 3 } });
      const { snapshot } = await buildSnapshot({ posts: (await scanPosts(scanOptionsFrom(cfg))).posts, config: cfg, now: NOW });
      const json = JSON.parse(snapshot.entries.get('/feed.json')?.identity.body.toString() ?? '{}') as { items: { title: string }[] };
      assert.deepEqual(json.items.map((i) => i.title), ['new', 'a.md', 'b.md']);
    } finally {
      dir.cleanup();
    }
  });
});
