// GET /metrics: Prometheus text from a per-service registry; counters move on the fast path and in Express.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { createApp } from '../../src/http/app.js';
import { createListener } from '../../src/http/server.js';
import { Metrics } from '../../src/metrics.js';
import type { Service } from '../../src/service.js';
import { DocumentBody } from '../../src/snapshot/body.js';
import type { Compression } from '../../src/snapshot/compress.js';
import { etagsFor } from '../../src/snapshot/etag.js';
import { SnapshotStore } from '../../src/snapshot/store.js';
import { testConfig } from '../helpers/config.js';
import { sample } from '../helpers/metrics.js';
import { PostsDir } from '../helpers/posts-dir.js';
import { get, startTestService } from '../helpers/service.js';

/** The value of one sample line of Prometheus text, e.g. `feedwright_posts` or `x_total{a="b"}`. */
function scraped(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('GET /metrics', () => {
  const posts = new PostsDir();
  let service: Service;
  const responses = (route: string, status: number): Promise<number> =>
    sample(service.metrics, 'feedwright_http_responses_total', { route, status: String(status) });

  before(async () => {
    posts.post('2024-03-01-one.md', { title: 'One', categories: 'news', tags: ['a', 'b'] });
    posts.post('2024-03-02-two.md', { title: 'Two', categories: 'news' });
    posts.write('bad.md', '---\n: [\n---\n');
    posts.write('no-front-matter.md', 'just text');
    service = await startTestService(testConfig(posts.dir));
  });
  after(async () => {
    await service.close();
    posts.cleanup();
  });

  test('Prometheus text with the rescan, snapshot and problem figures', async () => {
    const res = await get(`${service.url}metrics`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8');
    assert.equal(res.headers.get('cache-control'), 'no-store');
    const t = res.text;
    assert.match(t, /^# TYPE feedwright_rescan_duration_seconds histogram$/m);
    assert.equal(scraped(t, 'feedwright_rescan_duration_seconds_count{outcome="ok"}'), 1);
    assert.equal(scraped(t, 'feedwright_posts'), 2);
    assert.equal(scraped(t, 'feedwright_feeds'), 4 * 3);
    // The feeds, a page per category and tag, /categories/ and /tags/, and the index, the OPML list,
    // 2 stylesheets and 3 assets.
    assert.equal(scraped(t, 'feedwright_documents'), 4 * 3 + 3 + 2 + 7);
    assert.equal(scraped(t, 'feedwright_problems{severity="error"}'), 1);
    assert.equal(scraped(t, 'feedwright_problems{severity="warning"}'), 1);
    assert.ok((scraped(t, 'feedwright_last_rescan_timestamp_seconds') ?? 0) > 1.7e9);
    assert.match(t, /^process_resident_memory_bytes \d+/m, 'default process metrics are there');
  });

  test('a rescan moves the histogram and the gauges', async () => {
    posts.remove('bad.md');
    posts.post('2024-03-03-three.md', { title: 'Three', tags: ['c'] });
    await service.rescanner.trigger('test');
    const t = (await get(`${service.url}metrics`)).text;
    assert.equal(scraped(t, 'feedwright_rescan_duration_seconds_count{outcome="ok"}'), 2);
    assert.equal(scraped(t, 'feedwright_posts'), 3);
    assert.equal(scraped(t, 'feedwright_feeds'), 5 * 3);
    assert.equal(scraped(t, 'feedwright_problems{severity="error"}'), 0);
  });

  test('responses by route kind and status, 304s included, from the fast path and from Express', async () => {
    const feed200 = await responses('feed', 200);
    const feed304 = await responses('feed', 304);
    const feed404 = await responses('feed', 404);
    const status200 = await responses('status', 200);
    const other404 = await responses('other', 404);
    const metrics200 = await responses('metrics', 200);
    const first = await get(`${service.url}rss.xml`); // fast path
    await get(`${service.url}rss.xml`, { 'if-none-match': first.headers.get('etag') ?? '' }); // fast path, 304
    await get(`${service.url}tags/nope/atom.xml`); // Express, unknown scope
    await get(`${service.url}healthz`);
    await get(`${service.url}nothing-here`);
    await get(`${service.url}metrics`);
    assert.equal(await responses('feed', 200), feed200 + 1);
    assert.equal(await responses('feed', 304), feed304 + 1);
    assert.equal(await responses('feed', 404), feed404 + 1);
    assert.equal(await responses('status', 200), status200 + 1);
    assert.equal(await responses('other', 404), other404 + 1);
    assert.equal(await responses('metrics', 200), metrics200 + 1);
    const text = (await get(`${service.url}metrics`)).text;
    assert.match(text, /^feedwright_http_responses_total\{route="feed",status="304"\} \d+$/m);
  });

  test('pages (and the redirect to one), the OPML list and what pages and styled feeds load: each its own kind', async () => {
    const cases: [string, string, number][] = [
      ['', 'page', 200],
      ['tags/a/', 'page', 200],
      ['tags/a', 'page', 301], // Express: the slash redirect
      ['feeds.opml', 'opml', 200],
      ['rss.xsl', 'asset', 200],
      ['assets/site.css', 'asset', 200],
    ];
    for (const [path, route, status] of cases) {
      const before = await responses(route, status);
      assert.equal((await get(`${service.url}${path}`)).status, status, path);
      assert.equal(await responses(route, status), before + 1, path);
    }
  });

  test('request durations: a histogram by route kind and status class, from the fast path and from Express', async () => {
    const count = (route: string, statusClass: string): Promise<number> =>
      sample(service.metrics, 'feedwright_http_request_duration_seconds', { route, status_class: statusClass, le: '+Inf' });
    const [feed2, feed4, page3] = await Promise.all([count('feed', '2xx'), count('feed', '4xx'), count('page', '3xx')]);
    await get(`${service.url}atom.xml`); // fast path
    await get(`${service.url}tags/nope/atom.xml`); // Express, 404
    await get(`${service.url}tags/a`); // Express, 301
    assert.deepEqual(await Promise.all([count('feed', '2xx'), count('feed', '4xx'), count('page', '3xx')]), [feed2 + 1, feed4 + 1, page3 + 1]);
    const text = (await get(`${service.url}metrics`)).text;
    assert.match(text, /^# TYPE feedwright_http_request_duration_seconds histogram$/m);
    // Cumulative buckets ending in +Inf, which equals _count; _sum is seconds.
    const series = 'route="feed",status_class="2xx"';
    const buckets = [...text.matchAll(new RegExp(`^feedwright_http_request_duration_seconds_bucket\\{${series},le="([^"]+)"\\} (\\d+)$`, 'gm'))];
    assert.equal(buckets.at(-1)?.[1], '+Inf');
    const counts = buckets.map((m) => Number(m[2]));
    assert.deepEqual(
      counts,
      [...counts].sort((a, b) => a - b),
    );
    assert.equal(counts.at(-1), scraped(text, `feedwright_http_request_duration_seconds_count{${series}}`));
    const sum = scraped(text, `feedwright_http_request_duration_seconds_sum{${series}}`) ?? -1;
    assert.ok(sum > 0 && sum < 5, String(sum));
  });

  test('POST /metrics: 405', async () => {
    const res = await get(`${service.url}metrics`, {}, 'POST');
    assert.equal(res.status, 405);
    assert.equal(res.headers.get('allow'), 'GET, HEAD');
  });
});

test('the Express app alone counts the documents it serves, feeds apart from other kinds', async () => {
  const posts = new PostsDir();
  posts.post('a.md', { title: 'A' });
  const service = await startTestService(testConfig(posts.dir));
  const metrics = new Metrics({ processMetrics: false });
  const app = createApp({ store: service.store, config: testConfig(posts.dir), metrics });
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    assert.equal((await get(`${base}/atom.xml`)).status, 200);
    assert.equal((await get(`${base}/atom.xml`, {}, 'DELETE')).status, 405);
    for (const path of ['/', '/feeds.opml', '/assets/site.js']) assert.equal((await get(base + path)).status, 200, path);
    const count = (route: string, status: number): Promise<number> => sample(metrics, 'feedwright_http_responses_total', { route, status: String(status) });
    assert.deepEqual(await Promise.all([count('feed', 200), count('feed', 405), count('page', 200), count('opml', 200), count('asset', 200)]), [1, 1, 1, 1, 1]);
    // Each service has its own registry: the service's counters did not move.
    assert.equal(await sample(service.metrics, 'feedwright_http_responses_total', { route: 'feed', status: '200' }), 0);
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await service.close();
    posts.cleanup();
  }
});

/** A body whose compression fails, as zlib might: the response is then a 500. */
class FailingBody extends DocumentBody {
  override encoded(_encoding: Compression): Promise<Buffer> {
    return Promise.reject(new Error('compression failed'));
  }
}

/** A store of two never-compressed feeds: /rss.xml compresses, /tags/x/rss.xml fails to. */
function storeOfTwo(): SnapshotStore {
  const entry = (path: string, body: DocumentBody) => ({
    path,
    contentType: 'application/rss+xml; charset=utf-8',
    lastModified: undefined,
    body,
    etags: etagsFor(path.replaceAll('/', '_')),
    signature: path,
  });
  const store = new SnapshotStore();
  const rss = [Buffer.from('<rss version="2.0"/>')];
  store.swap({
    entries: new Map([
      ['/rss.xml', entry('/rss.xml', new DocumentBody(rss))],
      ['/tags/x/rss.xml', entry('/tags/x/rss.xml', new FailingBody(rss))],
    ]),
    scopes: [],
    posts: 0,
  });
  return store;
}

describe('a first compression is counted once sent, with the status it ended with', () => {
  const posts = new PostsDir();
  const config = testConfig(posts.dir);
  after(() => posts.cleanup());
  const paths = {
    'the fast path': (store: SnapshotStore, metrics: Metrics) => createListener(createApp({ store, config }), store, config, metrics),
    Express: (store: SnapshotStore, metrics: Metrics) => createApp({ store, config, metrics }),
  };
  for (const [name, listener] of Object.entries(paths)) {
    test(name, async () => {
      const metrics = new Metrics({ processMetrics: false });
      const server = http.createServer(listener(storeOfTwo(), metrics));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const count = (status: string): Promise<number> => sample(metrics, 'feedwright_http_responses_total', { route: 'feed', status });
      try {
        const ok = await get(`${base}/rss.xml`, { 'accept-encoding': 'gzip' });
        assert.deepEqual([ok.status, ok.headers.get('content-encoding')], [200, 'gzip']);
        assert.equal((await get(`${base}/tags/x/rss.xml`, { 'accept-encoding': 'gzip' })).status, 500);
        assert.deepEqual([await count('200'), await count('500')], [1, 1]);
      } finally {
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    });
  }
});

test('request durations fall in the right buckets, one series per route kind and status class', async () => {
  const metrics = new Metrics({ processMetrics: false });
  metrics.response('feed', 200, 0.0003);
  metrics.response('feed', 200, 0.003);
  metrics.response('feed', 304, 0.0001);
  metrics.response('hook', 503, 20);
  const text = await metrics.registry.metrics();
  const line = (labels: string): number | undefined => scraped(text, `feedwright_http_request_duration_seconds_${labels}`);
  assert.equal(line('bucket{route="feed",status_class="2xx",le="0.0005"}'), 1);
  assert.equal(line('bucket{route="feed",status_class="2xx",le="0.0025"}'), 1);
  assert.equal(line('bucket{route="feed",status_class="2xx",le="0.005"}'), 2);
  assert.equal(line('bucket{route="feed",status_class="2xx",le="+Inf"}'), 2);
  assert.equal(line('count{route="feed",status_class="2xx"}'), 2);
  assert.equal(line('count{route="feed",status_class="3xx"}'), 1);
  assert.equal(line('bucket{route="hook",status_class="5xx",le="10"}'), 0);
  assert.equal(line('bucket{route="hook",status_class="5xx",le="+Inf"}'), 1);
  assert.equal(line('sum{route="hook",status_class="5xx"}'), 20);
  assert.equal(line('count{route="page",status_class="2xx"}'), undefined, 'no series before a response');
  // The plain counter still counts by exact status.
  assert.equal(await sample(metrics, 'feedwright_http_responses_total', { route: 'feed', status: '304' }), 1);
});
