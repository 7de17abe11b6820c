// publish.onRescan with replicas (a real redis-server and s3rver): one replica uploads each version and
// pings its feeds once; the others leave it to that one.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { createLogger } from '../../src/log.js';
import type { BucketStatus } from '../../src/publish/bucket/background.js';
import { startService, type Service } from '../../src/service.js';
import { isFeedPath } from '../../src/snapshot/feeds.js';
import { testConfig } from '../helpers/config.js';
import { TestHub } from '../helpers/hub.js';
import { sample } from '../helpers/metrics.js';
import { PostsDir } from '../helpers/posts-dir.js';
import { HAVE_REDIS, TestRedis } from '../helpers/redis.js';
import { startS3, useS3rverCredentials, type S3Server } from '../helpers/s3-server.js';
import { get } from '../helpers/service.js';
import { until } from '../helpers/until.js';

useS3rverCredentials();

describe('a bucket behind several replicas', { skip: HAVE_REDIS ? false : 'needs redis-server (Debian redis-server)' }, () => {
  const posts = new PostsDir();
  let redis: TestRedis;
  let s3: S3Server;
  let hub: TestHub;
  const replicas: Service[] = [];

  const bucketStatus = async (s: Service): Promise<BucketStatus> => (JSON.parse((await get(`${s.url}status`)).text) as { bucket: BucketStatus }).bucket;
  const states = async (): Promise<string[]> => (await Promise.all(replicas.map(bucketStatus))).map((b) => b.state).sort();
  // A replica that never uploaded has no bucket metrics yet (they appear with its first upload).
  const uploads = async (): Promise<number> =>
    (await Promise.all(replicas.map((s) => sample(s.metrics, 'feedwright_bucket_publishes_total', { outcome: 'ok' }).catch(() => 0)))).reduce(
      (a, b) => a + b,
      0,
    );

  before(async () => {
    [redis, s3, hub] = await Promise.all([TestRedis.start(), startS3(['site']), TestHub.start()]);
    posts.post('2024-03-01-one.md', { title: 'One', date: '2024-03-01 09:00:00 +0800', categories: 'news', tags: ['a'] });
    const config = testConfig(posts.dir, {
      websub: { hubs: [hub.url], retries: 0 },
      cluster: { redisUrl: redis.url, prefix: `b${process.pid}`, announceSeconds: 1 },
      diskCache: { enabled: false },
      publish: { target: 's3://site/replicas', endpoint: s3.endpoint, onRescan: true, retries: 0 },
    });
    const quiet = createLogger('silent', process.stderr);
    for (let i = 0; i < 3; i++) replicas.push(await startService(config, quiet, { schedule: false, processMetrics: false }));
  });

  after(async () => {
    await Promise.all(replicas.map((s) => s.close()));
    await Promise.all([redis?.stop(), s3?.close(), hub?.close()]);
  });

  test('each version is uploaded by one replica, and its feeds are pinged once', async () => {
    await until(async () => (await states()).join() === 'another replica,another replica,ok', 'one replica to upload the first version');
    assert.equal(await uploads(), 1);

    const file = path.join(posts.dir, '2024-03-01-one.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^title: .*$/m, 'title: One, edited'));
    const results = await Promise.all(replicas.map((s) => s.rescanner.trigger('edit')));
    const feeds = results[0]?.changed.filter(isFeedPath) ?? [];
    assert.ok(feeds.length > 0);
    await until(async () => (await uploads()) === 2 && (await states()).join() === 'another replica,another replica,ok', 'one replica to upload the edit');
    await until(() => hub.received.length === feeds.length, `${feeds.length} pings`);
    // Some time for a duplicate to show up, had another replica pinged too.
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(hub.received.length, feeds.length, 'each changed feed pinged once');
    const stored = await get(`${s3.endpoint}/site/replicas/rss.xml`);
    assert.match(gunzipSync(stored.body).toString('utf8'), /One, edited/);
  });
});
