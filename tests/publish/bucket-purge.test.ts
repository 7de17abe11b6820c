// publish.purge: after a background publish changed objects the CDN hears of their public URLs (after
// `feedwright publish`: tests/publish/bucket.test.ts), through an HTTP request template or a command; a failed attempt that may pass later is retried with backoff; a
// failing purge is reported (/status, /metrics, the log) and blocks nothing.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { configSchema, type ConfigInput } from '../../src/config/schema.js';
import type { BucketStatus } from '../../src/publish/bucket/background.js';
import { fillTemplate, Purger, type PurgeAttempt } from '../../src/publish/bucket/purge.js';
import { isFeedPath } from '../../src/snapshot/feeds.js';
import { testConfig } from '../helpers/config.js';
import { TestHub } from '../helpers/hub.js';
import { sample } from '../helpers/metrics.js';
import { running } from '../helpers/processes.js';
import { echo, purgeEndpoint, type PurgeCall } from '../helpers/purge-endpoint.js';
import { bundledPostsCopy, startS3, useS3rverCredentials, type S3Server } from '../helpers/s3-server.js';
import { get, startTestService } from '../helpers/service.js';
import { createLogger } from '../../src/log.js';
import { startService } from '../../src/service.js';
import { until } from '../helpers/until.js';

const PUBLIC = 'https://cdn.example.org/';

useS3rverCredentials();

test('the template fills {{urls}} with a JSON array and {{env.NAME}} from the environment; a missing variable is an error', () => {
  assert.equal(fillTemplate('{"files": {{urls}}}', ['https://a/x"y', 'https://a/b'], {}), '{"files": ["https://a/x\\"y","https://a/b"]}');
  assert.equal(fillTemplate('Bearer {{ env.TOKEN }}', [], { TOKEN: 's3cret' }), 'Bearer s3cret');
  assert.throws(() => fillTemplate('{{env.NOPE}}', [], {}), /\{\{env\.NOPE\}\} is not set/);
});

test('an HTTP purge sends the filled request, in batches; a refusal is one line in its status', async () => {
  const ok = await purgeEndpoint();
  const refused = await purgeEndpoint(403);
  try {
    const hook = (url: string) => ({
      url: `${url}/zones/{{env.ZONE}}/purge_cache`,
      method: 'POST',
      headers: { authorization: 'Bearer {{env.TOKEN}}', 'content-type': 'application/json' },
      body: '{"files":{{urls}}}',
      batch: 2,
      timeoutMs: 5000,
      retries: 0,
      retryDelayMs: 1,
    });
    const env = { ZONE: 'z1', TOKEN: 't0k' };
    const urls = ['https://cdn.example.org/rss.xml', 'https://cdn.example.org/atom.xml', 'https://cdn.example.org/tags/%E4%BA%A4%E9%80%9A/rss.xml'];
    const r = await new Purger(hook(ok.url), env).purge(urls);
    assert.deepEqual([r.ok, r.urls, r.reason], [true, 3, undefined]);
    assert.deepEqual(
      ok.calls.map((c) => [c.method, c.url, c.headers.authorization, JSON.parse(c.body) as unknown]),
      [
        ['POST', '/zones/z1/purge_cache', 'Bearer t0k', { files: urls.slice(0, 2) }],
        ['POST', '/zones/z1/purge_cache', 'Bearer t0k', { files: urls.slice(2) }],
      ],
    );

    const purger = new Purger(hook(refused.url), env);
    const failed = await purger.purge(urls);
    assert.equal(failed.ok, false);
    assert.match(failed.reason ?? '', /^purge: POST http:\/\/127\.0\.0\.1:\d+ answered 403: \{"success":false.*Authentication error.*$/);
    assert.equal(refused.calls.length, 1, 'the first failed batch ends the purge');
    assert.deepEqual(purger.status, failed);

    const nowhere = await new Purger({ ...hook('http://127.0.0.1:9'), timeoutMs: 2000 }, env).purge(urls);
    assert.match(nowhere.reason ?? '', /^purge: POST http:\/\/127\.0\.0\.1:9 failed \(/);
  } finally {
    await ok.close();
    await refused.close();
  }
});

test('a command purge gets the URLs on stdin, one a line; its exit code and last stderr line say how it went', async () => {
  const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'fw-purge-')), 'urls.txt');
  const write = ['node', '-e', 'process.stdin.pipe(require("fs").createWriteStream(process.argv.at(-1)))', out];
  const r = await new Purger({ command: write, timeoutMs: 10_000, retries: 0, retryDelayMs: 1 }, {}).purge([
    'https://cdn.example.org/rss.xml',
    'https://cdn.example.org/a b',
  ]);
  assert.equal(r.ok, true);
  assert.equal(readFileSync(out, 'utf8'), 'https://cdn.example.org/rss.xml\nhttps://cdn.example.org/a b\n');

  const failing = ['node', '-e', 'process.stderr.write("warming up\\nno API token\\n"); process.exit(3)'];
  const failed = await new Purger({ command: failing, timeoutMs: 10_000, retries: 0, retryDelayMs: 1 }, {}).purge(['https://cdn.example.org/rss.xml']);
  assert.deepEqual([failed.ok, failed.reason], [false, 'purge: node exited with 3: no API token']);

  const missing = await new Purger({ command: ['/nonexistent/purge-cdn'], timeoutMs: 10_000, retries: 0, retryDelayMs: 1 }, {}).purge(['x']);
  assert.match(missing.reason ?? '', /^purge: \/nonexistent\/purge-cdn could not start \(.*ENOENT/);
});

test('a failed attempt that may pass later is retried with a doubling delay, from the batch that failed; a refusal is not', async () => {
  // Batch 1 accepted, batch 2 answered 503 twice, then accepted.
  const flaky = await purgeEndpoint((n) => (n === 1 || n === 2 ? 503 : 200));
  const refused = await purgeEndpoint(401);
  try {
    const attempts: PurgeAttempt[] = [];
    const hook = (url: string) => ({
      url: `${url}/purge`,
      method: 'POST',
      headers: {},
      body: '{{urls}}',
      batch: 2,
      timeoutMs: 5000,
      retries: 3,
      retryDelayMs: 40,
    });
    const urls = ['https://cdn.example.org/a', 'https://cdn.example.org/b', 'https://cdn.example.org/c'];
    const started = performance.now();
    const r = await new Purger(hook(flaky.url), {}, (a) => attempts.push(a)).purge(urls);
    assert.ok(performance.now() - started >= 40 + 80, 'waited 40 ms, then 80 ms');
    assert.deepEqual([r.ok, r.attempts, r.urls], [true, 3, 3]);
    assert.deepEqual(
      flaky.calls.map((c) => JSON.parse(c.body) as unknown),
      [urls.slice(0, 2), urls.slice(2), urls.slice(2), urls.slice(2)],
      'the accepted batch is not sent again',
    );
    assert.deepEqual(
      attempts.map((a) => [a.outcome, a.attempt, a.retryInMs]),
      [
        ['retry', 1, 40],
        ['retry', 2, 80],
        ['ok', 3, undefined],
      ],
    );

    const gaveUp = await new Purger({ ...hook(refused.url), retries: 3 }, {}).purge(urls);
    assert.deepEqual([gaveUp.ok, gaveUp.attempts, refused.calls.length], [false, 1, 1], 'a 401 is not asked again');
    const unset = await new Purger({ ...hook(flaky.url), url: `${flaky.url}/{{env.ZONE}}` }, {}).purge(urls);
    assert.deepEqual([unset.ok, unset.attempts, unset.reason], [false, 1, 'purge: {{env.ZONE}} is not set']);
    const noUrl = await new Purger({ ...hook(flaky.url), url: 'https://{{env.HOST}}/purge' }, { HOST: 'no such host' }).purge(urls);
    assert.deepEqual([noUrl.ok, noUrl.attempts, noUrl.reason], [false, 1, 'purge: Invalid URL'], 'a filled URL that is none is an answer, not a crash');
  } finally {
    await flaky.close();
    await refused.close();
  }

  // A command that fails every time: one attempt and `retries` more, then its last line.
  const failing = ['node', '-e', 'process.stderr.write("rate limited\\n"); process.exit(1)'];
  const r = await new Purger({ command: failing, timeoutMs: 10_000, retries: 2, retryDelayMs: 1 }, {}).purge(['https://cdn.example.org/a']);
  assert.deepEqual([r.ok, r.attempts, r.reason], [false, 3, 'purge: node exited with 1: rate limited']);
});

// Bounds on hangs, not measurements: before this, a stop waited for the purge's own timeout, and a command's
// child held the purge until it ended.
const HANG = { timeout: 20_000 };

test('an API that echoes the request never puts its token in the failure line: not from the URL, a header or the body', async () => {
  const TOKEN = 'cf-T0ken_9f8e7d6c5b4a';
  const KEY = 'key-0123456789abcdef';
  const LITERAL = 'literal-secret-in-config';
  const quotes: ((call: PurgeCall) => string)[] = [
    (c) => `bad request: ${c.url ?? ''}`,
    (c) => `bad request: ${JSON.stringify(c.headers)}`,
    (c) => `bad request: ${c.body}`,
    echo,
  ];
  for (const [i, quote] of quotes.entries()) {
    const api = await purgeEndpoint(400, undefined, quote);
    try {
      const r = await new Purger(
        {
          url: `${api.url}/purge?zone=z1&access_token={{env.TOKEN}}`,
          method: 'POST',
          headers: { Authorization: 'Bearer {{env.TOKEN}}', 'X-Auth-Key': '{{env.KEY}}', 'X-Api-Key': LITERAL, 'Content-Type': 'application/json' },
          body: '{"files":{{urls}},"token":"{{env.TOKEN}}","x":"{{env.KEY}}"}',
          batch: 30,
          timeoutMs: 5000,
          retries: 0,
          retryDelayMs: 1,
        },
        { TOKEN, KEY },
      ).purge(['https://cdn.example.org/rss.xml']);
      assert.equal(api.calls.length, 1);
      assert.match(
        r.reason ?? '',
        /^purge: POST http:\/\/127\.0\.0\.1:\d+ answered 400: bad request|^purge: POST .* answered 400: \{"success":false/,
        `quote ${i}`,
      );
      for (const secret of [TOKEN, KEY, LITERAL]) assert.ok(!(r.reason ?? '').includes(secret), `quote ${i} leaks ${secret}: ${r.reason}`);
      assert.ok((r.reason ?? '').includes('***'), `quote ${i}: ${r.reason}`);
    } finally {
      await api.close();
    }
  }
});

test('close() aborts a purge request in flight, and a command purge’s whole process group', HANG, async () => {
  let arrived = false;
  const stuck = await purgeEndpoint(200, () => {
    arrived = true;
    return new Promise<void>(() => undefined);
  });
  try {
    const purger = new Purger(
      { url: `${stuck.url}/purge`, method: 'POST', headers: {}, body: '{{urls}}', batch: 30, timeoutMs: 600_000, retries: 3, retryDelayMs: 1 },
      {},
    );
    const pending = purger.purge(['https://cdn.example.org/rss.xml']);
    await until(() => arrived, 'the request to arrive');
    purger.close();
    const r = await pending;
    assert.deepEqual([r.ok, r.attempts], [false, 1]);
    assert.match(r.reason ?? '', /^purge: POST http:\/\/127\.0\.0\.1:\d+ stopped: feedwright is stopping$/);
  } finally {
    await stuck.close();
  }

  const pidFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'fw-purge-')), 'pid');
  const purger = new Purger({ command: ['sh', '-c', `sleep 600 & echo $! > ${pidFile}; wait`], timeoutMs: 600_000, retries: 3, retryDelayMs: 1 }, {});
  const pending = purger.purge(['https://cdn.example.org/rss.xml']);
  await until(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8').trim() !== '', 'the command to start its child');
  purger.close();
  const r = await pending;
  assert.deepEqual([r.ok, r.attempts, r.reason], [false, 1, 'purge: sh stopped: feedwright is stopping']);
  await until(() => !running(Number(readFileSync(pidFile, 'utf8'))), 'the command’s child to be gone');
});

test('a command that outlives its timeout is ended with everything it started, and retried', HANG, async () => {
  const pidFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'fw-purge-')), 'pid');
  const hook = { command: ['sh', '-c', `sleep 600 & echo $! >> ${pidFile}; wait`], timeoutMs: 300, retries: 1, retryDelayMs: 1 };
  const r = await new Purger(hook, {}).purge(['https://cdn.example.org/rss.xml']);
  assert.deepEqual([r.ok, r.attempts], [false, 2]);
  assert.equal(r.reason, 'purge: sh did not finish within 300 ms (timeoutMs); its process group was ended');
  const pids = readFileSync(pidFile, 'utf8').trim().split('\n').map(Number);
  assert.equal(pids.length, 2);
  await until(() => pids.every((pid) => !running(pid)), 'every attempt’s child to be gone');
});

test('the config takes either form, with or without onRescan (feedwright publish purges too)', () => {
  const parseConfig = (input: ConfigInput): ReturnType<typeof configSchema.parse> => configSchema.parse(input);
  const base = { site: { url: 'https://example.org/' }, posts: { dir: '.' } };
  assert.deepEqual(parseConfig({ ...base, publish: { target: 's3://b', purge: { command: ['x'] } } }).publish.purge, {
    command: ['x'],
    timeoutMs: 10_000,
    retries: 3,
    retryDelayMs: 2000,
  });
  const c = parseConfig({ ...base, publish: { target: 's3://b', onRescan: true, purge: { url: 'https://api.example/{{env.ZONE}}/purge' } } });
  assert.deepEqual(c.publish.purge, {
    url: 'https://api.example/{{env.ZONE}}/purge',
    method: 'POST',
    headers: {},
    batch: 30,
    timeoutMs: 10_000,
    retries: 3,
    retryDelayMs: 2000,
  });
  assert.throws(() => parseConfig({ ...base, publish: { target: 's3://b', onRescan: true, purge: { command: [] } } }));
  assert.throws(() => parseConfig({ ...base, publish: { purge: { command: ['x'], retries: 11 } } }));
});

let s3: S3Server;
before(async () => {
  s3 = await startS3(['site']);
});
after(() => s3.close());

test('serve: after an upload the CDN is purged of the changed public URLs (with the new bytes in the bucket), then the hubs are pinged', async () => {
  const posts = bundledPostsCopy('fw-purge-serve-');
  const events: string[] = [];
  // The CDN's API is busy once: the purge is retried, and the pings still wait for it.
  const purge = await purgeEndpoint(
    (n) => (n === 0 ? 503 : 200),
    async (call) => {
      // What the CDN would fetch again once purged: the bucket's rss.xml already holds the edit.
      const stored = await get(`${s3.endpoint}/site/cdn/rss.xml`);
      events.push(`purge ${JSON.stringify(gunzipSync(stored.body).toString('utf8').includes('地铁五号线（更正）'))} ${call.body.length > 0}`);
    },
  );
  const hub = await TestHub.start((_n, ping) => {
    events.push(`ping ${ping.url ?? ''}`);
    return 202;
  });
  const config = testConfig(posts, {
    diskCache: { enabled: false },
    feeds: { baseUrl: PUBLIC },
    websub: { hubs: [hub.url], retries: 0, timeoutMs: 5000 },
    publish: {
      target: 's3://site/cdn',
      endpoint: s3.endpoint,
      onRescan: true,
      purge: { url: `${purge.url}/purge`, body: '{"files":{{urls}}}', batch: 1000, retryDelayMs: 20 },
    },
  });
  const service = await startTestService(config);
  try {
    await until(async () => (JSON.parse((await get(`${service.url}status`)).text) as { bucket: BucketStatus }).bucket.state === 'ok', 'the first publish');
    assert.equal(purge.calls.length, 0, 'the scan at start purges nothing');

    const metro = path.join(posts, '2024-03-22-metro-line-5.md');
    writeFileSync(metro, readFileSync(metro, 'utf8').replace(/^title: .*$/m, 'title: 地铁五号线（更正）'));
    const r = await service.rescanner.trigger('edit');
    assert.ok(r.ok);
    const feeds = r.changed.filter(isFeedPath);
    await until(() => hub.received.length === feeds.length, 'the pings');
    assert.equal(purge.calls.length, 2, 'one refused, one retried');
    // Every changed document (pages too), under the public address; the hubs hear of feeds only.
    assert.deepEqual(
      (JSON.parse(purge.calls[1]?.body ?? '') as { files: string[] }).files.sort(),
      r.changed.map((p) => new URL(p.slice(1), PUBLIC).href).sort(),
    );
    assert.deepEqual(events.slice(0, 2), ['purge true true', 'purge true true'], 'the purge came first, with the new bytes in the bucket');
    assert.equal(events.length, 2 + feeds.length);
    const status = (JSON.parse((await get(`${service.url}status`)).text) as { bucket: BucketStatus }).bucket;
    assert.deepEqual([status.purge?.ok, status.purge?.urls, status.purge?.attempts], [true, r.changed.length, 2]);
    assert.equal(await sample(service.metrics, 'feedwright_bucket_purges_total', { outcome: 'retry' }), 1);
    assert.equal(await sample(service.metrics, 'feedwright_bucket_purges_total', { outcome: 'ok' }), 1);
  } finally {
    await service.close();
    await hub.close();
    await purge.close();
  }
});

test('serve: a purge API that echoes the request keeps its token out of the log and /status', async () => {
  const TOKEN = 'cf-T0ken_serve_5a4b3c2d1e';
  const api = await purgeEndpoint(403, undefined, echo);
  const lines: string[] = [];
  const posts = bundledPostsCopy('fw-purge-echo-');
  const config = testConfig(posts, {
    diskCache: { enabled: false },
    feeds: { baseUrl: PUBLIC },
    publish: {
      target: 's3://site/echo',
      endpoint: s3.endpoint,
      onRescan: true,
      purge: {
        url: `${api.url}/purge?token={{env.FW_TEST_PURGE_TOKEN}}`,
        headers: { Authorization: 'Bearer {{env.FW_TEST_PURGE_TOKEN}}' },
        body: '{"files":{{urls}}}',
      },
    },
  });
  // The purger reads {{env.NAME}} from the server's environment.
  process.env.FW_TEST_PURGE_TOKEN = TOKEN;
  const service = await startService(config, createLogger('info', { write: (line: string) => void lines.push(line) }), { schedule: false });
  try {
    await until(async () => (JSON.parse((await get(`${service.url}status`)).text) as { bucket: BucketStatus }).bucket.state === 'ok', 'the first publish');
    const metro = path.join(posts, '2024-03-22-metro-line-5.md');
    writeFileSync(metro, readFileSync(metro, 'utf8').replace(/^title: .*$/m, 'title: 地铁五号线（更正）'));
    assert.ok((await service.rescanner.trigger('edit')).ok);
    const status = async (): Promise<string> => (await get(`${service.url}status`)).text;
    await until(async () => (JSON.parse(await status()) as { bucket: BucketStatus }).bucket.purge?.ok === false, 'the purge to fail');
    assert.equal(api.calls.length, 1, 'a 403 is not asked again');
    assert.ok(api.calls[0]?.url?.includes(TOKEN), 'the token was sent');
    const text = await status();
    assert.match(text, /answered 403: \{\\"success\\":false,\\"error\\":\\"invalid request\\"/);
    assert.ok(!text.includes(TOKEN), text);
    const logged = lines.join('');
    assert.match(logged, /purge failed/);
    assert.ok(!logged.includes(TOKEN), logged);
  } finally {
    delete process.env.FW_TEST_PURGE_TOKEN;
    await service.close();
    await api.close();
  }
});
