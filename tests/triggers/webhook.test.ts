// POST /hooks/rebuild through the running service: authentication in each form, limits, coalescing,
// `?wait=1` end to end, the per-address limiter, and the metrics each outcome moves.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';
import type { Service } from '../../src/service.js';
import { MAX_BODY_BYTES, MAX_NAMED_PATHS, namedPaths } from '../../src/triggers/webhook.js';
import { FakeClock } from '../helpers/clock.js';
import { testConfig } from '../helpers/config.js';
import { sample } from '../helpers/metrics.js';
import { PostsDir } from '../helpers/posts-dir.js';
import { request } from '../helpers/request.js';
import { get, startTestService, type Fetched } from '../helpers/service.js';
import { until } from '../helpers/until.js';
import { atomEntries, rssItems } from '../helpers/xml.js';

const SECRET = 'test-webhook-secret-0123456789';
const PUSH = Buffer.from('{"ref":"refs/heads/main","commits":[{"id":"0a1b2c"}]}');
const hmac = (body: Buffer, secret = SECRET): string => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
const SITE = 'https://news.example.cn/';

describe('POST /hooks/rebuild with a secret', () => {
  const posts = new PostsDir();
  // Rescans are spaced by a second of this clock's time, which passes at once unless the test holds it.
  const clock = new FakeClock({ jump: true });
  let service: Service;
  let hook = '';
  const outcome = (o: string): Promise<number> => sample(service.metrics, 'feedwright_webhook_requests_total', { outcome: o });

  before(async () => {
    posts.post('2024-03-01-one.md', { title: 'One', date: '2024-03-01 09:00:00 +0800', categories: 'news', tags: ['a'] });
    service = await startTestService(
      testConfig(posts.dir, { webhook: { secret: SECRET, rateLimit: { failures: 1000 } }, rescan: { minIntervalMs: 1000 } }),
      undefined,
      { spacing: clock },
    );
    hook = `${service.url}hooks/rebuild`;
  });
  after(async () => {
    await service.close();
    posts.cleanup();
  });

  test('each credential form with the right secret: 202 {"status":"queued"} at once, then a rescan', async () => {
    const forms: Record<string, string>[] = [
      { 'x-hub-signature-256': hmac(PUSH), 'x-github-event': 'push', 'content-type': 'application/json' },
      { 'x-gitlab-token': SECRET, 'x-gitlab-event': 'Push Hook' },
      { authorization: `Bearer ${SECRET}` },
    ];
    for (const headers of forms) {
      const runs = service.rescanner.runs;
      const accepted = await outcome('accepted');
      const res = await request(hook, { headers, body: PUSH });
      assert.equal(res.status, 202, JSON.stringify(headers));
      assert.deepEqual(JSON.parse(res.text), { status: 'queued' });
      assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
      assert.equal(res.headers.get('cache-control'), 'no-store');
      await service.rescanner.idle();
      assert.equal(service.rescanner.runs, runs + 1);
      assert.equal(service.rescanner.last?.reason, 'webhook');
      assert.equal(await outcome('accepted'), accepted + 1);
    }
  });

  test('missing or wrong credentials, in each form: 401 and nothing rebuilt', async () => {
    const runs = service.rescanner.runs;
    const before = await outcome('unauthorized');
    const wrong: Record<string, string>[] = [
      {},
      { 'x-hub-signature-256': hmac(PUSH, 'not-the-secret-at-all-00000') },
      { 'x-hub-signature-256': hmac(Buffer.from('{"ref":"refs/heads/other"}')) },
      { 'x-hub-signature-256': 'sha256=' },
      { 'x-gitlab-token': `${SECRET}!` },
      { 'x-gitlab-token': SECRET.toUpperCase() },
      { authorization: `Bearer ${SECRET.slice(0, -1)}` },
      { authorization: `Basic ${Buffer.from(`u:${SECRET}`).toString('base64')}` },
    ];
    for (const headers of wrong) {
      const res = await request(hook, { headers, body: PUSH });
      assert.equal(res.status, 401, JSON.stringify(headers));
      assert.match(res.headers.get('www-authenticate') ?? '', /^Bearer/);
      assert.match(res.text, /Unauthorized/);
    }
    assert.equal(service.rescanner.busy, false);
    assert.equal(service.rescanner.runs, runs);
    assert.equal(await outcome('unauthorized'), before + wrong.length);
  });

  test('other methods: 405 with Allow: POST', async () => {
    for (const method of ['GET', 'PUT', 'DELETE']) {
      const res = await request(hook, { method, headers: { authorization: `Bearer ${SECRET}` } });
      assert.equal(res.status, 405, method);
      assert.equal(res.headers.get('allow'), 'POST');
    }
    assert.equal(await outcome('method_not_allowed'), 3);
  });

  test('bodies over 1 MiB: 413 whether declared or streamed; exactly 1 MiB is accepted', async () => {
    const runs = service.rescanner.runs;
    const auth = { authorization: `Bearer ${SECRET}` };
    const declared = await request(hook, { headers: auth, body: Buffer.alloc(MAX_BODY_BYTES + 1, 0x20) });
    assert.equal(declared.status, 413);
    assert.equal(declared.headers.get('connection'), 'close');
    const streamed = await request(hook, { headers: auth, chunks: Array.from({ length: 40 }, () => Buffer.alloc(64 * 1024, 0x20)) });
    assert.equal(streamed.status, 413);
    assert.equal(service.rescanner.runs, runs, 'a refused body rebuilds nothing');
    assert.equal(await outcome('too_large'), 2);
    const limit = Buffer.alloc(MAX_BODY_BYTES, 0x20);
    assert.equal((await request(hook, { headers: { 'x-hub-signature-256': hmac(limit) }, body: limit })).status, 202);
    await service.rescanner.idle();
  });

  test('a caller that hangs up mid-body: counted as aborted, nothing rebuilt, the server carries on', async () => {
    const runs = service.rescanner.runs;
    const req = http.request(hook, {
      method: 'POST',
      agent: false,
      headers: { authorization: `Bearer ${SECRET}`, 'content-length': '100', expect: '100-continue' },
    });
    req.on('error', () => {});
    req.flushHeaders();
    // 100 Continue: the server has the request and is reading its body.
    await new Promise<void>((resolve) => req.once('continue', resolve));
    req.write('{"ref":', () => req.destroy());
    await until(async () => (await outcome('aborted')) === 1, 'the aborted call to be counted');
    assert.equal(service.rescanner.runs, runs);
    assert.equal((await request(hook, { headers: { authorization: `Bearer ${SECRET}` } })).status, 202);
    await service.rescanner.idle();
  });

  test('a new post, then ?wait=1: 200 with the changed feed URLs, and the item is in the site, category and tag feeds', async () => {
    posts.post('2024-03-05-fresh.md', { title: 'Fresh news', date: '2024-03-05 09:00:00 +0800', categories: 'news', tags: ['breaking'] });
    posts.write('broken.md', '---\ntitle: [unclosed\n---\nbody');
    const res = await request(`${hook}?wait=1`, { headers: { authorization: `Bearer ${SECRET}` } });
    assert.equal(res.status, 200);
    const report = JSON.parse(res.text) as {
      ok: boolean;
      posts: number;
      changed: string[];
      changedCount: number;
      problems: { path: string; line?: number; code: string; reason: string }[];
      ms: number;
    };
    assert.equal(report.ok, true);
    assert.equal(report.posts, 2);
    const dirs = ['', 'categories/news/', 'tags/breaking/'];
    assert.deepEqual(report.changed, dirs.flatMap((d) => ['atom.xml', 'feed.json', 'rss.xml'].map((f) => `${SITE}${d}${f}`)).sort());
    // `changed` lists the feeds; the count also has the index, the two lists, the two scope pages and the
    // OPML list.
    assert.equal(report.changedCount, 9 + 6);
    assert.deepEqual(
      report.problems.map((p) => [p.path, p.line, p.code]),
      [['broken.md', 3, 'FW_POST_BAD_YAML']],
    );
    assert.match(report.problems[0]?.reason ?? '', /not valid YAML/);
    assert.equal(typeof report.ms, 'number');

    assert.deepEqual(
      rssItems((await get(`${service.url}rss.xml`)).text).map((i) => i.title),
      ['Fresh news', 'One'],
    );
    const category = atomEntries((await get(`${service.url}categories/news/atom.xml`)).text);
    assert.deepEqual(
      category.map((e) => (e.title as { '#text': string })['#text']),
      ['Fresh news', 'One'],
    );
    const tag = JSON.parse((await get(`${service.url}tags/breaking/feed.json`)).text) as { items: { title: string }[] };
    assert.deepEqual(
      tag.items.map((i) => i.title),
      ['Fresh news'],
    );
    posts.remove('broken.md');
  });

  test('a call that names the paths it changed ({"paths": [...]}) has only those looked at', async () => {
    posts.post('2024-03-06-named.md', { title: 'Named', date: '2024-03-06 09:00:00 +0800' });
    posts.post('2024-03-07-unnamed.md', { title: 'Not named', date: '2024-03-07 09:00:00 +0800' });
    const body = Buffer.from(JSON.stringify({ paths: ['2024-03-06-named.md'] }));
    const res = await request(`${hook}?wait=1`, { headers: { authorization: `Bearer ${SECRET}`, 'content-type': 'application/json' }, body });
    assert.equal(res.status, 200);
    assert.equal(service.rescanner.last?.parsed, 1);
    const titles = rssItems((await get(`${service.url}rss.xml`)).text).map((i) => i.title);
    assert.ok(titles.includes('Named') && !titles.includes('Not named'), JSON.stringify(titles));
    // A call that names nothing (or anything but a list of relative paths) walks the whole folder.
    for (const [i, other] of [{ paths: ['../etc/passwd'] }, { paths: 'x.md' }, {}].entries()) {
      const title = `Not named ${i}`;
      posts.post('2024-03-07-unnamed.md', { title, date: '2024-03-07 09:00:00 +0800' });
      await request(`${hook}?wait=1`, { headers: { authorization: `Bearer ${SECRET}` }, body: Buffer.from(JSON.stringify(other)) });
      assert.ok(
        rssItems((await get(`${service.url}rss.xml`)).text).some((item) => item.title === title),
        JSON.stringify(other),
      );
    }
    posts.remove('2024-03-06-named.md');
    posts.remove('2024-03-07-unnamed.md');
    await service.rescanner.trigger('test');
  });

  test('a burst of 100 calls coalesces into at most one running and one queued rescan', async () => {
    await service.rescanner.idle();
    // A change, so the rescan has real work (parse, render, compress) while the burst arrives.
    posts.post('2024-03-01-one.md', { title: 'One, edited', date: '2024-03-01 09:00:00 +0800', categories: 'news', tags: ['a'] });
    const runs = service.rescanner.runs;
    // The spacing holds the rescan until every call has been taken, as a real second would on a slow day.
    clock.hold();
    const answers = await burst(service, `${hook}`, 100);
    assert.deepEqual(new Set(answers.map((r) => r.status)), new Set([202]));
    clock.release();
    await service.rescanner.idle();
    const ran = service.rescanner.runs - runs;
    assert.ok(ran >= 1 && ran <= 2, `100 calls ran ${ran} rescans`);

    // Callers that wait share those rescans too.
    posts.post('2024-03-01-one.md', { title: 'One', date: '2024-03-01 09:00:00 +0800', categories: 'news', tags: ['a'] });
    clock.hold();
    const accepted = await outcome('accepted');
    const waiting = burst(service, `${hook}?wait=1`, 30);
    await until(async () => (await outcome('accepted')) === accepted + 30, 'every waiting call to be taken');
    clock.release();
    const waited = await waiting;
    assert.deepEqual(new Set(waited.map((r) => r.status)), new Set([200]));
    const generations = new Set(waited.map((r) => (JSON.parse(r.text) as { generation: number }).generation));
    assert.ok(generations.size <= 2, `30 waiting calls saw ${generations.size} rescans`);
  });
});

/**
 * `n` authorised calls that reach the server at the same moment: each connection sends its headers and
 * the first byte of the body, and once the server holds all `n` connections, every last byte is written
 * in one go. (Sent one after another, 100 calls over loopback take longer than a rescan of a few posts.)
 */
async function burst(service: Service, url: string, n: number): Promise<Fetched[]> {
  const body = '{}';
  let accepted = 0;
  const onConnection = (): void => void accepted++;
  service.server.on('connection', onConnection);
  const pending = Array.from({ length: n }, () => {
    const req = http.request(url, {
      method: 'POST',
      headers: { 'x-hub-signature-256': hmac(Buffer.from(body)), 'content-length': String(body.length) },
      agent: false,
    });
    const answer = new Promise<Fetched>((resolve, reject) => {
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: new Headers(), body: Buffer.from(text), text });
        });
      });
      req.on('error', reject);
    });
    req.write(body.slice(0, 1));
    return { req, answer };
  });
  await until(() => accepted >= n, 'the server to accept every connection of the burst');
  service.server.off('connection', onConnection);
  for (const { req } of pending) req.end(body.slice(1));
  return Promise.all(pending.map((p) => p.answer));
}

describe('POST /hooks/rebuild: repeated failures from one address', () => {
  const posts = new PostsDir();
  let service: Service;
  let hook = '';

  before(async () => {
    posts.post('a.md', { title: 'A' });
    service = await startTestService(testConfig(posts.dir, { webhook: { secret: SECRET, rateLimit: { failures: 3, blockSeconds: 120 } } }));
    hook = `${service.url}hooks/rebuild`;
  });
  after(async () => {
    await service.close();
    posts.cleanup();
  });

  test('are answered 429 with Retry-After, even with the right secret; other addresses are not affected', async () => {
    const from = (localAddress: string, headers: Record<string, string>) => request(hook, { headers, localAddress });
    for (let i = 0; i < 3; i++) assert.equal((await from('127.0.0.2', { authorization: 'Bearer guess-number-one' })).status, 401);
    const runs = service.rescanner.runs;
    const blocked = await from('127.0.0.2', { authorization: `Bearer ${SECRET}` });
    assert.equal(blocked.status, 429);
    const retryAfter = Number(blocked.headers.get('retry-after'));
    assert.ok(retryAfter > 0 && retryAfter <= 120, String(retryAfter));
    assert.equal(service.rescanner.runs, runs);
    assert.equal((await from('127.0.0.3', { authorization: `Bearer ${SECRET}` })).status, 202);
    assert.equal(await sample(service.metrics, 'feedwright_webhook_requests_total', { outcome: 'rate_limited' }), 1);
    await service.rescanner.idle();
  });
});

describe('POST /hooks/rebuild behind a proxy', () => {
  const posts = new PostsDir();
  after(() => posts.cleanup());
  posts.post('a.md', { title: 'A' });
  const limits = { secret: SECRET, rateLimit: { failures: 2, blockSeconds: 120 } };
  const fromProxy = (hook: string, client: string, authorization: string) =>
    request(hook, { headers: { authorization, 'x-forwarded-for': client }, localAddress: '127.0.0.4' });

  test('server.trustProxy: 1 limits each client named by X-Forwarded-For, not the proxy', async () => {
    const service = await startTestService(testConfig(posts.dir, { webhook: limits, server: { trustProxy: 1 } }));
    try {
      const hook = `${service.url}hooks/rebuild`;
      for (let i = 0; i < 2; i++) assert.equal((await fromProxy(hook, '203.0.113.7', 'Bearer guess-number-one')).status, 401);
      assert.equal((await fromProxy(hook, '203.0.113.7', `Bearer ${SECRET}`)).status, 429);
      assert.equal((await fromProxy(hook, '198.51.100.2', `Bearer ${SECRET}`)).status, 202);
      await service.rescanner.idle();
    } finally {
      await service.close();
    }
  });

  test('without it, X-Forwarded-For is not believed: a client cannot dodge the limit by naming another address', async () => {
    const service = await startTestService(testConfig(posts.dir, { webhook: limits }));
    try {
      const hook = `${service.url}hooks/rebuild`;
      for (let i = 0; i < 2; i++) assert.equal((await fromProxy(hook, `203.0.113.${i}`, 'Bearer guess-number-one')).status, 401);
      assert.equal((await fromProxy(hook, '198.51.100.2', `Bearer ${SECRET}`)).status, 429);
    } finally {
      await service.close();
    }
  });
});

test('without a secret the endpoint is off: 404 for every method', async () => {
  const posts = new PostsDir();
  posts.post('a.md', { title: 'A' });
  const service = await startTestService(testConfig(posts.dir));
  try {
    for (const method of ['POST', 'GET']) {
      const res = await request(`${service.url}hooks/rebuild`, { method, headers: { authorization: 'Bearer anything-at-all-here' } });
      assert.equal(res.status, 404, method);
    }
    assert.equal(service.rescanner.runs, 1);
  } finally {
    await service.close();
    posts.cleanup();
  }
});

test('namedPaths: relative paths as the scanner names them; a folder is named whole; anything else walks everything', () => {
  const named = (value: unknown): string[] | undefined => namedPaths(Buffer.from(JSON.stringify(value)));
  assert.deepEqual(named({ paths: ['2026/12/a.md', './b.md', 'c\\d.md'] }), ['2026/12/a.md', 'b.md', 'c/d.md']);
  // A trailing slash is the scanner's "own files only" (posts/scan.ts): a caller's `drafts/` means all of it.
  assert.deepEqual(named({ paths: ['drafts/', 'news//'] }), ['drafts', 'news']);
  for (const whole of [
    { paths: ['.'] },
    { paths: ['./'] },
    { paths: ['a.md', '/etc/passwd'] },
    { paths: ['x/../../y'] },
    { paths: [] },
    { paths: [''] },
    { paths: [1] },
    { paths: 'a.md' },
    {},
    [],
  ]) {
    assert.equal(named(whole), undefined, JSON.stringify(whole));
  }
  assert.equal(named({ paths: Array.from({ length: MAX_NAMED_PATHS + 1 }, (_, i) => `${i}.md`) }), undefined);
  assert.equal(namedPaths(Buffer.from('not json')), undefined);
});
