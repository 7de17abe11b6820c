// `serve` with publish.onRescan: each rescan's snapshot reaches the bucket in the background, its state
// is in /status, and a failing bucket is reported there (and retried) while feeds are served as ever.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import type { BucketStatus } from '../../src/publish/bucket/background.js';
import { MANIFEST_NAME, parseManifest } from '../../src/publish/bucket/manifest.js';
import { testConfig } from '../helpers/config.js';
import { sample } from '../helpers/metrics.js';
import { bundledPostsCopy, startS3, useS3rverCredentials, type S3Server } from '../helpers/s3-server.js';
import { get, startTestService } from '../helpers/service.js';
import { until } from '../helpers/until.js';

useS3rverCredentials();

let s3: S3Server;
before(async () => {
  s3 = await startS3(['site']);
});
after(() => s3.close());

async function bucketStatus(url: string): Promise<BucketStatus> {
  return (JSON.parse((await get(`${url}status`)).text) as { bucket: BucketStatus }).bucket;
}

test('each rescan is published after its swap; /status says what the last publish did', async () => {
  const posts = bundledPostsCopy('fw-publish-serve-');
  const config = testConfig(posts, { diskCache: { enabled: false }, publish: { target: 's3://site/live', endpoint: s3.endpoint, onRescan: true } });
  const service = await startTestService(config);
  try {
    await until(async () => (await bucketStatus(service.url)).state === 'ok', 'the first publish');
    const documents = service.store.current?.entries.size ?? 0;
    const first = await bucketStatus(service.url);
    assert.deepEqual([first.lastSuccess?.uploaded, first.lastSuccess?.deleted, first.lastSuccess?.unchanged, first.failures], [documents, 0, 0, 0]);
    assert.ok(documents > 0 && (first.lastSuccess?.bytes ?? 0) > 0);

    const metro = path.join(posts, '2024-03-22-metro-line-5.md');
    writeFileSync(metro, readFileSync(metro, 'utf8').replace(/^title: .*$/m, 'title: 地铁五号线（更正）'));
    const r = await service.rescanner.trigger('edit');
    assert.ok(r.ok && r.changed.length > 0);
    await until(async () => (await bucketStatus(service.url)).lastSuccess?.uploaded === r.changed.length, 'the edit published');
    // The bucket's /rss.xml is what the server serves now.
    const stored = await get(`${s3.endpoint}/site/live/rss.xml`);
    assert.equal(stored.headers.get('content-encoding'), 'gzip');
    assert.ok(gunzipSync(stored.body).equals((await get(`${service.url}rss.xml`)).body));
    assert.match(gunzipSync(stored.body).toString('utf8'), /地铁五号线（更正）/);
    const manifest = parseManifest((await get(`${s3.endpoint}/site/live/${MANIFEST_NAME}`)).text);
    assert.equal(Object.keys(manifest?.objects ?? {}).length, documents);

    // /metrics counts both publishes, what they uploaded, and when the last one succeeded.
    const m = service.metrics;
    const last = await bucketStatus(service.url);
    assert.equal(await sample(m, 'feedwright_bucket_publishes_total', { outcome: 'ok' }), 2);
    assert.equal(await sample(m, 'feedwright_bucket_publishes_total', { outcome: 'failed' }), 0);
    assert.equal(await sample(m, 'feedwright_bucket_objects_total', { action: 'uploaded' }), documents + r.changed.length);
    assert.equal(await sample(m, 'feedwright_bucket_uploaded_bytes_total'), (first.lastSuccess?.bytes ?? 0) + (last.lastSuccess?.bytes ?? 0));
    assert.equal(await sample(m, 'feedwright_bucket_last_success_timestamp_seconds'), Date.parse(last.lastSuccess?.at ?? '') / 1000);
    assert.equal(await sample(m, 'feedwright_bucket_consecutive_failures'), 0);
    assert.match((await get(`${service.url}metrics`)).text, /^feedwright_bucket_publishes_total\{outcome="ok"\} 2$/m);
  } finally {
    await service.close();
  }
});

test('a bucket that fails is reported in /status and retried with backoff, then on the next rescan; feeds are served as ever', async () => {
  const config = testConfig(bundledPostsCopy('fw-publish-serve-'), {
    diskCache: { enabled: false },
    publish: { target: 's3://no-such-bucket/live', endpoint: s3.endpoint, onRescan: true, retries: 2, retryDelayMs: 20 },
  });
  const service = await startTestService(config);
  try {
    await until(async () => (await bucketStatus(service.url)).state === 'failed', 'the publish to fail');
    const failed = await bucketStatus(service.url);
    assert.equal(failed.failures, 3, 'one attempt and two retries');
    assert.match(failed.lastError?.reason ?? '', /^bucket no-such-bucket does not exist at http:\/\/127\.0\.0\.1:\d+; nothing was changed$/);
    assert.equal(failed.lastSuccess, null);
    assert.equal((await get(`${service.url}rss.xml`)).status, 200);
    assert.equal(await sample(service.metrics, 'feedwright_bucket_publishes_total', { outcome: 'failed' }), 3);
    assert.equal(await sample(service.metrics, 'feedwright_bucket_consecutive_failures'), 3);
    assert.equal(await sample(service.metrics, 'feedwright_bucket_last_success_timestamp_seconds'), 0);

    assert.ok((await service.rescanner.trigger('again')).ok, 'rescans go on');
    await until(
      async () => (await bucketStatus(service.url)).failures === 6 && (await bucketStatus(service.url)).state === 'failed',
      'the next rescan to try again',
    );
  } finally {
    await service.close();
  }
});

test('the archive pages the server renders on request are in the bucket too', async () => {
  const config = testConfig(bundledPostsCopy('fw-publish-serve-'), {
    diskCache: { enabled: false },
    feeds: { limit: 2, archive: { pageSize: 2 } },
    publish: { target: 's3://site/archive', endpoint: s3.endpoint, onRescan: true },
  });
  const service = await startTestService(config);
  try {
    await until(async () => (await bucketStatus(service.url)).state === 'ok', 'the first publish');
    const served = await get(`${service.url}archive/1/atom.xml`);
    assert.equal(served.status, 200);
    const stored = await get(`${s3.endpoint}/site/archive/archive/1/atom.xml`);
    assert.equal(stored.status, 200);
    assert.ok(gunzipSync(stored.body).equals(served.body));
    assert.equal(stored.headers.get('cache-control'), served.headers.get('cache-control'));
    assert.match(stored.headers.get('cache-control') ?? '', /immutable/);
  } finally {
    await service.close();
  }
});
