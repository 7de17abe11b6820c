// GET /status, /healthz, /readyz: readiness before and after the first snapshot, and what /status reports.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { test } from 'node:test';
import { createApp } from '../../src/http/app.js';
import { lazyApp } from '../../src/http/lazy-app.js';
import { createListener } from '../../src/http/server.js';
import { createLogger } from '../../src/log.js';
import { startService } from '../../src/service.js';
import { SnapshotStore } from '../../src/snapshot/store.js';
import { freshSnapshot } from '../helpers/build.js';
import { testConfig } from '../helpers/config.js';
import { PostsDir } from '../helpers/posts-dir.js';
import { get } from '../helpers/service.js';
import { listenLocal } from '../helpers/port.js';

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** A one-post site's config, an empty store, and status deps whose `stopping` the test sets. */
function probed() {
  const posts = new PostsDir();
  posts.post('a.md', { title: 'A' });
  const config = testConfig(posts.dir);
  const store = new SnapshotStore();
  const state = { stopping: false };
  const status = { status: () => ({}), stopping: () => state.stopping };
  return { posts, config, store, state, status, app: createApp({ store, config, status }) };
}

test('/readyz: 503 until the first snapshot is installed, then 200; /healthz: 200 all along', async () => {
  const { posts, config, store, state, app } = probed();
  const server = http.createServer(createListener(app, store, config));
  const base = `http://127.0.0.1:${await listenLocal(server)}`;
  try {
    const starting = await get(`${base}/readyz`);
    assert.equal(starting.status, 503);
    assert.deepEqual(JSON.parse(starting.text), { status: 'starting' });
    assert.equal(starting.headers.get('retry-after'), '5');
    assert.equal(starting.headers.get('cache-control'), 'no-store');
    assert.equal((await get(`${base}/healthz`)).status, 200);

    const { snapshot } = await freshSnapshot(config, Date.now());
    store.swap(snapshot);
    const ready = await get(`${base}/readyz`);
    assert.equal(ready.status, 200);
    assert.deepEqual(JSON.parse(ready.text), { status: 'ready' });
    assert.equal(ready.headers.get('cache-control'), 'no-store');

    state.stopping = true;
    assert.equal((await get(`${base}/readyz`)).status, 503, 'a stopping service asks for no more traffic');
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    posts.cleanup();
  }
});

test('the listener answers the probes as the Express routes do, byte for byte, GET and HEAD, ready or not', async () => {
  const { posts, config, store, state, status, app } = probed();
  const viaExpress = http.createServer(createListener(app, store, config));
  // An app that fails the test if anything reaches it: the probes must not.
  const reached: string[] = [];
  const viaListener = http.createServer(
    createListener(
      (req, res) => {
        reached.push(req.url ?? '');
        app(req, res);
      },
      store,
      config,
      undefined,
      { probes: status },
    ),
  );
  const bases = [`http://127.0.0.1:${await listenLocal(viaExpress)}`, `http://127.0.0.1:${await listenLocal(viaListener)}`];
  const answer = async (base: string, path: string, method: string): Promise<string> => {
    const res = await fetch(`${base}${path}`, { method });
    const headers = [...res.headers].filter(([name]) => name !== 'date' && name !== 'keep-alive' && name !== 'connection');
    return JSON.stringify([res.status, headers.sort(), await res.text()]);
  };
  try {
    const { snapshot } = await freshSnapshot(config, Date.now());
    for (const moment of ['starting', 'ready', 'stopping']) {
      if (moment === 'ready') store.swap(snapshot);
      if (moment === 'stopping') state.stopping = true;
      for (const path of ['/healthz', '/readyz']) {
        for (const method of ['GET', 'HEAD']) {
          const [express, listener] = await Promise.all(bases.map((base) => answer(base, path, method)));
          assert.equal(listener, express, `${method} ${path} while ${moment}`);
          // And what that answer is (Express's res.json, as the routes sent it before the listener did).
          const ok = path === '/healthz' || moment === 'ready';
          const body = JSON.stringify({ status: path === '/healthz' ? 'ok' : moment });
          const headers = [
            ['cache-control', 'no-store'],
            ['content-length', String(body.length)],
            ['content-type', 'application/json; charset=utf-8'],
            ...(ok ? [] : [['retry-after', '5']]),
            ['x-content-type-options', 'nosniff'],
          ];
          assert.equal(listener, JSON.stringify([ok ? 200 : 503, headers, method === 'HEAD' ? '' : body]), `${method} ${path} while ${moment}`);
        }
      }
    }
    assert.deepEqual(reached, []);
    // Other methods are Express's to refuse, as before.
    assert.equal((await fetch(`${bases[1]}/readyz`, { method: 'POST' })).status, 405);
    assert.deepEqual(reached, ['/readyz']);
  } finally {
    await Promise.all([viaExpress, viaListener].map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
    posts.cleanup();
  }
});

test('a lazy app: a request that comes before the load waits for it; a failed load is a 500 and tried again', async () => {
  let makes = 0;
  let fail = true;
  const errors: unknown[] = [];
  const app = lazyApp(
    async () => {
      makes++;
      await new Promise((resolve) => setTimeout(resolve, 20));
      if (fail) throw new Error('cannot load');
      return (_req, res) => res.end('from the app');
    },
    (err) => errors.push(err),
  );
  const server = http.createServer(app.handle);
  const base = `http://127.0.0.1:${await listenLocal(server)}`;
  try {
    const failed = await fetch(`${base}/status`);
    assert.equal(failed.status, 500);
    assert.equal(errors.length, 1);
    fail = false;
    // Two at once before the load: one load, both answered by it.
    const [a, b] = await Promise.all([fetch(`${base}/a`), fetch(`${base}/b`)]);
    assert.equal(await a.text(), 'from the app');
    assert.equal(await b.text(), 'from the app');
    assert.equal(makes, 2);
    assert.equal(await app.load(), await app.load());
    assert.equal(makes, 2);
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

test('/status: the last rescan with its problems, the next scheduled one, version, uptime, generation', async () => {
  const posts = new PostsDir();
  posts.post('2024-03-01-one.md', { title: 'One', categories: 'news', tags: ['a'] });
  posts.write('drafts/broken.md', '---\ntitle: "unclosed\ndate: 2024-03-03\n---\nbody');
  const service = await startService(testConfig(posts.dir, { schedule: '*/5 * * * *' }), createLogger('silent'));
  try {
    const before = Date.now();
    const res = await get(`${service.url}status`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    const s = JSON.parse(res.text) as Record<string, unknown> & {
      lastRescan: Record<string, unknown> & { problems: { path: string; line?: number; code: string; reason: string }[] };
    };
    assert.equal(s.version, VERSION);
    assert.equal(s.ready, true);
    assert.equal(s.generation, 1);
    assert.equal(s.posts, 1);
    // The feeds, a page per category and tag, /categories/ and /tags/, and the index, the OPML list,
    // 2 stylesheets and 3 assets.
    assert.equal(s.documents, 9 + 2 + 2 + 7);
    assert.equal(s.feeds, 9);
    assert.equal(typeof s.uptimeSeconds, 'number');
    assert.ok(Date.parse(String(s.startedAt)) <= before);
    assert.equal(s.lastRescan.reason, 'start');
    assert.equal(s.lastRescan.ok, true);
    assert.equal(s.lastRescan.posts, 1);
    assert.equal(s.lastRescan.changedCount, 9 + 2 + 2 + 7);
    assert.equal(typeof s.lastRescan.ms, 'number');
    assert.ok(Date.parse(String(s.lastRescan.at)) <= before);
    assert.deepEqual(
      s.lastRescan.problems.map((p) => [p.path, p.code]),
      [['drafts/broken.md', 'FW_POST_BAD_YAML']],
    );
    assert.equal(typeof s.lastRescan.problems[0]?.line, 'number');
    assert.match(s.lastRescan.problems[0]?.reason ?? '', /not valid YAML/);
    assert.equal(s.schedule, '*/5 * * * *');
    const next = Date.parse(String(s.nextRescan));
    assert.ok(next > before && next <= before + 5 * 60_000 + 1000, String(s.nextRescan));
    assert.equal(s.webhook, false);
    assert.equal(s.watching, false);

    type Again = { generation: number; lastRescan: { reason: string; changedCount: number } };
    await service.rescanner.trigger('test');
    const same = JSON.parse((await get(`${service.url}status`)).text) as Again;
    assert.equal(same.generation, 1, 'nothing changed: nothing was rebuilt or swapped');
    assert.deepEqual([same.lastRescan.reason, same.lastRescan.changedCount], ['test', 0]);
    posts.post('2024-03-01-one.md', { title: 'One, edited', categories: 'news', tags: ['a'] });
    await service.rescanner.trigger('edit');
    const edited = JSON.parse((await get(`${service.url}status`)).text) as Again;
    assert.equal(edited.generation, 2);
    assert.deepEqual(
      [edited.lastRescan.reason, edited.lastRescan.changedCount],
      ['edit', 9 + 3],
      'the feeds, the two scope pages and the index, which show the title',
    );

    for (const path of ['status', 'healthz', 'readyz']) {
      const post = await get(`${service.url}${path}`, {}, 'POST');
      assert.equal(post.status, 405, path);
      assert.equal(post.headers.get('allow'), 'GET, HEAD');
      const head = await get(`${service.url}${path}`, {}, 'HEAD');
      assert.equal(head.status, 200, path);
      assert.equal(head.body.length, 0);
    }
  } finally {
    await service.close();
    posts.cleanup();
  }
});
