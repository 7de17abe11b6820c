// Query feeds over HTTP (issue 29; src/http/query-feeds.ts through the real service): every kind valid
// with no error and no warning, the same document for the same query in any order and case, 304 and
// compression through sendEntry, the fixed feed for parameters that change nothing, bad input refused
// with a reason, kept until a rescan changes what they show (and the hubs hear of it then), and a flood
// of distinct queries from one client bounded.
import type { SnapshotEntry } from '../../src/snapshot/snapshot.js';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { createApp } from '../../src/http/app.js';
import { QueryBusyError } from '../../src/errors.js';
import { QueryFeeds } from '../../src/http/query-feeds.js';
import { prepare } from '../../src/archives/archive-cache.js';
import { scanOptionsFrom } from '../../src/posts/options.js';
import type { Service } from '../../src/service.js';
import { SnapshotStore } from '../../src/snapshot/store.js';
import { freshSnapshot } from '../helpers/build.js';
import { testConfig } from '../helpers/config.js';
import { TestHub } from '../helpers/hub.js';
import { sample } from '../helpers/metrics.js';
import { PostsDir } from '../helpers/posts-dir.js';
import { request } from '../helpers/request.js';
import { get, startTestService } from '../helpers/service.js';
import { until } from '../helpers/until.js';
import { validateFeeds } from '../helpers/validate.js';
import { atomEntries, parseXml, rssItems, text, type XmlNode } from '../helpers/xml.js';

const posts = new PostsDir();
const CATS = ['Metro', 'Sport'];
const write = (n: number, version = 0): void => {
  const tags = [...(n % 3 === 0 ? ['Harbour'] : []), ...(n % 4 === 0 ? ['常州'] : []), n % 2 === 0 ? 'ferry' : 'bus'];
  const words = n % 5 === 0 ? 'The harbour ferry ran late.' : n % 5 === 1 ? 'A bus to the harbour.' : 'Nothing to say.';
  posts.post(`p${String(n).padStart(2, '0')}.md`, {
    title: `Story ${n}${version > 0 ? ` (v${version})` : ''}`,
    date: `2024-03-${String(n + 1).padStart(2, '0')} 10:00:00 +0800`,
    categories: CATS[n % 2] as string,
    tags,
    body: `<p>${words} Story ${n}.</p>`,
  });
};
for (let n = 0; n < 14; n++) write(n);
after(() => posts.cleanup());

const FORMATS = ['rss.xml', 'atom.xml', 'feed.json'] as const;

/** Item titles of a served feed, in order. */
function titles(path: string, body: string): string[] {
  if (path.includes('feed.json')) return (JSON.parse(body) as { items: { title: string }[] }).items.map((i) => i.title);
  if (path.includes('atom.xml')) return atomEntries(body).map((e) => text(e.title));
  return rssItems(body).map((i) => text(i.title));
}

describe('query feeds through the service', () => {
  let hub: TestHub;
  let service: Service;
  let base = '';
  const fetched = new Map<string, string>();
  const fetch = async (path: string, headers: Record<string, string> = {}): ReturnType<typeof get> => {
    const r = await get(base + path, headers);
    if (r.status === 200 && !r.headers.get('content-encoding')) fetched.set(path, r.text);
    return r;
  };

  before(async () => {
    hub = await TestHub.start();
    service = await startTestService(testConfig(posts.dir, { feeds: { limit: 5 }, websub: { hubs: [hub.url], retries: 0 } }));
    base = service.url.replace(/\/$/, '');
  });
  after(async () => {
    await service.close();
    await hub.close();
  });

  /** Sends raw bytes and reads until the server closes the connection (a request `get` cannot send whole). */
  function raw(request: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(Number(new URL(base).port), '127.0.0.1');
      let out = '';
      socket.setEncoding('latin1');
      socket.on('data', (d: string) => (out += d));
      socket.on('close', () => resolve(out));
      // The server may close while the rest is still being sent: what it answered counts.
      socket.on('error', (err: NodeJS.ErrnoException) => (err.code === 'ECONNRESET' || err.code === 'EPIPE' ? resolve(out) : reject(err)));
      socket.end(request);
    });
  }

  test('each kind of query narrows the feed as it says', async () => {
    const t = async (path: string): Promise<string[]> => {
      const r = await fetch(path);
      assert.equal(r.status, 200, `${path}: ${r.text}`);
      return titles(path, r.text);
    };
    assert.deepEqual(await t('/rss.xml?tag=harbour'), ['Story 12', 'Story 9', 'Story 6', 'Story 3', 'Story 0']);
    assert.deepEqual(await t('/atom.xml?tag=harbour&limit=2'), ['Story 12', 'Story 9']);
    assert.deepEqual(await t('/feed.json?category=metro&tag=%E5%B8%B8%E5%B7%9E'), ['Story 12', 'Story 8', 'Story 4', 'Story 0']);
    assert.deepEqual(await t('/categories/sport/rss.xml?tag=harbour&tag=%E5%B8%B8%E5%B7%9E&match=any'), ['Story 9', 'Story 3']);
    assert.deepEqual(await t('/atom.xml?q=harbour&limit=10'), ['Story 11', 'Story 10', 'Story 6', 'Story 5', 'Story 1', 'Story 0']);
    assert.deepEqual(await t('/rss.xml?q=harbour%20-bus&limit=10'), ['Story 10', 'Story 5', 'Story 0']);
    assert.deepEqual(await t('/feed.json?q=%22story%2012%22&in=title'), ['Story 12']);
    assert.deepEqual(await t('/tags/harbour/rss.xml?since=2024-03-10'), ['Story 12', 'Story 9']);
    // A slug names its scope; a name nobody has is an empty feed, valid like any other.
    assert.deepEqual(await t('/atom.xml?tag=nobody-has-this'), []);
    assert.deepEqual(await t('/rss.xml?tag=nobody-has-this'), []);
    assert.deepEqual(await t('/feed.json?q=zebra'), []);
  });

  test('every query feed validates with 0 errors and 0 warnings', async () => {
    for (const format of FORMATS) {
      for (const q of [
        'tag=harbour',
        'q=harbour%20-bus',
        'category=sport&tag=bus&since=2024-03-05',
        'tag=nobody',
        'tag=%E5%B8%B8%E5%B7%9E&match=any&tag=harbour',
      ]) {
        assert.equal((await fetch(`/${format}?${q}`)).status, 200);
        assert.equal((await fetch(`/tags/ferry/${format}?${q}`)).status, 200);
      }
    }
    const report = validateFeeds(Object.fromEntries([...fetched].map(([path, body]) => [path.replace(/\?/, '_'), body])));
    assert.equal(report.errors, 0, report.output);
    assert.equal(report.warnings, 0, report.output);
  });

  test('the same query in another order and case is the same document; 304 on repeat; gzip and br', async () => {
    const a = await fetch('/atom.xml?tag=harbour&q=ferry');
    const b = await fetch('/atom.xml?Q=FERRY&tag=Harbour&utm_source=mail&limit=5');
    assert.equal(a.status, 200);
    assert.ok(a.body.equals(b.body));
    assert.equal(b.headers.get('etag'), a.headers.get('etag'));
    assert.match(a.headers.get('etag') ?? '', /^"[A-Za-z0-9_-]{27}"$/);
    assert.equal(a.headers.get('cache-control'), 'public, max-age=300, stale-while-revalidate=60');
    assert.equal(a.headers.get('vary'), 'Accept-Encoding, Sec-Fetch-Dest');
    assert.ok(a.headers.get('last-modified'));
    const again = await fetch('/atom.xml?q=ferry&tag=harbour', { 'if-none-match': a.headers.get('etag') ?? '' });
    assert.equal(again.status, 304);
    assert.equal(again.body.length, 0);
    const gz = await fetch('/atom.xml?tag=harbour&q=ferry', { 'accept-encoding': 'gzip' });
    assert.equal(gz.headers.get('content-encoding'), 'gzip');
    assert.ok(zlib.gunzipSync(gz.body).equals(a.body));
    assert.equal(gz.headers.get('etag'), (a.headers.get('etag') ?? '').replace(/"$/, '-gz"'));
    const br = await fetch('/atom.xml?tag=harbour&q=ferry', { 'accept-encoding': 'br' });
    assert.ok(zlib.brotliDecompressSync(br.body).equals(a.body));
    const head = await get(`${base}/atom.xml?tag=harbour&q=ferry`, {}, 'HEAD');
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('content-length'), String(a.body.length));
  });

  test('its self link, Atom id and JSON feed_url name the query in its canonical form; hubs are linked', async () => {
    const atom = parseXml((await fetch('/atom.xml?q=Ferry&TAG=harbour')).text) as { feed: { id: string; link: XmlNode[]; title: unknown } };
    const self = atom.feed.link.find((l) => l['@rel'] === 'self')?.['@href'];
    assert.equal(self, 'https://news.example.cn/atom.xml?tag=harbour&q=ferry');
    assert.equal(text(atom.feed.id), self);
    assert.ok(atom.feed.link.some((l) => l['@rel'] === 'hub' && l['@href'] === hub.url));
    assert.match(text(atom.feed.title), /\(tag: harbour · q: ferry\)$/);
    const json = JSON.parse((await fetch('/feed.json?tag=harbour&limit=3')).text) as { feed_url: string; hubs: { url: string }[] };
    assert.equal(json.feed_url, 'https://news.example.cn/feed.json?tag=harbour&limit=3');
    assert.deepEqual(
      json.hubs.map((h) => h.url),
      [hub.url],
    );
  });

  test('parameters that change nothing are the fixed feed itself', async () => {
    const fixed = await get(`${base}/rss.xml`);
    for (const q of ['utm_source=x&utm_medium=feed', 'limit=5', 'match=any', 'q=&tag=', 'in=title']) {
      const r = await get(`${base}/rss.xml?${q}`);
      assert.equal(r.headers.get('etag'), fixed.headers.get('etag'), q);
    }
  });

  test('bad input: a clear 400 (or 414 for a huge query), an empty valid feed for a name nobody has', async () => {
    const cases: [string, number, RegExp][] = [
      ['/rss.xml?limit=1e9', 400, /limit must be a whole number from 1 to 100/],
      ['/rss.xml?limit=5&limit=7', 400, /limit is given twice/],
      ['/rss.xml?match=any&match=all', 400, /match is given twice/],
      [`/rss.xml?q=${'a'.repeat(101)}`, 400, /q: 101 characters; at most 100/],
      [`/rss.xml?q=${'a'.repeat(10 * 1024)}`, 414, /URI too long/],
      ['/rss.xml?since=last%20week', 400, /since must be a date/],
      ['/rss.xml?tag=%ZZ', 400, /Bad query: malformed percent-encoding/],
      [`/rss.xml?${Array.from({ length: 20 }, (_, i) => `t${i}=1`).join('&')}`, 400, /20 query parameters; at most 16/],
    ];
    for (const [path, status, reason] of cases) {
      const r = await get(base + path);
      assert.equal(r.status, status, path.slice(0, 80));
      assert.match(r.text, reason, path.slice(0, 80));
      assert.equal(r.headers.get('cache-control'), 'no-store');
    }
    // A q of 100 KB is over Node's 16 KiB of headers: refused before anything reads it.
    assert.match(await raw(`GET /rss.xml?q=${'a'.repeat(100 * 1024)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`), /^HTTP\/1\.1 431 /);
    // The path decides first: an unknown scope or format is a 404 as without a query.
    assert.equal((await get(`${base}/tags/nobody/rss.xml?q=x`)).status, 404);
    assert.equal((await get(`${base}/rss.xml?q=x`, {}, 'POST')).status, 405);
  });

  test('kept: asked again, nothing is rendered; a rescan that leaves its posts keeps its ETag, one that changes them makes a new one, and the hubs hear', async () => {
    const path = '/rss.xml?tag=harbour&limit=3';
    const first = await fetch(path);
    const rendered = (): number => service.queries?.status().rendered ?? -1;
    const before = rendered();
    await fetch(path);
    assert.equal(rendered(), before);
    // Story 13 is no harbour story: the harbour feed stays as it was.
    write(13, 1);
    await service.rescanner.trigger('test');
    const same = await fetch(path);
    assert.equal(same.headers.get('etag'), first.headers.get('etag'));
    // Story 12 is: the harbour feed changes, the bus one does not.
    const unrelated = await fetch('/atom.xml?tag=bus&limit=2');
    const pinged = (url: string): number => hub.acceptedUrls().filter((u) => u === url).length;
    const busPings = pinged('https://news.example.cn/atom.xml?tag=bus&limit=2');
    write(12, 2);
    await service.rescanner.trigger('test');
    await until(() => pinged('https://news.example.cn/rss.xml?tag=harbour&limit=3') > 0, 'a ping for the changed query feed');
    await until(() => hub.accepted.length > 0 && service.notifier.backlog === 0, 'the pings sent');
    assert.equal(pinged('https://news.example.cn/atom.xml?tag=bus&limit=2'), busPings, 'no ping for a feed that did not change');
    const changed = await fetch(path);
    assert.notEqual(changed.headers.get('etag'), first.headers.get('etag'));
    assert.equal(titles(path, changed.text)[0], 'Story 12 (v2)');
    assert.equal((await fetch('/atom.xml?tag=bus&limit=2')).headers.get('etag'), unrelated.headers.get('etag'));
  });

  test('responses are counted as route="query"', async () => {
    await fetch('/rss.xml?tag=ferry');
    assert.ok((await sample(service.metrics, 'feedwright_http_responses_total', { route: 'query', status: '200' })) > 0);
    assert.ok((await sample(service.metrics, 'feedwright_http_responses_total', { route: 'query', status: '400' })) > 0);
  });
});

describe('a flood of distinct queries', () => {
  test('one client gets its share of renderings, then 429; another client its own; the cache stays bounded; fixed feeds still answer', async () => {
    const service = await startTestService(testConfig(posts.dir, { feeds: { limit: 5 }, queries: { perClientPerMinute: 10, cached: 5 } }));
    try {
      const base = service.url.replace(/\/$/, '');
      const statuses: number[] = [];
      for (let i = 0; i < 40; i++) statuses.push((await get(`${base}/rss.xml?q=word${i}`)).status);
      assert.deepEqual(statuses.slice(0, 10), new Array(10).fill(200));
      assert.deepEqual(statuses.slice(10), new Array(30).fill(429));
      const refused = await get(`${base}/rss.xml?q=another`);
      assert.match(refused.headers.get('retry-after') ?? '', /^\d+$/);
      // Made ones are still answered; so is everything fixed.
      assert.equal((await get(`${base}/rss.xml?q=word9`)).status, 200);
      assert.equal((await get(`${base}/rss.xml`)).status, 200);
      const other = await request(`${base}/rss.xml?q=from-elsewhere`, { method: 'GET', localAddress: '127.0.0.2' });
      assert.equal(other.status, 200);
      const status = service.queries?.status();
      assert.ok(status && status.cached <= 5, JSON.stringify(status));
      assert.equal(status?.refused, 31);
    } finally {
      await service.close();
    }
  });
});

describe('query feeds through Express alone', () => {
  test('the same answers without the fast path', async () => {
    const config = testConfig(posts.dir, { feeds: { limit: 5 } });
    const store = new SnapshotStore();
    store.swap((await freshSnapshot(config, Date.now())).snapshot);
    const queries = new QueryFeeds({ config, store, prepare: (list) => prepare(scanOptionsFrom(config), config, list), clientOf: () => 'one' });
    const app = createApp({ store, config, queries: { queries, cacheControl: 'public, max-age=300, stale-while-revalidate=60' } });
    const server = http.createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const r = await get(`${base}/rss.xml?tag=harbour&limit=2`);
      assert.equal(r.status, 200);
      assert.deepEqual(
        titles('/rss.xml', r.text).map((t) => t.replace(/ \(v\d\)$/, '')),
        ['Story 12', 'Story 9'],
      );
      assert.equal((await get(`${base}/rss.xml?tag=harbour&limit=2`, { 'if-none-match': r.headers.get('etag') ?? '' })).status, 304);
      assert.equal((await get(`${base}/rss.xml?limit=0`)).status, 400);
      // Without a query, the fixed feed.
      assert.equal((await get(`${base}/rss.xml?utm_source=x`)).headers.get('etag'), (await get(`${base}/rss.xml`)).headers.get('etag'));
    } finally {
      queries.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('a rendering over its budget', () => {
  test('is a 503 with Retry-After; what it read is kept, so each try goes further and one ends with the feed', async () => {
    const config = testConfig(posts.dir, { feeds: { limit: 5 }, queries: { renderBudgetMs: 1, cpuShare: 1 } });
    const store = new SnapshotStore();
    store.swap((await freshSnapshot(config, Date.now())).snapshot);
    // A CPU clock that moves 5 ms at every reading: every step is over the 1 ms budget.
    let cpu = 0;
    const queries = new QueryFeeds({ config, store, prepare: (list) => prepare(scanOptionsFrom(config), config, list), now: () => (cpu += 5) });
    const req = {} as http.IncomingMessage;
    try {
      let refused = 0;
      let entry: SnapshotEntry | undefined;
      for (let attempt = 0; attempt < 30 && !entry; attempt++) {
        const found = queries.find(req, '/atom.xml', 'q=zebra');
        assert.ok(found);
        entry = await Promise.resolve(found.entry).catch((err: unknown) => {
          assert.ok(err instanceof QueryBusyError && err.status === 503 && err.headers['Retry-After'] === '1', String(err));
          refused++;
          return undefined;
        });
      }
      assert.ok(entry, 'made in the end');
      assert.ok(refused >= 2, `refused ${refused} times first`);
      assert.equal(atomEntries(entry.body.bytes().toString('utf8')).length, 0);
      assert.equal(queries.status().rendered, 1);
    } finally {
      queries.close();
    }
  });
});

describe('before the first rescan of a warm start', () => {
  test('a snapshot without scopes: a query feed is a 503 for a second or two; a query string that changes nothing is the fixed feed', async () => {
    const config = testConfig(posts.dir, { feeds: { limit: 5 } });
    const { snapshot } = await freshSnapshot(config, Date.now());
    const { scopeIndex: _scopes, ...cached } = snapshot;
    const store = new SnapshotStore();
    store.swapProvisional(cached);
    const queries = new QueryFeeds({ config, store, prepare: () => new Map() });
    const req = {} as http.IncomingMessage;
    try {
      assert.throws(
        () => queries.find(req, '/rss.xml', 'tag=harbour'),
        (err: unknown) => err instanceof QueryBusyError && err.headers['Retry-After'] === '2',
      );
      assert.equal(queries.find(req, '/rss.xml', 'utm_source=x'), undefined);
      assert.throws(() => queries.find(req, '/rss.xml', 'limit=0'), /Bad query/);
    } finally {
      queries.close();
    }
  });
});

describe('a content version (what posts depend on besides their files)', () => {
  test('a new version is read anew and rendered again; the same version keeps the feed', async () => {
    const config = testConfig(posts.dir, { feeds: { limit: 5 } });
    const store = new SnapshotStore();
    const { snapshot } = await freshSnapshot(config, Date.now());
    store.swap(snapshot);
    let version = 'v1';
    let read = 0;
    const queries = new QueryFeeds({
      config,
      store,
      prepare: (list) => {
        read += list.length;
        return prepare(scanOptionsFrom(config), config, list);
      },
      contentVersion: () => version,
    });
    const req = {} as http.IncomingMessage;
    const made = async (): Promise<string> => (await Promise.resolve(queries.find(req, '/rss.xml', 'tag=harbour&limit=2')?.entry))?.etags.identity ?? '';
    try {
      const first = await made();
      const readFirst = read;
      assert.ok(readFirst > 0);
      // Another snapshot of the same posts and version: the kept feed, nothing read.
      store.swap({ ...snapshot });
      assert.equal(await made(), first);
      assert.equal(read, readFirst);
      // Another version: read again and rendered again (its signature names the version).
      version = 'v2';
      store.swap({ ...snapshot });
      assert.notEqual(await made(), '');
      assert.ok(read > readFirst);
      assert.equal(queries.status().rendered, 2);
    } finally {
      queries.close();
    }
  });
});
