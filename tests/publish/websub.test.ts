// The WebSub publisher: through the running service (pings only for feeds whose bytes changed, to every
// hub, retried after a failure, never in the way of a rescan or a request) and on its own (backoff,
// refusals, bounded retries, close).
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import { createLogger } from '../../src/log.js';
import type { PingOutcome } from '../../src/metrics.js';
import type { Service } from '../../src/service.js';
import { isFeedPath } from '../../src/snapshot/feeds.js';
import { WebSubPublisher } from '../../src/publish/websub.js';
import { testConfig } from '../helpers/config.js';
import { TestHub } from '../helpers/hub.js';
import { sample } from '../helpers/metrics.js';
import { PostsDir } from '../helpers/posts-dir.js';
import { get, startTestService } from '../helpers/service.js';
import { until } from '../helpers/until.js';
import { validateFeeds } from '../helpers/validate.js';

const SITE = 'https://news.example.cn/';
const feedsOf = (...dirs: string[]): string[] => dirs.flatMap((d) => ['atom.xml', 'feed.json', 'rss.xml'].map((f) => `${SITE}${d}${f}`)).sort();

describe('WebSub through the running service', () => {
  const posts = new PostsDir();
  let good: TestHub;
  let flaky: TestHub;
  let service: Service;
  const pings = (outcome: PingOutcome): Promise<number> => sample(service.metrics, 'feedwright_websub_pings_total', { outcome });

  before(async () => {
    good = await TestHub.start();
    // Fails the first ping it gets, then accepts everything.
    flaky = await TestHub.start((n) => (n === 0 ? 503 : 202));
    posts.post('2024-03-01-one.md', { title: 'One', date: '2024-03-01 09:00:00 +0800', categories: 'news', tags: ['a', 'b'] });
    posts.post('2024-03-02-two.md', { title: 'Two', date: '2024-03-02 09:00:00 +0800', categories: 'sport', tags: ['b'] });
    service = await startTestService(testConfig(posts.dir, { websub: { hubs: [good.url, flaky.url], retryDelayMs: 20, retries: 3, timeoutMs: 2000 } }));
  });
  after(async () => {
    await service.close();
    await good.close();
    await flaky.close();
    posts.cleanup();
  });

  test('the first scan pings nothing: nothing is known to have changed', async () => {
    await service.notifier.idle();
    assert.equal(good.received.length, 0);
    assert.equal(flaky.received.length, 0);
  });

  test('served feeds name both hubs, and validate', async () => {
    const rss = await get(`${service.url}rss.xml`);
    assert.ok(rss.text.includes(`<atom:link href="${good.url}" rel="hub"/>`));
    assert.ok(rss.text.includes(`<atom:link href="${flaky.url}" rel="hub"/>`));
    const json = JSON.parse((await get(`${service.url}tags/b/feed.json`)).text) as { hubs: unknown };
    assert.deepEqual(json.hubs, [
      { type: 'WebSub', url: good.url },
      { type: 'WebSub', url: flaky.url },
    ]);
    // Bytes, not URLs: the validator runs synchronously and would block this process's own server.
    const served: Record<string, Buffer> = {};
    for (const path of ['rss.xml', 'atom.xml', 'tags/b/feed.json']) served[path] = (await get(`${service.url}${path}`)).body;
    const report = validateFeeds(served);
    assert.equal(report.errors, 0, report.output);
  });

  test('a new post: every hub is pinged for exactly the feeds that changed; the flaky hub after a retry', async () => {
    posts.post('2024-03-03-three.md', { title: 'Three', date: '2024-03-03 09:00:00 +0800', categories: 'news', tags: ['c'] });
    const result = await service.rescanner.trigger('test');
    const expected = feedsOf('', 'categories/news/', 'tags/c/');
    assert.deepEqual(
      result.changed
        .filter(isFeedPath)
        .map((p) => `${SITE}${p.slice(1)}`)
        .sort(),
      expected,
    );
    // Pages and the OPML list changed too; hubs hear of feeds only.
    assert.ok(result.changed.includes('/') && result.changed.includes('/tags/c/') && result.changed.includes('/feeds.opml'));
    await until(() => good.accepted.length === 9 && flaky.accepted.length === 9, 'both hubs to accept 9 pings');
    await service.notifier.idle();
    assert.deepEqual(good.acceptedUrls(), expected);
    assert.deepEqual(flaky.acceptedUrls(), expected);
    assert.equal(flaky.received.length, 10, 'one failed ping, retried once');
    for (const ping of [...good.received, ...flaky.received]) {
      assert.equal(ping.mode, 'publish');
      assert.equal(ping.contentType, 'application/x-www-form-urlencoded');
      assert.match(ping.userAgent ?? '', /^feedwright\//);
    }
    assert.equal(await pings('delivered'), 18);
    assert.equal(await pings('retry'), 1);
    assert.equal(await pings('failed'), 0);
  });

  test('a rescan that changes nothing pings nothing', async () => {
    const before = good.received.length + flaky.received.length;
    const result = await service.rescanner.trigger('test');
    assert.deepEqual(result.changed, []);
    await service.notifier.idle();
    assert.equal(good.received.length + flaky.received.length, before);
  });

  test('an edit pings only the feeds the post is in', async () => {
    good.received.length = 0;
    good.accepted.length = 0;
    posts.post('2024-03-02-two.md', { title: 'Two, edited', date: '2024-03-02 09:00:00 +0800', categories: 'sport', tags: ['b'] });
    await service.rescanner.trigger('test');
    await service.notifier.idle();
    assert.deepEqual(good.acceptedUrls(), feedsOf('', 'categories/sport/', 'tags/b/'));
  });
});

test('a hub that never answers holds up neither rescans nor requests', async () => {
  const posts = new PostsDir();
  const stuck = await TestHub.start(() => 'hang');
  posts.post('a.md', { title: 'A', categories: 'x' });
  const service = await startTestService(testConfig(posts.dir, { websub: { hubs: [stuck.url], retries: 0, timeoutMs: 60_000 } }));
  try {
    for (let i = 0; i < 3; i++) {
      posts.post('a.md', { title: `A${i}`, categories: 'x' });
      const result = await service.rescanner.trigger('test');
      assert.equal(result.ok, true);
      assert.equal((await get(`${service.url}rss.xml`)).status, 200);
    }
    await until(() => stuck.received.length >= 4, 'the stuck hub to receive pings');
    assert.ok(service.notifier.backlog > 0, 'pings are still waiting on the hub');
    const status = JSON.parse((await get(`${service.url}status`)).text) as { websub: { backlog: number } };
    assert.ok(status.websub.backlog > 0);
  } finally {
    await service.close(); // aborts the stuck pings after a grace period
    await stuck.close();
    posts.cleanup();
  }
});

describe('WebSubPublisher', () => {
  const log = createLogger('silent');
  const hubs: TestHub[] = [];
  const outcomes: PingOutcome[] = [];
  const start = async (behaviour?: Parameters<typeof TestHub.start>[0]): Promise<TestHub> => {
    const hub = await TestHub.start(behaviour);
    hubs.push(hub);
    return hub;
  };
  const publisher = (hub: TestHub, retries = 3): WebSubPublisher =>
    new WebSubPublisher({ hubs: [hub.url], retries, retryDelayMs: 10, timeoutMs: 2000, log, outcome: (o) => outcomes.push(o) });
  afterEach(async () => {
    outcomes.length = 0;
    await Promise.all(hubs.splice(0).map((h) => h.close()));
  });

  test('retries with exponential backoff, a bounded number of times, then gives up and logs it', async () => {
    const hub = await start(() => 500);
    const lines: Record<string, unknown>[] = [];
    const logged = createLogger('info', { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
    const p = new WebSubPublisher({ hubs: [hub.url], retries: 3, retryDelayMs: 10, timeoutMs: 2000, log: logged, outcome: (o) => outcomes.push(o) });
    p.publish(['https://x.example/rss.xml']);
    await p.idle();
    assert.equal(hub.received.length, 4);
    assert.deepEqual(outcomes, ['retry', 'retry', 'retry', 'failed']);
    assert.deepEqual(
      lines.filter((l) => 'retryInMs' in l).map((l) => l.retryInMs),
      [10, 20, 40],
    );
    const last = lines.at(-1);
    assert.equal(last?.msg, 'websub: hub not notified; giving up');
    assert.equal(last?.failure, 'HTTP 500');
    assert.equal(last?.url, 'https://x.example/rss.xml');
  });

  test('a refusal (4xx other than 408/429) is not retried', async () => {
    const hub = await start(() => 400);
    const p = publisher(hub);
    p.publish(['https://x.example/rss.xml']);
    await p.idle();
    assert.equal(hub.received.length, 1);
    assert.deepEqual(outcomes, ['failed']);
  });

  test('a feed published again while its retry waits is pinged once; while in flight, again', async () => {
    const hub = await start((n) => (n === 0 ? 503 : 204));
    const p = new WebSubPublisher({ hubs: [hub.url], retries: 3, retryDelayMs: 300, timeoutMs: 2000, log, outcome: (o) => outcomes.push(o) });
    p.publish(['https://x.example/a.xml']);
    await until(() => outcomes.includes('retry'), 'the first ping to fail');
    p.publish(['https://x.example/a.xml']);
    assert.equal(p.backlog, 1);
    await p.idle();
    assert.equal(hub.received.length, 2);
    assert.deepEqual(hub.acceptedUrls(), ['https://x.example/a.xml']);

    // In flight, the hub may already have fetched the old bytes: a new change needs a new ping.
    p.publish(['https://x.example/b.xml']);
    p.publish(['https://x.example/b.xml']);
    await p.idle();
    assert.deepEqual(hub.acceptedUrls(), ['https://x.example/a.xml', 'https://x.example/b.xml', 'https://x.example/b.xml']);
  });

  test('an unreachable hub is retried, then given up; close() drops what waits', async () => {
    const gone = await start();
    const url = gone.url;
    await gone.close();
    const p = new WebSubPublisher({ hubs: [url], retries: 2, retryDelayMs: 5, timeoutMs: 1000, log, outcome: (o) => outcomes.push(o) });
    p.publish(['https://x.example/a.xml']);
    await p.idle();
    assert.deepEqual(outcomes, ['retry', 'retry', 'failed']);

    const slow = new WebSubPublisher({ hubs: [url], retries: 5, retryDelayMs: 60_000, timeoutMs: 1000, log });
    slow.publish(['https://x.example/a.xml']);
    await until(() => slow.backlog === 1 && outcomes.length === 3, 'the first attempt to fail');
    await slow.close();
    assert.equal(slow.backlog, 0);
    slow.publish(['https://x.example/b.xml']);
    assert.equal(slow.backlog, 0, 'a closed publisher takes no more pings');
  });
});
