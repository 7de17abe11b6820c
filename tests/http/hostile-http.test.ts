// Issue 6, HTTP that must not hurt: traversal, broken percent-encoding, long targets and headers, odd
// methods. Run through the node:http fast path and through the Express app alone (as server.test.ts
// does), then at the socket for what Node's parser refuses. Never a 500, never a stack trace, never a
// byte that is not in the snapshot; nosniff on every answer and no X-Powered-By.
import assert from 'node:assert/strict';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { createApp } from '../../src/http/app.js';
import { MAX_TARGET_LENGTH } from '../../src/http/request-path.js';
import { createListener, createServer } from '../../src/http/server.js';
import { SnapshotStore } from '../../src/snapshot/store.js';
import type { Service } from '../../src/service.js';
import { Rescanner } from '../../src/rescan/rescanner.js';
import { testConfig } from '../helpers/config.js';
import { PostsDir } from '../helpers/posts-dir.js';
import { startTestService, type Fetched } from '../helpers/service.js';

const posts = new PostsDir();
posts.post('2024-03-01-hello.md', { title: 'Hello', categories: 'news', tags: ['etc', '常州'] });
const config = testConfig(posts.dir);
const store = new SnapshotStore();
after(() => posts.cleanup());

const TRAVERSALS = [
  '/tags/..%2F..%2Fetc%2Fpasswd/rss.xml',
  '/tags/%2e%2e/%2e%2e/etc/passwd',
  '/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '/tags/%252e%252e%252f%252e%252e%252fetc%252fpasswd/rss.xml',
  '/../../etc/passwd',
  '/tags/etc/../../rss.xml',
  '/./rss.xml',
  '//rss.xml',
  '/rss.xml/',
  '/RSS.XML',
  '/rss.xml;.html',
  '/tags/etc/passwd',
];

const MALFORMED = [
  '/tags/a%00b/rss.xml',
  '/rss.xml%00',
  '/rss.xml%00.html',
  '/tags/%0d%0aSet-Cookie:%20x=1/rss.xml',
  '/tags/..%5c..%5cetc%5cpasswd/rss.xml',
  '/tags/%c0%ae%c0%ae%c0%af/rss.xml',
  '/tags/%e0%80%af/rss.xml',
  '/tags/%ed%a0%80/rss.xml',
  '/tags/%zz/rss.xml',
  '/tags/%/rss.xml',
  '/tags/%4/rss.xml',
  '/tags/%%32%65/rss.xml',
];

const METHODS = ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE', 'PROPFIND', 'MKCOL', 'LOCK', 'SEARCH', 'PURGE'];

/**
 * One request with the target sent exactly as given (the helpers' `get` parses a URL, which removes
 * `..` segments before they reach the server).
 */
function get(base: string, target: string, headers: Record<string, string> = {}, method = 'GET', body?: string): Promise<Fetched> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: hostname, port, path: target, method, headers: { 'accept-encoding': 'identity', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const out = new Headers();
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) out.set(k, Array.isArray(v) ? v.join(', ') : v);
        const bytes = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, headers: out, body: bytes, text: bytes.toString('utf8') });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** What every answer must have, whatever its status. */
function assertSafe(res: Fetched, label: string): void {
  assert.ok(res.status < 500, `${label}: ${res.status}`);
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff', `${label}: no nosniff`);
  assert.equal(res.headers.get('x-powered-by'), null, label);
  assert.doesNotMatch(res.text, /\bat [\w.<>]+ \(|Error:|root:|node_modules/, `${label}: leaks ${res.text.slice(0, 200)}`);
}

function assertPlainError(res: Fetched, status: number, label: string): void {
  assertSafe(res, label);
  assert.equal(res.status, status, label);
  assert.equal(res.headers.get('content-type'), 'text/plain; charset=utf-8', label);
  assert.ok(res.body.length < 100, `${label}: a short body`);
}

before(async () => {
  await new Rescanner({ config, store }).trigger('test');
});

for (const mode of ['fast path', 'express only'] as const) {
  describe(`hostile requests (${mode})`, () => {
    let server: http.Server;
    let base = '';

    before(async () => {
      const app = createApp({ store, config, onError: (err) => assert.fail(`unexpected server error: ${String(err)}`) });
      server = http.createServer(mode === 'fast path' ? createListener(app, store, config) : app);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(() => new Promise<void>((resolve) => server.close(() => resolve())));

    test('path traversal names nothing in the snapshot: 404', async () => {
      for (const path of TRAVERSALS) assertPlainError(await get(base, path), 404, path);
      // A real scope still works beside them.
      assert.equal((await get(base, '/tags/etc/rss.xml')).status, 200);
    });

    test('NUL, CR/LF, backslashes, overlong, invalid and surrogate percent-encoding: 400', async () => {
      for (const path of MALFORMED) assertPlainError(await get(base, path), 400, path);
    });

    test('a target over the limit: 414, for any method; one at the limit is only a 404', async () => {
      const long = `/tags/${'a'.repeat(MAX_TARGET_LENGTH)}/rss.xml`;
      for (const method of ['GET', 'HEAD', 'POST']) {
        const res = await get(base, long, {}, method);
        assertSafe(res, method);
        assert.equal(res.status, 414, method);
      }
      assertPlainError(await get(base, `/rss.xml?${'q'.repeat(MAX_TARGET_LENGTH)}`), 414, 'long query');
      assertPlainError(await get(base, `/${'a'.repeat(MAX_TARGET_LENGTH - 1)}`), 404, 'at the limit');
    });

    test('odd methods: 405 with Allow on a feed, 404 elsewhere, 400 on a malformed path', async () => {
      for (const method of METHODS) {
        const feed = await get(base, `/tags/${encodeURIComponent('常州')}/atom.xml`, {}, method, method === 'POST' ? 'x'.repeat(100_000) : undefined);
        assertPlainError(feed, 405, `${method} feed`);
        assert.equal(feed.headers.get('allow'), 'GET, HEAD');
        assertPlainError(await get(base, '/nope', {}, method), 404, `${method} elsewhere`);
        assertPlainError(await get(base, '/tags/%zz', {}, method), 400, `${method} malformed`);
      }
    });

    test('HEAD on an error has the headers and no body', async () => {
      const res = await get(base, '/nope', {}, 'HEAD');
      assert.equal(res.status, 404);
      assert.equal(res.body.length, 0);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    });

    test('the absolute form of a target (as proxies send it) is served like the path', async () => {
      const res = await get(base, '/rss.xml');
      const absolute = await get(base, 'http://feeds.example/rss.xml');
      assert.equal(absolute.status, 200);
      assert.equal(absolute.headers.get('etag'), res.headers.get('etag'));
    });

    test('hostile headers do not matter: odd Accept-Encoding, If-None-Match, If-Modified-Since', async () => {
      const headers: Array<Record<string, string>> = [
        { 'accept-encoding': 'gzip;q=abc, br;q=-1, *;q=9999999999999' },
        { 'accept-encoding': 'x'.repeat(8000) },
        { 'if-none-match': ',,,"",W/,*x' },
        { 'if-none-match': `"${'a'.repeat(8000)}"` },
        { 'if-modified-since': 'Tue, 99 Foo 99999 99:99:99 GMT' },
        { 'if-modified-since': '0' },
        { range: 'bytes=999999999-' },
      ];
      for (const h of headers) {
        const res = await get(base, '/rss.xml', h);
        assertSafe(res, JSON.stringify(h).slice(0, 60));
        assert.equal(res.status, 200, JSON.stringify(h).slice(0, 60));
        assert.equal(res.headers.get('content-length'), String(res.body.length));
      }
    });
  });
}

describe("the service's own paths (/status, /metrics, the webhook), through the running service", () => {
  let service: Service;
  let base = '';

  before(async () => {
    service = await startTestService(testConfig(posts.dir, { webhook: { secret: 'a-secret-of-twenty-chars' } }));
    base = service.url.replace(/\/$/, '');
  });
  after(() => service.close());

  test('any method, hostile targets and bodies: never a 500, always nosniff, never X-Powered-By', async () => {
    const paths = [
      '/status',
      '/healthz',
      '/readyz',
      '/metrics',
      '/hooks/rebuild',
      '/hooks/rebuild?wait=1',
      '/hooks/%zz',
      '/status/..%2f..%2fetc%2fpasswd',
      '/metrics%00',
    ];
    for (const target of paths) {
      for (const method of ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'TRACE', 'PROPFIND']) {
        const res = await get(base, target, { 'content-type': 'application/json' }, method, method === 'POST' ? '{"ref": "refs/heads/main"' : undefined);
        assertSafe(res, `${method} ${target}`);
      }
    }
    assert.equal((await get(base, '/metrics')).status, 200);
    assert.equal((await get(base, '/hooks/rebuild', {}, 'POST', '{}')).status, 401);
  });
});

describe('what the HTTP parser refuses, at the socket (createServer)', () => {
  let server: http.Server;
  let port = 0;

  before(async () => {
    server = createServer(createApp({ store, config }), store, config);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  /** Sends raw bytes and reads until the server closes the connection. */
  function raw(request: string | Buffer): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1');
      let out = '';
      socket.setEncoding('latin1');
      socket.on('data', (d: string) => (out += d));
      socket.on('close', () => resolve(out));
      socket.on('error', reject);
      socket.end(request);
    });
  }

  function assertRawStatus(response: string, status: number, label: string): void {
    assert.match(response, new RegExp(`^HTTP/1\\.1 ${status} `), `${label}: ${response.slice(0, 80)}`);
    assert.match(response, /\r\nX-Content-Type-Options: nosniff\r\n/i, `${label}: no nosniff`);
    assert.doesNotMatch(response, /X-Powered-By/i, label);
  }

  const close = 'Host: x\r\nConnection: close\r\n\r\n';

  test('headers over 16 KiB, or a request line that long: 431', async () => {
    assertRawStatus(await raw(`GET /rss.xml HTTP/1.1\r\nX-Big: ${'a'.repeat(20_000)}\r\n${close}`), 431, 'one big header');
    const many = Array.from({ length: 3000 }, (_, i) => `X-H${i}: v\r\n`).join('');
    assertRawStatus(await raw(`GET /rss.xml HTTP/1.1\r\n${many}${close}`), 431, 'many headers');
    assertRawStatus(await raw(`GET /${'a'.repeat(20_000)} HTTP/1.1\r\n${close}`), 431, 'a 20 KB target');
  });

  test('a target over 8 KiB but within the header limit: 414 from the listener', async () => {
    assertRawStatus(await raw(`GET /${'a'.repeat(MAX_TARGET_LENGTH + 10)} HTTP/1.1\r\n${close}`), 414, 'a 8 KiB target');
  });

  test('broken syntax, unknown methods, raw NUL, raw UTF-8: 400', async () => {
    const cases: Array<[string, string | Buffer]> = [
      ['garbage', 'HELLO\r\n\r\n'],
      ['unknown method', `BREW /rss.xml HTTP/1.1\r\n${close}`],
      ['raw NUL', `GET /rss.xml\u0000 HTTP/1.1\r\n${close}`],
      ['raw UTF-8', Buffer.from(`GET /tags/常州/rss.xml HTTP/1.1\r\n${close}`, 'utf8')],
      ['bad version', `GET /rss.xml HTTP/9.9\r\n${close}`],
      ['header without colon', `GET /rss.xml HTTP/1.1\r\nNoColonHere\r\n${close}`],
      ['conflicting lengths', `POST /rss.xml HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n${close}ab`],
    ];
    for (const [label, request] of cases) assertRawStatus(await raw(request), 400, label);
  });

  test('a raw backslash passes the parser and is refused by the listener: 400', async () => {
    assertRawStatus(await raw(`GET /tags/..\\..\\etc\\passwd HTTP/1.1\r\n${close}`), 400, 'backslash');
  });

  test('CONNECT: 405, not a dropped connection', async () => {
    const response = await raw('CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n');
    assertRawStatus(response, 405, 'CONNECT');
    assert.match(response, /\r\nAllow: GET, HEAD\r\n/);
  });

  test('the server still answers after all of that', async () => {
    const res = await get(`http://127.0.0.1:${port}`, '/rss.xml');
    assert.equal(res.status, 200);
  });
});
