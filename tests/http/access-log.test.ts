// The access log (log.requests): one `request` line per response with method, path, status, bytes (sent,
// headers included) and ms, from the fast path and from Express alike; nothing at all when the key is off.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Config } from '../../src/config/schema.js';
import { createApp } from '../../src/http/app.js';
import { createServer } from '../../src/http/server.js';
import { createLogger } from '../../src/log.js';
import type { Service } from '../../src/service.js';
import { testConfig } from '../helpers/config.js';
import { PostsDir } from '../helpers/posts-dir.js';
import { get, startTestService } from '../helpers/service.js';
import { listenLocal } from '../helpers/port.js';
import { until } from '../helpers/until.js';

describe('log.requests', () => {
  const posts = new PostsDir();
  let service: Service;
  before(async () => {
    posts.post('2024-03-01-one.md', { title: 'One', tags: ['a'] });
    service = await startTestService(testConfig(posts.dir));
  });
  after(async () => {
    await service.close();
    posts.cleanup();
  });

  /** A server over the service's snapshot with `config`, logging into the returned list. */
  async function serve(config: Config): Promise<{ base: string; lines: Record<string, unknown>[]; close: () => Promise<void> }> {
    const lines: Record<string, unknown>[] = [];
    const log = createLogger('info', { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
    const server = createServer(createApp({ store: service.store, config }), service.store, config, undefined, log);
    const port = await listenLocal(server);
    return {
      base: `http://127.0.0.1:${port}`,
      lines,
      close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
  }

  test('on: a line per response, fast path and Express, with the bytes sent', async () => {
    const s = await serve(testConfig(posts.dir, { log: { level: 'silent', requests: true } }));
    try {
      const started = performance.now();
      const feed = await get(`${s.base}/rss.xml`);
      await get(`${s.base}/rss.xml`, { 'if-none-match': feed.headers.get('etag') ?? '' });
      await get(`${s.base}/rss.xml`, {}, 'HEAD');
      const missing = await get(`${s.base}/nothing?x=1`);
      await get(`${s.base}/tags/a`);
      // A line is written at the response's 'close', which may come just after the client has its answer.
      await until(() => s.lines.length >= 5, 'five request lines');
      const elapsed = performance.now() - started;
      const seen = s.lines.map(({ level, msg, method, path, status }) => ({ level, msg, method, path, status }));
      assert.deepEqual(seen, [
        { level: 'info', msg: 'request', method: 'GET', path: '/rss.xml', status: 200 },
        { level: 'info', msg: 'request', method: 'GET', path: '/rss.xml', status: 304 },
        { level: 'info', msg: 'request', method: 'HEAD', path: '/rss.xml', status: 200 },
        { level: 'info', msg: 'request', method: 'GET', path: '/nothing?x=1', status: 404 },
        { level: 'info', msg: 'request', method: 'GET', path: '/tags/a', status: 301 },
      ]);
      // Bytes sent, headers included: the GET's are the HEAD's (the same headers) plus the body.
      const bytes = s.lines.map((l) => Number(l.bytes));
      assert.equal(bytes[0], (bytes[2] ?? 0) + feed.body.length);
      assert.ok((bytes[1] ?? 0) > 0 && (bytes[1] ?? 0) < (bytes[2] ?? 0), 'a 304 sends headers only, fewer');
      assert.ok((bytes[3] ?? 0) > missing.body.length);
      // Milliseconds, each within the time the five requests took as this test saw it (same clock).
      for (const line of s.lines) assert.ok(typeof line.ms === 'number' && line.ms >= 0 && line.ms <= elapsed, `${String(line.ms)} of ${elapsed}`);
      assert.ok(s.lines.every((l) => !('aborted' in l)));
    } finally {
      await s.close();
    }
  });

  test('off (the default): no request line', async () => {
    const s = await serve(testConfig(posts.dir));
    try {
      await get(`${s.base}/rss.xml`);
      await get(`${s.base}/nothing`);
    } finally {
      // Closed once its connections are: every response's 'close' (where a line would be written) is past.
      await s.close();
    }
    assert.deepEqual(s.lines, []);
  });
});
