// Issue 14: a warm start serves its cached documents before its first rescan (SnapshotStore's provisional
// snapshot). The paths those documents hold are answered at once; any other (an archive page, whose index
// that rescan builds) is answered once the rescan's snapshot is in, not with a 404 meanwhile.
import assert from 'node:assert/strict';
import http from 'node:http';
import { test } from 'node:test';
import { createApp } from '../../src/http/app.js';
import { createListener } from '../../src/http/server.js';
import type { Snapshot } from '../../src/snapshot/snapshot.js';
import { SnapshotStore } from '../../src/snapshot/store.js';
import { freshSnapshot } from '../helpers/build.js';
import { testConfig } from '../helpers/config.js';
import { PostsDir } from '../helpers/posts-dir.js';
import { get } from '../helpers/service.js';
import { listenLocal } from '../helpers/port.js';

test('a provisional snapshot answers what it holds at once; other paths wait for the next snapshot', async () => {
  const posts = new PostsDir();
  posts.post('2024-03-01-a.md', { title: 'A', date: '2024-03-01 10:00:00 +0800', tags: ['t'] });
  const config = testConfig(posts.dir);
  const { snapshot } = await freshSnapshot(config, Date.now());
  const later = '/tags/t/only-in-the-next/';
  const rss = snapshot.entries.get('/rss.xml');
  assert.ok(rss);
  const next: Snapshot = { ...snapshot, entries: new Map([...snapshot.entries, [later, { ...rss, path: later }]]) };
  const store = new SnapshotStore();
  store.swapProvisional(snapshot);
  const server = http.createServer(createListener(createApp({ store, config }), store, config));
  const base = `http://127.0.0.1:${await listenLocal(server)}`;
  try {
    assert.equal((await get(`${base}/rss.xml`)).status, 200);
    // The server's side of the request, once it is there: whether it was answered is read there, with no
    // wait for an answer that may or may not be on its way to the client.
    const arrived = new Promise<http.ServerResponse>((resolve) =>
      server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => req.url === later && resolve(res)),
    );
    const waiting = get(base + later);
    const held = await arrived;
    // Held while provisional: a feed path asked after it is answered meanwhile, this one is not.
    assert.equal((await get(`${base}/atom.xml`)).status, 200);
    assert.equal(held.headersSent, false);
    store.swap(next);
    const res = await waiting;
    assert.equal(res.status, 200);
    assert.equal(res.body.toString(), rss.body.bytes().toString());
    assert.equal(store.provisional, undefined);

    // settle() without a new snapshot (the first rescan failed): what is not there is a 404 again.
    store.swapProvisional(snapshot);
    const missing = get(`${base}/nowhere/`);
    store.settle();
    assert.equal((await missing).status, 404);
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    posts.cleanup();
  }
});
