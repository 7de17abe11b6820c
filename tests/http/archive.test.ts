// Archive pages over HTTP, through the node:http fast path (which hands them to Express) and through
// Express alone: rendered on the first request by the bounded cache, then the same bytes and ETag; full
// pages immutable, the newest with the configured Cache-Control; 304, HEAD, and 404 past the last page.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { createApp } from '../../src/http/app.js';
import { createListener } from '../../src/http/server.js';
import { renderAllArchivePages } from '../../src/rescan/all-archive-pages.js';
import { ArchiveCache } from '../../src/rescan/archive-cache.js';
import { SnapshotStore } from '../../src/snapshot/store.js';
import { freshSnapshot } from '../helpers/build.js';
import { testConfig } from '../helpers/config.js';
import { PostsDir } from '../helpers/posts-dir.js';
import { get } from '../helpers/service.js';

const posts = new PostsDir();
for (let i = 0; i < 12; i++)
  posts.post(`p${String(i).padStart(2, '0')}.md`, { title: `P${i}`, date: `2024-03-${String(i + 1).padStart(2, '0')} 10:00:00 +0800`, tags: 't' });
// Window 2, pages of 4: 10 archived posts, pages 1–2 full, page 3 filling.
const config = testConfig(posts.dir, { cache: { maxAge: 120, staleWhileRevalidate: 30 }, feeds: { limit: 2, archive: { pageSize: 4, maxAge: 1000 } } });
after(() => posts.cleanup());

for (const mode of ['fast path', 'express only'] as const) {
  describe(`archive pages over HTTP (${mode})`, () => {
    const store = new SnapshotStore();
    const cache = new ArchiveCache(config);
    let server: http.Server;
    let base = '';

    before(async () => {
      store.swap((await freshSnapshot(config, Date.now())).snapshot);
      const app = createApp({ store, config, findEntry: cache.find });
      server = http.createServer(mode === 'fast path' ? createListener(app, store, config) : app);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(() => new Promise<void>((resolve) => server.close(() => resolve())));

    test('a full page: immutable, a strong ETag, the bytes `feedwright build` writes; then from the cache', async () => {
      const first = await get(`${base}/archive/1/atom.xml`);
      assert.equal(first.status, 200);
      assert.equal(first.headers.get('cache-control'), 'public, max-age=1000, immutable');
      assert.equal(first.headers.get('content-type'), 'application/atom+xml; charset=utf-8');
      assert.match(first.headers.get('etag') ?? '', /^"[A-Za-z0-9_-]{27}"$/);
      assert.match(first.text, /<fh:archive\/>/);
      const built = renderAllArchivePages(store.current ?? assert.fail('no snapshot'), config).find((e) => e.path === '/archive/1/atom.xml');
      assert.ok(built?.body.bytes().equals(first.body));
      assert.equal(cache.size.pages >= 1, true);
      const again = await get(`${base}/archive/1/atom.xml`);
      assert.equal(again.headers.get('etag'), first.headers.get('etag'));
      assert.ok(again.body.equals(first.body));
      const notModified = await get(`${base}/archive/1/atom.xml`, { 'if-none-match': first.headers.get('etag') ?? '' });
      assert.equal(notModified.status, 304);
      assert.equal(notModified.headers.get('cache-control'), 'public, max-age=1000, immutable');
      const head = await get(`${base}/archive/2/rss.xml`, {}, 'HEAD');
      assert.equal(head.status, 200);
      assert.equal(head.body.length, 0);
    });

    test("the newest page has the feed's Cache-Control; a page past the newest, page 0, another file or scope are 404", async () => {
      const newest = await get(`${base}/tags/t/archive/3/feed.json`);
      assert.equal(newest.status, 200);
      assert.equal(newest.headers.get('cache-control'), 'public, max-age=120, stale-while-revalidate=30');
      assert.equal((JSON.parse(newest.text) as { next_url?: string }).next_url, 'https://news.example.cn/tags/t/archive/2/feed.json');
      for (const p of ['/archive/4/atom.xml', '/archive/0/atom.xml', '/archive/1/index.html', '/tags/nope/archive/1/rss.xml']) {
        assert.equal((await get(base + p)).status, 404, p);
      }
    });

    test('an HTML page of older posts without its slash: 301 to the slash form, as other pages; none past the last', async () => {
      const kept = cache.size.pages;
      const moved = await get(`${base}/tags/t/archive/2?x=1`);
      assert.equal(moved.status, 301);
      assert.equal(moved.headers.get('location'), '/tags/t/archive/2/?x=1');
      assert.equal(moved.headers.get('cache-control'), 'public, max-age=120, stale-while-revalidate=30');
      // The redirect renders nothing: only the page's own request does.
      assert.equal(cache.size.pages, kept);
      assert.equal((await get(`${base}/tags/t/archive/2/`)).status, 200);
      // The site's pages of older posts too.
      assert.equal((await get(`${base}/archive/3`)).headers.get('location'), '/archive/3/');
      for (const p of ['/tags/t/archive/9', '/tags/nope/archive/1', '/archive/1/atom.xml/']) assert.equal((await get(base + p)).status, 404, p);
    });
  });
}
