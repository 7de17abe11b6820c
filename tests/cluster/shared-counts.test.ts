// Subscriber counts across replicas through a real redis-server (src/cluster/shared-counts.ts): what each
// replica saw shows on every one, a poller that meets two replicas is one (the day's salt is shared),
// aggregators' reports are summed by their ids, Redis gone and back loses nothing, and Redis holds no
// address or User-Agent; the merge itself, by hand.
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { after, before, describe, test } from 'node:test';
import { mergeCounts } from '../../src/cluster/shared-counts.js';
import type { Service } from '../../src/service.js';
import { testConfig } from '../helpers/config.js';
import { PostsDir } from '../helpers/posts-dir.js';
import { HAVE_REDIS, TestRedis } from '../helpers/redis.js';
import { request } from '../helpers/request.js';
import { get, startTestService } from '../helpers/service.js';
import { until } from '../helpers/until.js';

interface StatusFeed {
  feed: string;
  sources: Record<string, number>;
}

test('merged: the latest report of each id wins, ids are summed per source; pollers are the more of today and yesterday', () => {
  const merged = mergeCounts(
    [
      { '/rss.xml\nfeedly\nurl:/rss.xml': '10', '/rss.xml\nfeedbin\n1': '3' },
      { '/rss.xml\nfeedly\nurl:/rss.xml': '12', '/rss.xml\nfeedbin\n2': '4', '/atom.xml\ninoreader\nurl:/atom.xml': '5' },
    ],
    [
      ['/rss.xml', 7],
      ['/atom.xml', 0],
    ],
  );
  assert.deepEqual(
    [...merged].map(([feed, sources]) => [feed, Object.fromEntries(sources)]),
    [
      ['/rss.xml', { feedly: 12, feedbin: 7, pollers: 7 }],
      ['/atom.xml', { inoreader: 5 }],
    ],
  );
});

describe('subscriber counts of several replicas', { skip: HAVE_REDIS ? false : 'needs redis-server (Debian redis-server)' }, () => {
  const posts = new PostsDir();
  let redis: TestRedis;
  const replicas: Service[] = [];
  const prefix = `subs${process.pid}`;
  const MARKER = 'Mozilla/5.0 (X11) ClusterReader/3.1';

  before(async () => {
    redis = await TestRedis.start();
    posts.post('a.md', { title: 'A', date: '2024-03-01 09:00:00 +0800', tags: ['harbour'] });
    const config = testConfig(posts.dir, { cluster: { redisUrl: redis.url, prefix, announceSeconds: 1 }, diskCache: { enabled: false } });
    for (let i = 0; i < 2; i++) replicas.push(await startTestService(config, undefined, { processMetrics: false }));
  });
  after(async () => {
    for (const r of replicas) await r.close();
    await redis.stop();
    posts.cleanup();
  });

  const sources = async (service: Service, feed: string): Promise<Record<string, number> | undefined> =>
    (JSON.parse((await get(`${service.url}status`)).text) as { subscribers: { feeds: StatusFeed[] } }).subscribers.feeds.find((f) => f.feed === feed)?.sources;
  const poll = (service: Service, path: string, userAgent: string, localAddress = '127.0.0.1'): ReturnType<typeof request> =>
    request(`${service.url}${path.slice(1)}`, { method: 'GET', localAddress, headers: { 'user-agent': userAgent } });
  const everyReplicaShows = (feed: string, want: Record<string, number>): Promise<void> =>
    until(
      async () => {
        const seen = await Promise.all(replicas.map((r) => sources(r, feed)));
        return seen.every((s) => JSON.stringify(s) === JSON.stringify(want));
      },
      `every replica to show ${JSON.stringify(want)} for ${feed}`,
      15_000,
      100,
    );

  test('what each replica saw shows on every one; one poller on two replicas is one', async () => {
    const [a, b] = replicas as [Service, Service];
    // Both replicas hash with the day's salt from Redis once they have exchanged with it (`shared`).
    const shared = async (r: Service): Promise<boolean> =>
      (JSON.parse((await get(`${r.url}status`)).text) as { subscribers: { shared: boolean } }).subscribers.shared;
    await until(async () => (await Promise.all(replicas.map(shared))).every(Boolean), 'both replicas to exchange with Redis', 15_000, 100);
    const client = new Redis(redis.url);
    try {
      assert.equal((await client.keys(`${prefix}:subscribers:salt:*`)).length, 1, 'one salt for the day');
      await poll(a, '/rss.xml', 'Feedly/1.0 (+http://www.feedly.com/fetcher.html; 5 subscribers; )');
      await poll(b, '/rss.xml', 'Feedbin feed-id:9 - 4 subscribers');
      await poll(b, '/rss.xml', 'Feedbin feed-id:10 - 1 subscribers');
      await poll(a, '/rss.xml', MARKER, '127.0.0.5');
      await poll(b, '/rss.xml', MARKER, '127.0.0.5');
      await poll(b, '/rss.xml', MARKER, '127.0.0.6');
      await everyReplicaShows('/rss.xml', { feedbin: 5, feedly: 5, pollers: 2 });

      // Nothing in Redis names a client: keys and values are feeds, agents, ids, counts and registers.
      const keys = await client.keys(`${prefix}:subscribers:*`);
      assert.ok(keys.some((k) => k.includes(':pollers:')));
      let stored = keys.join('\n');
      for (const key of keys) {
        const type = await client.type(key);
        if (type === 'hash') stored += JSON.stringify(await client.hgetall(key));
        else if (type === 'set') stored += JSON.stringify(await client.smembers(key));
        else if (type === 'string') stored += (await client.getBuffer(key))?.toString('latin1') ?? '';
        assert.ok((await client.ttl(key)) > 0, `${key} expires`);
      }
      for (const secret of ['127.0.0.5', '127.0.0.6', 'ClusterReader', 'Feedbin feed-id', 'feedly.com']) assert.ok(!stored.includes(secret), secret);
    } finally {
      client.disconnect();
    }
  });

  test('Redis gone and back: each replica shows its own meanwhile, and what it saw then reaches the others', async () => {
    const [a, b] = replicas as [Service, Service];
    await redis.kill();
    await poll(a, '/atom.xml', 'Inoreader/1.0 (+http://www.inoreader.com/feed-fetcher; 3 subscribers; )');
    await until(async () => JSON.stringify(await sources(a, '/atom.xml')) === JSON.stringify({ inoreader: 3 }), 'replica a to show its own count', 10_000, 100);
    assert.equal(await sources(b, '/atom.xml'), undefined);
    await redis.restart();
    await until(
      async () => JSON.stringify(await sources(b, '/atom.xml')) === JSON.stringify({ inoreader: 3 }),
      'replica b to learn it from Redis',
      20_000,
      100,
    );
  });
});
