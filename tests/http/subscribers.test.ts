// Subscriber counts through the real service (issue 29): the corpus of aggregators' User-Agents polling
// a fixed feed, a query feed and a saved one sums as expected and shows in /status, /metrics and the
// publisher's page (behind the webhook's secret); errors are no polls; the proxy's X-Forwarded-For is
// believed as configured; and no address or User-Agent shows anywhere.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Service } from '../../src/service.js';
import { testConfig } from '../helpers/config.js';
import { PostsDir } from '../helpers/posts-dir.js';
import { request } from '../helpers/request.js';
import { get, startTestService } from '../helpers/service.js';
import { CORPUS, OTHERS } from '../subscribers/user-agents.js';

const posts = new PostsDir();
for (let n = 0; n < 4; n++) posts.post(`p${n}.md`, { title: `Story ${n}`, date: `2024-03-0${n + 1} 10:00:00 +0800`, tags: n % 2 ? 'harbour' : 'bus' });
after(() => posts.cleanup());

const SECRET = 'a-webhook-secret-of-some-length';
const MARKER = 'Mozilla/5.0 (X11; Linux x86_64) PrivateReader/7.7';

interface StatusFeed {
  feed: string;
  total: number;
  sources: Record<string, number>;
}

describe('subscriber counts through the service', () => {
  let service: Service;
  let base = '';
  const poll = (path: string, userAgent: string, localAddress = '127.0.0.1', headers: Record<string, string> = {}): ReturnType<typeof request> =>
    request(base + path, { method: 'GET', localAddress, headers: { 'user-agent': userAgent, ...headers } });
  const statusFeeds = async (): Promise<StatusFeed[]> =>
    (JSON.parse((await get(`${base}/status`)).text) as { subscribers: { feeds: StatusFeed[] } }).subscribers.feeds;

  before(async () => {
    service = await startTestService(
      testConfig(posts.dir, {
        webhook: { secret: SECRET },
        subscribers: { page: 'secret' },
        queries: { saved: [{ name: 'harbour', scope: '/', query: 'tag=harbour' }] },
      }),
    );
    base = service.url.replace(/\/$/, '');
  });
  after(() => service.close());

  test('the corpus polling /atom.xml sums as expected, per source, in /status and /metrics', async () => {
    for (const [i, c] of CORPUS.entries()) assert.equal((await poll(`/atom.xml?from=${i}`, c.userAgent)).status, 200, c.userAgent);
    for (const ua of OTHERS) await poll('/atom.xml', ua);
    await poll('/atom.xml', MARKER, '127.0.0.2');
    await poll('/atom.xml', MARKER, '127.0.0.2');
    await poll('/atom.xml', MARKER, '127.0.0.3');
    const atom = (await statusFeeds()).find((f) => f.feed === '/atom.xml');
    const expected = {
      feedly: 124,
      inoreader: 3,
      newsblur: 15,
      feedbin: 16,
      theoldreader: 1,
      bloglovin: 1,
      bazqux: 5,
      freshreader: 8,
      plainfeeder: 42,
      google: 4,
      overcast: 123,
      'tornado-hub': 3,
      // 4 agents without a count, the 6 others, and the marker's reader from two addresses.
      pollers: 12,
    };
    assert.deepEqual(atom?.sources, expected);
    assert.equal(
      atom?.total,
      Object.values(expected).reduce((a, b) => a + b, 0),
    );
    const metrics = (await get(`${base}/metrics`)).text;
    assert.match(metrics, /^feedwright_subscribers\{feed="\/atom.xml",source="feedly"\} 124$/m);
    assert.match(metrics, /^feedwright_subscribers\{feed="\/atom.xml",source="pollers"\} 12$/m);
  });

  test('a query feed is counted as its canonical query, a saved query as its path; 304s count, errors do not', async () => {
    const feedly = 'Feedly/1.0 (+http://www.feedly.com/fetcher.html; 7 subscribers; )';
    const first = await poll('/rss.xml?tag=Harbour&q=story', feedly);
    assert.equal(first.status, 200);
    await poll('/rss.xml?q=STORY&tag=harbour', 'Inoreader/1.0 (+http://www.inoreader.com/feed-fetcher; 2 subscribers; )');
    assert.equal((await poll('/rss.xml?tag=harbour&q=story', MARKER, '127.0.0.4', { 'if-none-match': first.headers.get('etag') ?? '' })).status, 304);
    await poll('/queries/harbour/atom.xml', 'Feedbin feed-id:77 - 9 subscribers');
    for (const bad of ['/rss.xml?limit=0', '/tags/nobody/rss.xml', '/nothing.xml']) assert.ok((await poll(bad, feedly)).status >= 400);
    const feeds = await statusFeeds();
    assert.deepEqual(feeds.find((f) => f.feed === '/rss.xml?tag=harbour&q=story')?.sources, { feedly: 7, inoreader: 2, pollers: 1 });
    assert.deepEqual(feeds.find((f) => f.feed === '/queries/harbour/atom.xml')?.sources, { feedbin: 9 });
    assert.equal(
      feeds.some((f) => /limit=0|nobody|nothing/.test(f.feed)),
      false,
    );
  });

  test("the publisher's page: 401 asking for Basic without the secret; with it as a Bearer token or a Basic password", async () => {
    const none = await get(`${base}/subscribers`);
    assert.equal(none.status, 401);
    assert.match(none.headers.get('www-authenticate') ?? '', /^Basic realm="feedwright subscribers"/);
    assert.equal((await get(`${base}/subscribers`, { authorization: 'Bearer wrong-secret-of-some-length' })).status, 401);
    const bearer = await get(`${base}/subscribers`, { authorization: `Bearer ${SECRET}` });
    assert.equal(bearer.status, 200);
    assert.equal(bearer.headers.get('cache-control'), 'no-store');
    assert.match(bearer.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(bearer.text, /<td><a href="atom.xml">\/atom.xml<\/a><\/td><td>\d+<\/td>/);
    const basic = await get(`${base}/subscribers`, { authorization: `Basic ${Buffer.from(`me:${SECRET}`).toString('base64')}` });
    assert.equal(basic.status, 200);
    assert.equal((await get(`${base}/subscribers`, { authorization: `Bearer ${SECRET}` }, 'POST')).status, 405);
  });

  test('no address and no User-Agent shows in /status, /metrics or the page', async () => {
    const shown = [
      (await get(`${base}/status`)).text,
      (await get(`${base}/metrics`)).text,
      (await get(`${base}/subscribers`, { authorization: `Bearer ${SECRET}` })).text,
    ].join('\n');
    for (const secret of ['127.0.0.2', '127.0.0.3', '127.0.0.4', 'PrivateReader', 'Firefox/128', 'Feedbin feed-id', 'feedly.com/fetcher'])
      assert.ok(!shown.includes(secret), secret);
  });
});

describe('behind a proxy', () => {
  test("with server.trustProxy, the client is X-Forwarded-For's; without, the socket's", async () => {
    for (const [trustProxy, pollers] of [
      [1, 3],
      [0, 1],
    ] as const) {
      const service = await startTestService(testConfig(posts.dir, { server: { trustProxy }, subscribers: { page: 'public' } }));
      try {
        const base = service.url.replace(/\/$/, '');
        for (const client of ['198.51.100.1', '198.51.100.2', '198.51.100.3', '198.51.100.3']) {
          await request(`${base}/feed.json`, { method: 'GET', headers: { 'user-agent': 'Reader/1', 'x-forwarded-for': client } });
        }
        const page = await get(`${base}/subscribers`);
        assert.equal(page.status, 200, 'public: no secret asked');
        const status = JSON.parse((await get(`${base}/status`)).text) as { subscribers: { feeds: StatusFeed[] } };
        assert.equal(status.subscribers.feeds.find((f) => f.feed === '/feed.json')?.sources.pollers, pollers, `trustProxy ${trustProxy}`);
      } finally {
        await service.close();
      }
    }
  });

  test('subscribers off: nothing counted, no page, no metric', async () => {
    const service = await startTestService(testConfig(posts.dir, { subscribers: { enabled: false } }));
    try {
      const base = service.url.replace(/\/$/, '');
      await get(`${base}/rss.xml`);
      assert.equal((await get(`${base}/subscribers`)).status, 404);
      assert.deepEqual((JSON.parse((await get(`${base}/status`)).text) as { subscribers: unknown }).subscribers, { enabled: false });
      assert.doesNotMatch((await get(`${base}/metrics`)).text, /feedwright_subscribers/);
    } finally {
      await service.close();
    }
  });
});
