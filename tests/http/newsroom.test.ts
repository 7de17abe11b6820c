// The newsroom's author and podcast documents over HTTP: the same routes, validators, caching headers
// and redirects as every scope's (the fast path and Express both answer through sendEntry).
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, test } from 'node:test';
import { createApp } from '../../src/http/app.js';
import { createListener } from '../../src/http/server.js';
import { SnapshotStore } from '../../src/snapshot/store.js';
import { newsroomConfig, newsroomSnapshot } from '../helpers/newsroom.js';
import { get } from '../helpers/service.js';
import { listenLocal } from '../helpers/port.js';

const config = newsroomConfig();
const store = new SnapshotStore();
let server: http.Server;
let base = '';

before(async () => {
  store.swap((await newsroomSnapshot(config)).snapshot);
  server = http.createServer(createListener(createApp({ store, config }), store, config));
  base = `http://127.0.0.1:${await listenLocal(server)}`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

test("an author's feeds: media types, ETag, Last-Modified, Cache-Control, 304; a CJK slug percent-encoded", async () => {
  for (const [path, type] of [
    ['/authors/liming/rss.xml', 'application/rss+xml; charset=utf-8'],
    ['/authors/%E8%B5%B5%E7%A3%8A/atom.xml', 'application/atom+xml; charset=utf-8'],
    ['/authors/wangfang/feed.json', 'application/feed+json; charset=utf-8'],
    ['/categories/%E9%9F%B3%E9%A2%91/rss.xml', 'application/rss+xml; charset=utf-8'],
  ] as const) {
    const res = await get(base + path);
    assert.equal(res.status, 200, path);
    assert.equal(res.headers.get('content-type'), type, path);
    assert.equal(res.headers.get('cache-control'), 'public, max-age=300, stale-while-revalidate=60', path);
    assert.ok(res.headers.get('last-modified'), path);
    const etag = res.headers.get('etag') ?? '';
    assert.equal((await get(base + path, { 'if-none-match': etag })).status, 304, path);
  }
});

test('author pages: /authors/<slug> redirects to its folder, the list and the page are served as pages', async () => {
  const moved = await get(`${base}/authors/liming`);
  assert.equal(moved.status, 301);
  assert.equal(moved.headers.get('location'), '/authors/liming/');
  for (const path of ['/authors/', '/authors/liming/']) {
    const res = await get(base + path);
    assert.equal(res.status, 200, path);
    assert.equal(res.headers.get('content-type'), 'text/html; charset=utf-8', path);
    assert.ok(res.headers.get('content-security-policy'), path);
  }
  assert.equal((await get(`${base}/authors/nobody/rss.xml`)).status, 404);
});
