// A bucket that stalls (a store stopped with SIGSTOP, a route that drops everything: connections are
// accepted and never answered) fails a publish within publish.timeoutMs, with one line, instead of
// holding it, and every later one behind it, for ever.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { parseCommandArgs } from '../../src/cli/args.js';
import { COMMANDS } from '../../src/cli/commands.js';
import { publish } from '../../src/cli/publish.js';
import { createLogger } from '../../src/log.js';
import type { BucketStatus } from '../../src/publish/bucket/background.js';
import { startService } from '../../src/service.js';
import { testConfig, testConfigFile } from '../helpers/config.js';
import { sample } from '../helpers/metrics.js';
import { bundledPostsCopy, startS3, startStallable, useS3rverCredentials, type S3Server } from '../helpers/s3-server.js';
import { get } from '../helpers/service.js';
import { until } from '../helpers/until.js';

useS3rverCredentials();

let s3: S3Server;
before(async () => {
  s3 = await startS3(['site']);
});
after(() => s3.close());

test('feedwright publish: a stalled store is one line and exit 1 after publish.timeoutMs, nothing changed', async () => {
  const relay = await startStallable(s3.endpoint);
  relay.stall();
  try {
    const posts = bundledPostsCopy('fw-stall-');
    const config = testConfigFile(posts, { diskCache: { enabled: false }, publish: { timeoutMs: 400, connectTimeoutMs: 400 } });
    const command = COMMANDS.find((c) => c.name === 'publish');
    assert.ok(command);
    let out = '';
    let err = '';
    const status = await publish(parseCommandArgs(command, ['--config', config, 's3://site/stall']), {
      env: { AWS_ENDPOINT_URL_S3: relay.endpoint },
      out: { write: (s: string) => (out += s) },
      err: { write: (s: string) => (err += s) },
    });
    assert.equal(status, 1, out);
    assert.match(
      err,
      /^feedwright publish: s3:\/\/site\/stall: http:\/\/127\.0\.0\.1:\d+ did not answer within 400 ms \(publish\.timeoutMs\); nothing was changed\n$/,
    );
    assert.ok(relay.stalled >= 1, 'the request reached the stalled store');
    assert.equal((await get(`${s3.endpoint}/site/stall/.feedwright-manifest.json`)).status, 404);
  } finally {
    await relay.close();
  }
});

test('feedwright publish: a stop (Ctrl-C, SIGTERM) ends the calls held by a stalled store at once', { timeout: 20_000 }, async () => {
  const relay = await startStallable(s3.endpoint);
  relay.stall();
  try {
    const posts = bundledPostsCopy('fw-stall-stop-');
    const config = testConfigFile(posts, { diskCache: { enabled: false }, publish: { timeoutMs: 600_000 } });
    const command = COMMANDS.find((c) => c.name === 'publish');
    assert.ok(command);
    let err = '';
    const stop = new AbortController();
    const running = publish(parseCommandArgs(command, ['--config', config, 's3://site/stopped']), {
      env: { AWS_ENDPOINT_URL_S3: relay.endpoint },
      out: { write: () => undefined },
      err: { write: (s: string) => (err += s) },
      signal: stop.signal,
    });
    await until(() => relay.stalled >= 1, 'the manifest read to reach the stalled store');
    stop.abort();
    assert.equal(await running, 1);
    assert.equal(err, 'feedwright publish: s3://site/stopped: stopped: feedwright is stopping; nothing was changed\n');
  } finally {
    await relay.close();
  }
});

test('serve: a stalled store is reported (log, /status, metrics) and retried; once it answers, a later upload goes through', async () => {
  const relay = await startStallable(s3.endpoint);
  const posts = bundledPostsCopy('fw-stall-serve-');
  const lines: { level: number; msg: string; reason?: string }[] = [];
  const log = createLogger('info', { write: (line: string) => void lines.push(JSON.parse(line) as { level: number; msg: string; reason?: string }) });
  const config = testConfig(posts, {
    diskCache: { enabled: false },
    publish: { target: 's3://site/stall', endpoint: relay.endpoint, onRescan: true, timeoutMs: 1000, retries: 1, retryDelayMs: 20 },
  });
  const service = await startService(config, log, { schedule: false });
  const bucket = async (): Promise<BucketStatus> => (JSON.parse((await get(`${service.url}status`)).text) as { bucket: BucketStatus }).bucket;
  const retitle = async (title: string): Promise<void> => {
    const metro = path.join(posts, '2024-03-22-metro-line-5.md');
    writeFileSync(metro, readFileSync(metro, 'utf8').replace(/^title: .*$/m, `title: ${title}`));
    assert.ok((await service.rescanner.trigger(title)).ok);
  };
  try {
    await until(async () => (await bucket()).state === 'ok', 'the first publish', 60_000);
    // Counted from here: on a loaded machine one of the first publish's calls can miss its deadline too, and
    // that attempt is a failed publish (retried, then ok) in the totals and the log.
    const failedBefore = await sample(service.metrics, 'feedwright_bucket_publishes_total', { outcome: 'failed' });
    const linesBefore = lines.length;

    relay.stall();
    await retitle('地铁五号线（一）');
    await until(async () => (await bucket()).state === 'failed', 'the stalled publish to fail');
    const failed = await bucket();
    assert.equal(failed.failures, 2, 'one attempt and one retry, each ended by the deadline');
    assert.match(failed.lastError?.reason ?? '', /^http:\/\/127\.0\.0\.1:\d+ did not answer within 1000 ms \(publish\.timeoutMs\); nothing was changed$/);
    assert.equal((await sample(service.metrics, 'feedwright_bucket_publishes_total', { outcome: 'failed' })) - failedBefore, 2);
    assert.equal(await sample(service.metrics, 'feedwright_bucket_consecutive_failures'), 2);
    const errors = lines.slice(linesBefore).filter((l) => l.msg.startsWith('publish failed'));
    assert.equal(errors.length, 2);
    assert.equal(errors[0]?.reason, failed.lastError?.reason);
    assert.equal((await get(`${service.url}rss.xml`)).status, 200, 'feeds are served meanwhile');

    // A publish hangs on the stalled store; the store comes back; a newer rescan's upload goes through.
    const before = relay.stalled;
    await retitle('地铁五号线（二）');
    await until(() => relay.stalled > before, 'the next publish to reach the stalled store');
    relay.resume();
    await retitle('地铁五号线（三）');
    await until(async () => (await bucket()).state === 'ok', 'the later publish');
    const stored = await get(`${s3.endpoint}/site/stall/rss.xml`);
    assert.match(gunzipSync(stored.body).toString('utf8'), /地铁五号线（三）/);
    assert.deepEqual([(await bucket()).lastError, (await bucket()).failures], [null, 0]);
  } finally {
    await service.close();
    await relay.close();
  }
});
