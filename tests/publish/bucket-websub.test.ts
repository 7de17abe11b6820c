// `serve` with publish.onRescan and WebSub hubs: a hub hears of a changed feed only once its new bytes are
// in the bucket, under the public address; a failed upload holds the pings back until an upload succeeds,
// in this process or, after a stop, in the next one (the pings follow the bucket's manifest diff).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import type { BucketStatus } from '../../src/publish/bucket/background.js';
import type { RescanResult } from '../../src/rescan/rescanner.js';
import { isFeedPath } from '../../src/snapshot/feeds.js';
import { testConfig } from '../helpers/config.js';
import { TestHub } from '../helpers/hub.js';
import { bundledPostsCopy, startS3, useS3rverCredentials, type S3Server } from '../helpers/s3-server.js';
import { get, startTestService } from '../helpers/service.js';
import { until } from '../helpers/until.js';

const PUBLIC = 'https://feeds.example.org/news/';

useS3rverCredentials();

let s3: S3Server;
before(async () => {
  s3 = await startS3(['site']);
});
after(() => s3.close());

function retitle(posts: string, file: string, title: string): void {
  const p = path.join(posts, file);
  writeFileSync(p, readFileSync(p, 'utf8').replace(/^title: .*$/m, `title: ${title}`));
}

async function bucketStatus(url: string): Promise<BucketStatus> {
  return (JSON.parse((await get(`${url}status`)).text) as { bucket: BucketStatus }).bucket;
}

/** The bucket's object for a public feed URL, as text, read the moment the hub is pinged. */
async function objectText(prefix: string, publicUrl: string): Promise<string> {
  assert.ok(publicUrl.startsWith(PUBLIC), `${publicUrl} is under feeds.baseUrl`);
  const stored = await get(`${s3.endpoint}/site/${prefix}/${publicUrl.slice(PUBLIC.length)}`);
  if (stored.status !== 200) return `status ${stored.status}`;
  return (stored.headers.get('content-encoding') === 'gzip' ? gunzipSync(stored.body) : stored.body).toString('utf8');
}

/** A hub that, when pinged, fetches the pinged feed from the bucket at once and keeps what it found. */
async function readingHub(prefix: string): Promise<{ hub: TestHub; found: Map<string, Promise<string>> }> {
  const found = new Map<string, Promise<string>>();
  const hub = await TestHub.start((_n, ping) => {
    if (ping.url) found.set(ping.url, objectText(prefix, ping.url));
    return 202;
  });
  return { hub, found };
}

/** A TCP relay to `target` that a test turns off (every connection dropped) and on again. */
async function switchableRelay(target: string): Promise<{ endpoint: string; up: boolean; close(): Promise<void> }> {
  const { hostname, port } = new URL(target);
  const sockets = new Set<net.Socket>();
  const state = { up: true };
  const server = net.createServer((client) => {
    if (!state.up) return void client.destroy();
    const upstream = net.connect(Number(port), hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => undefined);
      s.on('close', () => {
        sockets.delete(s);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    get up() {
      return state.up;
    },
    set up(value: boolean) {
      state.up = value;
      if (!value) for (const s of sockets) s.destroy();
    },
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

test('the hubs are pinged with the public address only after the new bytes are in the bucket', async () => {
  const posts = bundledPostsCopy('fw-publish-websub-');
  const { hub, found } = await readingHub('live');
  const config = testConfig(posts, {
    diskCache: { enabled: false },
    feeds: { baseUrl: PUBLIC },
    websub: { hubs: [hub.url], retries: 0, timeoutMs: 5000 },
    publish: { target: 's3://site/live', endpoint: s3.endpoint, onRescan: true },
  });
  const service = await startTestService(config);
  try {
    await until(async () => (await bucketStatus(service.url)).state === 'ok', 'the first publish');
    assert.equal(hub.received.length, 0, 'the scan at start pings nothing');

    retitle(posts, '2024-03-22-metro-line-5.md', '地铁五号线（更正）');
    const r = await service.rescanner.trigger('edit');
    const feeds = r.changed.filter(isFeedPath);
    assert.ok(r.ok && feeds.length > 0);
    await until(() => hub.accepted.length === feeds.length, `${feeds.length} pings`);
    assert.deepEqual(hub.acceptedUrls(), feeds.map((f) => new URL(f.slice(1), PUBLIC).href).sort());
    for (const [url, text] of found) assert.match(await text, /地铁五号线（更正）/, `${url} held the new bytes when the hub was pinged`);
  } finally {
    await service.close();
    await hub.close();
  }
});

test('a failed upload pings nothing; the next successful upload pings the feeds of both rescans', async () => {
  const posts = bundledPostsCopy('fw-publish-websub-');
  const relay = await switchableRelay(s3.endpoint);
  const { hub, found } = await readingHub('failing');
  const config = testConfig(posts, {
    diskCache: { enabled: false },
    feeds: { baseUrl: PUBLIC },
    websub: { hubs: [hub.url], retries: 0, timeoutMs: 5000 },
    publish: { target: 's3://site/failing', endpoint: relay.endpoint, onRescan: true, retries: 0 },
  });
  const service = await startTestService(config);
  try {
    await until(async () => (await bucketStatus(service.url)).state === 'ok', 'the first publish');

    relay.up = false;
    retitle(posts, '2024-03-22-metro-line-5.md', 'Metro line five, corrected');
    const first = await service.rescanner.trigger('edit while the bucket is away');
    assert.ok(first.ok);
    await until(async () => (await bucketStatus(service.url)).state === 'failed', 'the upload to fail', 30_000);
    assert.equal(hub.received.length, 0, 'no ping for feeds the bucket does not hold');

    relay.up = true;
    const files = readdirPosts(posts).filter((f) => f !== '2024-03-22-metro-line-5.md');
    retitle(posts, files[0] as string, 'Another title');
    const second = await service.rescanner.trigger('edit with the bucket back');
    assert.ok(second.ok);
    const expected = [...new Set([...first.changed, ...second.changed].filter(isFeedPath))].map((f) => new URL(f.slice(1), PUBLIC).href).sort();
    await until(() => hub.accepted.length === expected.length, `${expected.length} pings`, 30_000);
    assert.deepEqual(hub.acceptedUrls(), expected);
    assert.equal((await bucketStatus(service.url)).state, 'ok');
    // Both edits are in every pinged feed that shows them; none was pinged before its object existed.
    for (const [url, text] of found) assert.doesNotMatch(await text, /^status /, `${url} was in the bucket when pinged`);
    assert.match(await (found.get(`${PUBLIC}rss.xml`) as Promise<string>), /Metro line five, corrected/);
  } finally {
    await service.close();
    await hub.close();
    await relay.close();
  }
});

test('a change whose upload failed before a stop is pinged by the first upload after the restart', async () => {
  const posts = bundledPostsCopy('fw-publish-websub-');
  const relay = await switchableRelay(s3.endpoint);
  const { hub, found } = await readingHub('restart');
  const config = testConfig(posts, {
    diskCache: { enabled: false },
    feeds: { baseUrl: PUBLIC },
    websub: { hubs: [hub.url], retries: 0, timeoutMs: 5000 },
    publish: { target: 's3://site/restart', endpoint: relay.endpoint, onRescan: true, retries: 0 },
  });
  try {
    const first = await startTestService(config);
    let edit: RescanResult;
    try {
      await until(async () => (await bucketStatus(first.url)).state === 'ok', 'the first publish');
      relay.up = false;
      retitle(posts, '2024-03-22-metro-line-5.md', 'Metro line five, before the restart');
      edit = await first.rescanner.trigger('edit while the bucket is away');
      assert.ok(edit.ok);
      await until(async () => (await bucketStatus(first.url)).state === 'failed', 'the upload to fail', 30_000);
    } finally {
      await first.close();
    }
    assert.equal(hub.received.length, 0, 'nothing pinged before the stop');

    // The same posts at the restart: its rescan changes nothing it knows of, but the bucket is behind.
    relay.up = true;
    const second = await startTestService(config);
    try {
      const expected = edit.changed
        .filter(isFeedPath)
        .map((f) => new URL(f.slice(1), PUBLIC).href)
        .sort();
      assert.ok(expected.length > 0);
      await until(() => hub.accepted.length === expected.length, `${expected.length} pings`, 30_000);
      assert.deepEqual(hub.acceptedUrls(), expected);
      for (const [url, text] of found) assert.match(await text, /Metro line five, before the restart/, `${url} held the edit when pinged`);
      assert.equal((await bucketStatus(second.url)).lastSuccess?.uploaded, edit.changed.length, 'the upload carried the edit');
    } finally {
      await second.close();
    }

    // A restart with the bucket in step uploads and pings nothing.
    const third = await startTestService(config);
    try {
      await until(async () => (await bucketStatus(third.url)).state === 'ok', 'the publish at start');
      assert.equal((await bucketStatus(third.url)).lastSuccess?.uploaded, 0);
      // Some time for a ping to show up, had one been sent.
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(hub.received.length, edit.changed.filter(isFeedPath).length, 'no new ping');
    } finally {
      await third.close();
    }
  } finally {
    await hub.close();
    await relay.close();
  }
});

function readdirPosts(posts: string): string[] {
  return readdirSync(posts)
    .filter((f) => f.endsWith('.md'))
    .sort();
}
