// The HTTP contract, run twice: through the node:http fast path and through the Express app alone.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import zlib from 'node:zlib';
import { createApp } from '../../src/http/app.js';
import { createListener } from '../../src/http/server.js';
import { SnapshotStore } from '../../src/snapshot/store.js';
import { freshSnapshot } from '../helpers/build.js';
import { testConfig } from '../helpers/config.js';
import { PostsDir } from '../helpers/posts-dir.js';
import { get } from '../helpers/service.js';
import { rssItems } from '../helpers/xml.js';

const posts = new PostsDir();
posts.post('2024-03-01-hello.md', { title: 'Hello', date: '2024-03-01 10:00:00 +0800', categories: 'news', tags: ['常州日报新闻', 'C++'] });
posts.post('2024-03-02-world.md', { title: 'World', date: '2024-03-02 10:00:00 +0800', categories: 'news', tags: ['C#'] });
const config = testConfig(posts.dir, { cache: { maxAge: 120, staleWhileRevalidate: 30 } });

for (const mode of ['fast path', 'express only'] as const) {
  describe(`HTTP (${mode})`, () => {
    const store = new SnapshotStore();
    let server: http.Server;
    let base = '';

    before(async () => {
      const { snapshot } = await freshSnapshot(config, Date.now());
      store.swap(snapshot);
      const app = createApp({ store, config });
      server = http.createServer(mode === 'fast path' ? createListener(app, store, config) : app);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(() => new Promise<void>((resolve) => server.close(() => resolve())));

    test('serves each format with its media type, validators and caching headers', async () => {
      // RSS and Atom vary by Sec-Fetch-Dest too: a browser's navigation gets them as application/xml.
      const cases = [
        ['/rss.xml', 'application/rss+xml; charset=utf-8', 'Accept-Encoding, Sec-Fetch-Dest'],
        ['/atom.xml', 'application/atom+xml; charset=utf-8', 'Accept-Encoding, Sec-Fetch-Dest'],
        ['/feed.json', 'application/feed+json; charset=utf-8', 'Accept-Encoding'],
      ] as const;
      for (const [path, type, vary] of cases) {
        const res = await get(base + path);
        assert.equal(res.status, 200, path);
        assert.equal(res.headers.get('content-type'), type);
        assert.equal(res.headers.get('etag'), store.current?.entries.get(path)?.etags.identity);
        assert.equal(res.headers.get('last-modified'), 'Sat, 02 Mar 2024 02:00:00 GMT');
        assert.equal(res.headers.get('cache-control'), 'public, max-age=120, stale-while-revalidate=30');
        assert.equal(res.headers.get('vary'), vary);
        assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
        assert.equal(res.headers.get('content-security-policy'), null);
        assert.equal(res.headers.get('x-powered-by'), null);
        assert.equal(res.headers.get('content-length'), String(res.body.length));
        assert.equal(res.headers.get('content-encoding'), null);
      }
    });

    test('items come newest first with absolute links', async () => {
      const items = rssItems((await get(`${base}/rss.xml`)).text);
      assert.deepEqual(
        items.map((i) => i.title),
        ['World', 'Hello'],
      );
      assert.equal(items[0]?.link, 'https://news.example.cn/news/2024/03/02/world/');
    });

    test('category and tag feeds, Unicode slugs percent-encoded on the wire', async () => {
      for (const path of ['/categories/news/atom.xml', '/tags/c-plus-plus/rss.xml', '/tags/c-sharp/feed.json']) {
        assert.equal((await get(base + path)).status, 200, path);
      }
      const cjk = await get(`${base}/tags/${encodeURIComponent('常州日报新闻')}/rss.xml`);
      assert.equal(cjk.status, 200);
      assert.deepEqual(
        rssItems(cjk.text).map((i) => i.title),
        ['Hello'],
      );
      assert.match(
        cjk.text,
        /<atom:link href="https:\/\/news\.example\.cn\/tags\/%E5%B8%B8%E5%B7%9E%E6%97%A5%E6%8A%A5%E6%96%B0%E9%97%BB\/rss\.xml" rel="self"/,
      );
    });

    test('If-None-Match gives 304 with the caching headers and no body', async () => {
      const first = await get(`${base}/atom.xml`);
      const etag = first.headers.get('etag') ?? '';
      const res = await get(`${base}/atom.xml`, { 'if-none-match': etag });
      assert.equal(res.status, 304);
      assert.equal(res.body.length, 0);
      assert.equal(res.headers.get('etag'), etag);
      assert.equal(res.headers.get('cache-control'), first.headers.get('cache-control'));
      assert.equal(res.headers.get('vary'), 'Accept-Encoding, Sec-Fetch-Dest');
      assert.equal((await get(`${base}/atom.xml`, { 'if-none-match': `"nope", W/${etag}` })).status, 304);
      assert.equal((await get(`${base}/atom.xml`, { 'if-none-match': '*' })).status, 304);
      assert.equal((await get(`${base}/atom.xml`, { 'if-none-match': '"nope"' })).status, 200);
    });

    test('If-Modified-Since: 304 when it is the Last-Modified exactly, else 200; If-None-Match wins', async () => {
      const lm = 'Sat, 02 Mar 2024 02:00:00 GMT';
      assert.equal((await get(`${base}/rss.xml`)).headers.get('last-modified'), lm);
      assert.equal((await get(`${base}/rss.xml`, { 'if-modified-since': lm })).status, 304);
      // Any HTTP date form that names the same second.
      assert.equal((await get(`${base}/rss.xml`, { 'if-modified-since': 'Saturday, 02-Mar-24 02:00:00 GMT' })).status, 304);
      // Later than the feed is not "not modified": Last-Modified moves back when the newest post goes.
      assert.equal((await get(`${base}/rss.xml`, { 'if-modified-since': 'Sun, 03 Mar 2024 00:00:00 GMT' })).status, 200);
      assert.equal((await get(`${base}/rss.xml`, { 'if-modified-since': 'Sat, 02 Mar 2024 01:59:59 GMT' })).status, 200);
      assert.equal((await get(`${base}/rss.xml`, { 'if-modified-since': 'not a date' })).status, 200);
      // A stale ETag beats a fresh date (RFC 9110 §13.2.2).
      assert.equal((await get(`${base}/rss.xml`, { 'if-modified-since': lm, 'if-none-match': '"old"' })).status, 200);
    });

    test('gzip and brotli: precompressed bytes, distinct ETags, 304 per encoding', async () => {
      const plain = await get(`${base}/rss.xml`);
      const gz = await get(`${base}/rss.xml`, { 'accept-encoding': 'gzip, deflate' });
      assert.equal(gz.headers.get('content-encoding'), 'gzip');
      assert.deepEqual(zlib.gunzipSync(gz.body), plain.body);
      const br = await get(`${base}/rss.xml`, { 'accept-encoding': 'gzip, deflate, br' });
      assert.equal(br.headers.get('content-encoding'), 'br');
      assert.deepEqual(zlib.brotliDecompressSync(br.body), plain.body);
      const tags = new Set([plain.headers.get('etag'), gz.headers.get('etag'), br.headers.get('etag')]);
      assert.equal(tags.size, 3);
      // q-values: gzip preferred over br when the client says so; q=0 refuses.
      assert.equal((await get(`${base}/rss.xml`, { 'accept-encoding': 'br;q=0.5, gzip' })).headers.get('content-encoding'), 'gzip');
      assert.equal((await get(`${base}/rss.xml`, { 'accept-encoding': 'br;q=0, gzip;q=0' })).headers.get('content-encoding'), null);
      assert.equal((await get(`${base}/rss.xml`, { 'accept-encoding': 'gzip', 'if-none-match': gz.headers.get('etag') ?? '' })).status, 304);
      // The identity ETag does not validate the gzip representation.
      assert.equal((await get(`${base}/rss.xml`, { 'accept-encoding': 'gzip', 'if-none-match': plain.headers.get('etag') ?? '' })).status, 200);
    });

    test('HEAD has the headers of GET and no body', async () => {
      const res = await get(`${base}/feed.json`, {}, 'HEAD');
      assert.equal(res.status, 200);
      assert.equal(res.body.length, 0);
      assert.equal(res.headers.get('content-length'), String(store.current?.entries.get('/feed.json')?.body.length));
      assert.equal(res.headers.get('etag'), store.current?.entries.get('/feed.json')?.etags.identity);
    });

    test('unknown scope: 404 with a short plain-text body', async () => {
      const res = await get(`${base}/tags/nope/rss.xml`);
      assert.equal(res.status, 404);
      assert.equal(res.headers.get('content-type'), 'text/plain; charset=utf-8');
      assert.equal(res.text, 'Not found\n');
    });

    test('malformed percent-encoding and control characters: 400, never 500', async () => {
      for (const path of ['/tags/%E0%A4%A/rss.xml', '/tags/%/rss.xml', '/tags/%C0%AE%C0%AE/rss.xml', '/tags/a%00b/rss.xml', '/tags/a%5Cb/rss.xml']) {
        const res = await get(base + path);
        assert.equal(res.status, 400, path);
        assert.equal(res.headers.get('content-type'), 'text/plain; charset=utf-8');
        assert.doesNotMatch(res.text, /at .*\.ts|Error:/);
      }
    });

    test('other methods on a feed: 405 with Allow', async () => {
      const res = await get(`${base}/rss.xml`, {}, 'POST');
      assert.equal(res.status, 405);
      assert.equal(res.headers.get('allow'), 'GET, HEAD');
    });

    test('pages: HTML with a Content-Security-Policy, validators, 304 and compression like feeds', async () => {
      for (const path of ['/', '/categories/news/', `/tags/${encodeURIComponent('常州日报新闻')}/`]) {
        const res = await get(base + path);
        assert.equal(res.status, 200, path);
        assert.equal(res.headers.get('content-type'), 'text/html; charset=utf-8');
        assert.match(res.headers.get('content-security-policy') ?? '', /^default-src 'none'; script-src 'self'; style-src 'self'/);
        assert.equal(res.headers.get('vary'), 'Accept-Encoding');
        assert.equal(res.headers.get('cache-control'), 'public, max-age=120, stale-while-revalidate=30');
        const etag = res.headers.get('etag') ?? '';
        const again = await get(base + path, { 'if-none-match': etag });
        assert.equal(again.status, 304);
        assert.equal(again.headers.get('content-security-policy'), res.headers.get('content-security-policy'));
        const br = await get(base + path, { 'accept-encoding': 'br' });
        assert.deepEqual(zlib.brotliDecompressSync(br.body), res.body);
      }
      assert.match((await get(`${base}/categories/news/`)).text, /<h1>news<\/h1>/);
    });

    test('the OPML list, the stylesheets and the assets, each with its media type', async () => {
      const cases = [
        ['/feeds.opml', 'text/x-opml; charset=utf-8'],
        ['/rss.xsl', 'text/xsl; charset=utf-8'],
        ['/atom.xsl', 'text/xsl; charset=utf-8'],
        ['/assets/site.css', 'text/css; charset=utf-8'],
        ['/assets/site.js', 'text/javascript; charset=utf-8'],
        ['/assets/icon.svg', 'image/svg+xml; charset=utf-8'],
      ] as const;
      for (const [path, type] of cases) {
        const res = await get(base + path);
        assert.equal(res.status, 200, path);
        assert.equal(res.headers.get('content-type'), type, path);
        assert.ok(res.headers.get('etag'), path);
      }
    });

    test('a page without its slash: 301 to the slash form, query kept; other paths are not redirected', async () => {
      const res = await get(`${base}/categories/news?from=x`);
      assert.equal(res.status, 301);
      assert.equal(res.headers.get('location'), '/categories/news/?from=x');
      assert.equal(res.headers.get('cache-control'), 'public, max-age=120, stale-while-revalidate=30');
      const cjk = await get(`${base}/tags/${encodeURIComponent('常州日报新闻')}`, {}, 'HEAD');
      assert.equal(cjk.status, 301);
      assert.equal(cjk.headers.get('location'), `/tags/${encodeURIComponent('常州日报新闻')}/`);
      assert.equal((await get(`${base}/tags/nope`)).status, 404);
      assert.equal((await get(`${base}/rss.xml/`)).status, 404);
      assert.equal((await get(`${base}/categories/news`, {}, 'POST')).status, 404);
    });

    test("a browser's navigation to RSS or Atom gets application/xml, with its own ETag per encoding", async () => {
      const nav = { 'sec-fetch-dest': 'document' };
      const reader = await get(`${base}/rss.xml`);
      const browser = await get(`${base}/rss.xml`, nav);
      assert.equal(browser.headers.get('content-type'), 'application/xml; charset=utf-8');
      assert.deepEqual(browser.body, reader.body);
      assert.equal(browser.headers.get('vary'), 'Accept-Encoding, Sec-Fetch-Dest');
      assert.notEqual(browser.headers.get('etag'), reader.headers.get('etag'));
      assert.equal((await get(`${base}/rss.xml`, { ...nav, 'if-none-match': browser.headers.get('etag') ?? '' })).status, 304);
      assert.equal((await get(`${base}/rss.xml`, { ...nav, 'if-none-match': reader.headers.get('etag') ?? '' })).status, 200);
      assert.equal((await get(`${base}/rss.xml`, { 'if-none-match': browser.headers.get('etag') ?? '' })).status, 200);
      const gz = await get(`${base}/atom.xml`, { ...nav, 'accept-encoding': 'gzip' });
      assert.equal(gz.headers.get('content-type'), 'application/xml; charset=utf-8');
      assert.match(gz.headers.get('etag') ?? '', /-gz-nav"$/);
      // A script's fetch (Sec-Fetch-Dest: empty) and JSON Feed keep their own types.
      assert.equal((await get(`${base}/rss.xml`, { 'sec-fetch-dest': 'empty' })).headers.get('content-type'), 'application/rss+xml; charset=utf-8');
      assert.equal((await get(`${base}/feed.json`, nav)).headers.get('content-type'), 'application/feed+json; charset=utf-8');
    });

    test('a query string does not change which document is served', async () => {
      const res = await get(`${base}/rss.xml?utm_source=reader`);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('etag'), store.current?.entries.get('/rss.xml')?.etags.identity);
    });
  });
}

test('before the first snapshot: 503 with Retry-After, not 404', async () => {
  const store = new SnapshotStore();
  const server = http.createServer(createListener(createApp({ store, config }), store, config));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const res = await get(`http://127.0.0.1:${(server.address() as AddressInfo).port}/rss.xml`);
    assert.equal(res.status, 503);
    assert.equal(res.headers.get('retry-after'), '5');
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

after(() => posts.cleanup());

describe('If-Modified-Since when the newest post is deleted', () => {
  test('a client holding the later Last-Modified gets the feed without the post, not a 304', async () => {
    const dir = new PostsDir();
    dir.post('2024-03-01-older.md', { title: 'Older', date: '2024-03-01 10:00:00 +0800' });
    dir.post('2024-03-02-newest.md', { title: 'Newest', date: '2024-03-02 10:00:00 +0800' });
    const cfg = testConfig(dir.dir);
    const store = new SnapshotStore();
    store.swap((await freshSnapshot(cfg, Date.now())).snapshot);
    const server = http.createServer(createListener(createApp({ store, config: cfg }), store, cfg));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/rss.xml`;
      const held = (await get(url)).headers.get('last-modified') ?? '';
      dir.remove('2024-03-02-newest.md');
      store.swap((await freshSnapshot(cfg, Date.now())).snapshot);
      const res = await get(url, { 'if-modified-since': held });
      assert.equal(res.status, 200);
      assert.deepEqual(
        rssItems(res.text).map((i) => i.title),
        ['Older'],
      );
      assert.ok(Date.parse(res.headers.get('last-modified') ?? '') < Date.parse(held));
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      dir.cleanup();
    }
  });
});
