// Three replicas over one posts folder, coordinated through a real redis-server: a webhook to one reaches
// all, ?wait=all answers for all, the hub hears one ping per changed feed, failed webhook calls are counted
// across replicas, Redis killed and back, a replica stopped and started again.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { Redis } from 'ioredis';
import { after, before, describe, test } from 'node:test';
import type { ConfigInput } from '../../src/config/schema.js';
import { createLogger } from '../../src/log.js';
import { startService, type Service } from '../../src/service.js';
import { testConfig, testConfigFile } from '../helpers/config.js';
import { TestHub } from '../helpers/hub.js';
import { sample } from '../helpers/metrics.js';
import { PostsDir } from '../helpers/posts-dir.js';
import { HAVE_REDIS, TestRedis } from '../helpers/redis.js';
import { request } from '../helpers/request.js';
import { get } from '../helpers/service.js';
import { until } from '../helpers/until.js';

const SECRET = 'cluster-webhook-secret-0123456789';
const BEARER = { authorization: `Bearer ${SECRET}` };

interface ClusterStatus {
  readonly id: string;
  readonly snapshotId: string | null;
  readonly current: boolean;
  readonly redis: { readonly connected: boolean };
  readonly replicas: readonly { readonly id: string; readonly snapshotId: string | null }[];
}

/** A replica and the log lines it wrote (to count the warnings per state change). */
interface Replica {
  readonly service: Service;
  readonly lines: string[];
  /** The reason of every rescan it ran. */
  readonly reasons: string[];
}

describe('several replicas through Redis', { skip: HAVE_REDIS ? false : 'needs redis-server (Debian redis-server)' }, () => {
  const posts = new PostsDir();
  let redis: TestRedis;
  let hub: TestHub;
  let config: ConfigInput;
  const replicas: Replica[] = [];

  const start = async (): Promise<Replica> => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    const service = await startService(testConfig(posts.dir, config), createLogger('info', sink), { schedule: false, processMetrics: false });
    const reasons: string[] = [];
    service.rescanner.on('rescan', (r) => reasons.push(r.reason));
    return { service, lines, reasons };
  };
  const statusAt = async (url: string): Promise<ClusterStatus> => (JSON.parse((await get(`${url}status`)).text) as { cluster: ClusterStatus }).cluster;
  const status = (r: Replica): Promise<ClusterStatus> => statusAt(r.service.url);
  const hook = (r: Replica, query = ''): Promise<{ status: number; text: string }> => request(`${r.service.url}hooks/rebuild${query}`, { headers: BEARER });
  const titles = async (r: Replica): Promise<string> => (await get(`${r.service.url}rss.xml`)).text;
  const allServe = (title: string, among: readonly Replica[] = replicas): Promise<void> =>
    until(async () => (await Promise.all(among.map(titles))).every((t) => t.includes(title)), `every replica to serve "${title}"`, 10_000);
  const allSee = (n: number): Promise<void> =>
    until(async () => (await Promise.all(replicas.map(status))).every((s) => s.replicas.length === n), `every replica to list ${n} replicas`, 10_000);

  before(async () => {
    redis = await TestRedis.start();
    hub = await TestHub.start();
    posts.post('2024-03-01-one.md', { title: 'One', date: '2024-03-01 09:00:00 +0800', categories: 'news', tags: ['a'] });
    config = {
      webhook: { secret: SECRET, rateLimit: { failures: 3, blockSeconds: 60 } },
      websub: { hubs: [hub.url], retries: 0 },
      cluster: { redisUrl: redis.url, prefix: `t${process.pid}`, announceSeconds: 1, waitSeconds: 3 },
      diskCache: { enabled: false },
    };
    for (let i = 0; i < 3; i++) replicas.push(await start());
    await allSee(3);
  });
  after(async () => {
    await Promise.all(replicas.map((r) => r.service.close()));
    await hub.close();
    await redis.stop();
    posts.cleanup();
  });

  test('a webhook with ?wait=all to one: all three swap, with equal snapshot ids and ETags; the hub hears one ping per changed feed', async () => {
    const [a, b, c] = replicas as [Replica, Replica, Replica];
    posts.post('2024-03-02-two.md', { title: 'Two', date: '2024-03-02 09:00:00 +0800', categories: 'news', tags: ['b'] });
    const t0 = performance.now();
    const res = await hook(a, '?wait=all');
    const ms = Math.round(performance.now() - t0);
    assert.equal(res.status, 200, res.text);
    const body = JSON.parse(res.text) as {
      status: string;
      same: boolean;
      replicas: { id: string; snapshotId: string }[];
      missing: string[];
      rescan: { changed: string[] };
    };
    assert.equal(body.status, 'swapped');
    assert.equal(body.same, true);
    assert.deepEqual(body.missing, []);
    assert.deepEqual(body.replicas.map((r) => r.id).sort(), (await Promise.all(replicas.map(status))).map((s) => s.id).sort());
    console.log(`wait=all over 3 replicas answered in ${ms} ms`);

    // Every replica serves the new post, with the same bytes.
    for (const path of ['rss.xml', 'atom.xml', 'feed.json', 'tags/b/rss.xml']) {
      const answers = await Promise.all([a, b, c].map((r) => get(`${r.service.url}${path}`)));
      assert.ok(
        answers.every((x) => x.status === 200 && x.text.includes('Two')),
        path,
      );
      assert.equal(new Set(answers.map((x) => x.headers.get('etag'))).size, 1, `${path}: one ETag across replicas`);
    }
    const ids = await Promise.all(replicas.map(status));
    assert.equal(new Set(ids.map((s) => s.snapshotId)).size, 1);
    assert.match(ids[0]?.snapshotId ?? '', /^[A-Za-z0-9_-]{16}$/);
    assert.deepEqual(
      body.replicas.map((r) => r.snapshotId),
      ids.map((s) => s.snapshotId),
    );

    // One ping per changed feed, from whichever replica won it (pings run in the background).
    const changed = body.rescan.changed;
    assert.ok(changed.length >= 6, `changed feeds: ${changed.join(' ')}`);
    await until(() => hub.received.length >= changed.length, 'the pings', 5000);
    await Promise.all(replicas.map((r) => r.service.notifier.idle()));
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.deepEqual(hub.received.map((p) => p.url ?? '').sort(), [...changed].sort());

    // /metrics: three replicas, this one current.
    await until(async () => (await sample(a.service.metrics, 'feedwright_replicas')) === 3, 'feedwright_replicas 3');
    assert.equal(await sample(a.service.metrics, 'feedwright_snapshot_current'), 1);
  });

  test('a webhook without waiting, to another replica, reaches all three', async () => {
    const pings = hub.received.length;
    posts.post('2024-03-03-three.md', { title: 'Three', date: '2024-03-03 09:00:00 +0800' });
    const res = await hook(replicas[1] as Replica);
    assert.equal(res.status, 202);
    await allServe('Three');
    await Promise.all(replicas.map((r) => r.service.rescanner.idle()));
    await Promise.all(replicas.map((r) => r.service.notifier.idle()));
    const urls = hub.received.slice(pings).map((p) => p.url);
    assert.equal(new Set(urls).size, urls.length, `no feed pinged twice: ${urls.join(' ')}`);
  });

  test('failed webhook calls are counted across replicas: the third failure anywhere blocks the address everywhere', async () => {
    const [a, b, c] = replicas as [Replica, Replica, Replica];
    const wrong = { authorization: 'Bearer not-the-secret-0000000000' };
    assert.equal((await request(`${a.service.url}hooks/rebuild`, { headers: wrong, localAddress: '127.0.0.9' })).status, 401);
    assert.equal((await request(`${b.service.url}hooks/rebuild`, { headers: wrong, localAddress: '127.0.0.9' })).status, 401);
    assert.equal((await request(`${c.service.url}hooks/rebuild`, { headers: wrong, localAddress: '127.0.0.9' })).status, 401);
    // Each replica saw at most two failures itself; the cluster saw three.
    const res = await request(`${a.service.url}hooks/rebuild`, { headers: BEARER, localAddress: '127.0.0.9' });
    assert.equal(res.status, 429);
    assert.ok(Number(res.headers.get('retry-after')) > 0);
  });

  test('Redis killed: every replica serves and takes its own webhook; one warning each; back: a webhook reaches all again', async () => {
    await redis.kill();
    await until(async () => (await Promise.all(replicas.map(status))).every((s) => !s.redis.connected), 'every replica to see Redis gone');
    posts.post('2024-03-04-four.md', { title: 'Four', date: '2024-03-04 09:00:00 +0800' });
    for (const r of replicas) {
      const t0 = performance.now();
      const res = await hook(r, '?wait=1');
      assert.equal(res.status, 200, res.text);
      assert.ok(performance.now() - t0 < 3000, 'a webhook does not wait on the missing Redis');
      assert.ok((await titles(r)).includes('Four'));
      assert.equal((await get(`${r.service.url}readyz`)).status, 200);
    }
    // The address the cluster blocked is each replica's own business again: one failure each is under the limit.
    for (const r of replicas) assert.equal((await request(`${r.service.url}hooks/rebuild`, { headers: BEARER, localAddress: '127.0.0.9' })).status, 202);
    // ?wait=all cannot know about the others: says so at once instead of hanging.
    const all = await hook(replicas[0] as Replica, '?wait=all');
    assert.equal(all.status, 504);
    assert.match(all.text, /redis-unavailable/);
    // Several reconnect attempts fail meanwhile; still one warning per replica.
    await new Promise((resolve) => setTimeout(resolve, 1500));

    await redis.restart();
    await until(async () => (await Promise.all(replicas.map(status))).every((s) => s.redis.connected), 'every replica to reconnect', 10_000);
    for (const r of replicas) {
      assert.equal(r.lines.filter((l) => l.includes('Redis is unreachable')).length, 1, 'one warning per state change');
      assert.equal(r.lines.filter((l) => l.includes('Redis is back')).length, 1);
      // The trigger lost while Redis was gone is made up for by one rescan.
      await until(() => r.reasons.includes('cluster-reconnect'), 'the catch-up rescan');
      assert.equal(r.reasons.filter((x) => x === 'cluster-reconnect').length, 1);
    }
    await allSee(3);
    posts.post('2024-03-05-five.md', { title: 'Five', date: '2024-03-05 09:00:00 +0800' });
    assert.equal((await hook(replicas[2] as Replica)).status, 202);
    await allServe('Five');
  });

  test('Redis stuck (SIGSTOP): every replica takes its own webhook within the command timeout, one warning each; ?wait=all, /status, a start and a stop wait on nothing; back: in step again', {
    timeout: 60_000,
  }, async () => {
    const warned = replicas.map((r) => r.lines.filter((l) => l.includes('too slow')).length);
    redis.pause();
    try {
      posts.post('2024-03-05-slow.md', { title: 'Slow', date: '2024-03-05 12:00:00 +0800' });
      for (const r of replicas) {
        const t0 = performance.now();
        const res = await hook(r, '?wait=1');
        const ms = Math.round(performance.now() - t0);
        assert.equal(res.status, 200, res.text);
        assert.ok(ms < 3000, `a webhook waited ${ms} ms on a stuck Redis`);
        assert.ok((await titles(r)).includes('Slow'));
        console.log(`webhook with Redis stuck answered in ${ms} ms`);
      }
      // Each one's announcer notices within a refresh plus the command timeout.
      await until(
        () => replicas.every((r, i) => r.lines.filter((l) => l.includes('too slow')).length === (warned[i] as number) + 1),
        'one "too slow" warning each',
        5000,
      );
      await new Promise((resolve) => setTimeout(resolve, 1000));
      assert.ok(
        replicas.every((r, i) => r.lines.filter((l) => l.includes('too slow')).length === (warned[i] as number) + 1),
        'still one each',
      );
      // Nothing waits on it (each of these returns while Redis is still stopped): ?wait=all says it cannot
      // know about the others, /status answers, a replica starts, serves and stops.
      const all = await hook(replicas[0] as Replica, '?wait=all');
      assert.equal(all.status, 504, all.text);
      assert.match(all.text, /redis-unavailable/);
      assert.equal((await get(`${(replicas[1] as Replica).service.url}status`)).status, 200);
      const extra = await start();
      assert.ok((await titles(extra)).includes('Slow'));
      assert.equal((await get(`${extra.service.url}healthz`)).status, 200);
      await extra.service.close();
    } finally {
      redis.resume();
    }
    await until(
      async () => (await Promise.all(replicas.map(status))).every((s) => s.redis.connected && (s.redis as { usable?: boolean }).usable === true),
      'Redis usable again',
    );
    posts.post('2024-03-05-fast.md', { title: 'Fast', date: '2024-03-05 13:00:00 +0800' });
    assert.equal((await hook(replicas[0] as Replica)).status, 202);
    await allServe('Fast');
  });

  test('a replica killed with SIGKILL: ?wait=all names it; it drops out when its key expires; started again it rejoins', async () => {
    const file = testConfigFile(posts.dir, config);
    const children: ChildProcess[] = [];
    const spawnReplica = async (): Promise<{ child: ChildProcess; url: string }> => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'tests/helpers/replica-main.ts', file], {
        cwd: `${import.meta.dirname}/../..`,
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      children.push(child);
      const line = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', resolve);
        child.once('exit', (code) => reject(new Error(`replica exited with ${code}`)));
      });
      return { child, url: (JSON.parse(line) as { url: string }).url };
    };
    const a = replicas[0] as Replica;
    try {
      const first = await spawnReplica();
      const id = (await statusAt(first.url)).id;
      await allSee(4);
      const gone = new Promise((resolve) => first.child.once('exit', resolve));
      first.child.kill('SIGKILL');
      await gone;
      // Its key is still there (refreshed a third of an expiry ago at most): it is waited for, and named.
      const res = await hook(a, '?wait=all');
      assert.equal(res.status, 504, res.text);
      assert.deepEqual((JSON.parse(res.text) as { missing: string[] }).missing, [id]);
      await allSee(3);

      const again = await spawnReplica();
      await allSee(4);
      posts.post('2024-03-05-seven.md', { title: 'Seven', date: '2024-03-05 14:00:00 +0800' });
      const all = await hook(a, '?wait=all');
      assert.equal(all.status, 200, all.text);
      assert.equal((JSON.parse(all.text) as { replicas: unknown[] }).replicas.length, 4);
      assert.ok((await get(`${again.url}rss.xml`)).text.includes('Seven'));
    } finally {
      for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    }
    await allSee(3);
  });

  test('a replica stopped and started again rejoins', async () => {
    const gone = replicas.pop() as Replica;
    await gone.service.close();
    // It leaves at once (its key is deleted), not after the key expires.
    await allSee(2);
    const back = await start();
    replicas.push(back);
    await allSee(3);
    posts.post('2024-03-06-six.md', { title: 'Six', date: '2024-03-06 09:00:00 +0800' });
    const res = await hook(back, '?wait=all');
    assert.equal(res.status, 200, res.text);
    assert.equal((JSON.parse(res.text) as { replicas: unknown[] }).replicas.length, 3);
    await allServe('Six');
  });

  test('entries no live replica renews do not count: a key without expiry, one expiring too late, one not a string (issue 23)', async () => {
    const raw = new Redis(redis.url);
    const key = (id: string): string => `${config.cluster?.prefix}:replica:${id}`;
    const entry = (id: string): string =>
      JSON.stringify({ id, version: '0', url: 'http://127.0.0.1:9/', startedAt: '2026-01-01T00:00:00.000Z', snapshotId: null, lastRescan: null, ok: true });
    try {
      // The ghost: a valid announcement, written by hand without expiry. Every ?wait=all was a 504.
      await raw.set(key('ghost'), entry('ghost'));
      // Written with a long expiry: nobody renews it, and nobody should wait an hour for it.
      await raw.set(key('late'), entry('late'), 'EX', 3600);
      // Not a string: must not make the reading fail (a failed reading is "Redis unavailable", a 504 too).
      await raw.hset(key('hash'), 'id', 'hash');
      await raw.expire(key('hash'), 3600);
      posts.post('2024-03-07-eight.md', { title: 'Eight', date: '2024-03-07 09:00:00 +0800' });
      const res = await hook(replicas[1] as Replica, '?wait=all');
      assert.equal(res.status, 200, res.text);
      const body = JSON.parse(res.text) as { replicas: { id: string }[]; missing: string[] };
      const ids = (await Promise.all(replicas.map(status))).map((s) => s.id).sort();
      assert.deepEqual(body.replicas.map((r) => r.id).sort(), ids);
      assert.deepEqual(body.missing, []);
      for (const r of replicas)
        assert.deepEqual(
          (await status(r)).replicas.map((x) => x.id),
          ids,
        );
      // The key without expiry is removed (no replica ever writes one); the others expire on their own.
      assert.equal(await raw.exists(key('ghost')), 0);
      assert.equal(await raw.exists(key('late')), 1);
      // Said by whoever removed it; the others are named once per replica, not at every refresh.
      await until(() => replicas.some((r) => r.lines.some((l) => /replica:ghost.*no expiry/.test(l))), 'the removal logged');
      await until(() => replicas.every((r) => r.lines.some((l) => /replica:late.*later than cluster\.announceSeconds/.test(l))), 'the late key named');
      await new Promise((resolve) => setTimeout(resolve, 1000));
      for (const r of replicas) assert.equal(r.lines.filter((l) => /replica:late/.test(l)).length, 1, 'one line per key and replica');
    } finally {
      await raw.del(key('ghost'), key('late'), key('hash'));
      raw.disconnect();
    }
  });
});
