// RedisLink against a real redis-server: every call is bounded, a frozen Redis (SIGSTOP) holds no call
// and no close, a Redis that comes late is joined (pub/sub included), and no password reaches a log line.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { RedisLink } from '../../src/cluster/redis-link.js';
import { createLogger } from '../../src/log.js';
import { HAVE_REDIS, TestRedis } from '../helpers/redis.js';
import { until } from '../helpers/until.js';

const CHANNEL = 'link-test:triggers';

/** A link and what it logged and heard. */
function open(url: string): { link: RedisLink; lines: string[]; heard: string[]; ups: number[] } {
  const lines: string[] = [];
  const heard: string[] = [];
  const ups: number[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const link = new RedisLink({
    url,
    log: createLogger('info', sink),
    channel: CHANNEL,
    onMessage: (m) => heard.push(m),
    onReconnect: () => undefined,
    onUp: () => ups.push(1),
  });
  return { link, lines, heard, ups };
}

describe('RedisLink', { skip: HAVE_REDIS ? false : 'needs redis-server (Debian redis-server)' }, () => {
  let redis: TestRedis;
  before(async () => {
    redis = await TestRedis.start();
  });
  after(async () => {
    redis.resume();
    await redis.stop();
  });

  test('a call is bounded as a whole, not only per command: one that never ends answers undefined', { timeout: 20_000 }, async () => {
    const { link, lines } = open(redis.url);
    try {
      await until(() => link.up, 'the link up');
      // As a refresh whose every command Redis answers just in time: each within the command timeout, never done.
      assert.equal(await link.call(() => new Promise<never>(() => undefined)), undefined);
      assert.equal(lines.filter((l) => l.includes('too slow')).length, 1);
      assert.equal(await link.call((cmd) => cmd.ping(), true), 'PONG', 'a command in time again');
      assert.equal(link.usable, true);
    } finally {
      await link.close();
    }
  });

  test('Redis frozen while up: a call answers undefined and close() returns, both while it is still frozen', { timeout: 20_000 }, async () => {
    const { link, lines } = open(redis.url);
    await until(() => link.up, 'the link up');
    assert.equal(await link.call((cmd) => cmd.ping()), 'PONG');
    redis.pause();
    try {
      assert.equal(await link.call((cmd) => cmd.ping()), undefined);
      assert.equal(link.usable, false);
      assert.equal(await link.call((cmd) => cmd.ping()), undefined, 'skipped at once while slow');
      await link.close();
      assert.equal(await link.call((cmd) => cmd.ping()), undefined, 'nothing after close');
      assert.equal(lines.filter((l) => l.includes('too slow')).length, 1);
    } finally {
      redis.resume();
    }
  });

  test('Redis frozen before the link starts: it is not up, says so once, and close() returns while frozen', { timeout: 20_000 }, async () => {
    redis.pause();
    try {
      const { link, lines } = open(redis.url);
      // The TCP connect succeeds (the kernel accepts); the ready check is what never answers.
      await until(() => lines.some((l) => l.includes('Redis is unreachable')), 'the warning', 10_000);
      assert.equal(link.up, false);
      assert.equal(await link.call((cmd) => cmd.ping()), undefined);
      await link.close();
      assert.equal(lines.filter((l) => l.includes('Redis is unreachable')).length, 1);
    } finally {
      redis.resume();
    }
  });

  // Issue 23's sibling: the first SUBSCRIBE was dropped with the failed first attempt, and a replica started
  // while Redis was down announced itself, was waited for by every ?wait=all, and never heard a trigger.
  test('Redis absent at start and frozen for a while: once it answers, the link is up and hears the channel', { timeout: 40_000 }, async () => {
    await redis.kill();
    const { link, heard } = open(redis.url);
    try {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await redis.restart();
      redis.pause();
      await new Promise((resolve) => setTimeout(resolve, 1500));
      redis.resume();
      await until(() => link.up, 'the link up', 15_000);
      const raw = new Redis(redis.url);
      try {
        await until(async () => (await raw.publish(CHANNEL, 'hello')) > 0 && heard.includes('hello'), 'the message heard', 10_000, 200);
      } finally {
        raw.disconnect();
      }
    } finally {
      await link.close();
    }
  });
});

describe('RedisLink and secrets', { skip: HAVE_REDIS ? false : 'needs redis-server (Debian redis-server)' }, () => {
  const PASSWORD = 'hunter2-s3cret';
  let redis: TestRedis;
  before(async () => {
    redis = await TestRedis.start(['--requirepass', PASSWORD]);
  });
  after(async () => {
    await redis.stop();
  });

  test('a wrong password, a right one, one in the query: no log line and no `where` shows it', async () => {
    const url = (password: string, query = false): string =>
      query ? `redis://127.0.0.1:${redis.port}/0?password=${password}` : `redis://:${password}@127.0.0.1:${redis.port}/0`;
    const wrong = open(url(`${PASSWORD}-wrong`));
    await until(() => wrong.lines.some((l) => l.includes('Redis is unreachable')), 'the warning');
    await wrong.link.close();
    for (const u of [url(PASSWORD), url(PASSWORD, true)]) {
      const right = open(u);
      await until(() => right.link.up, 'the link up');
      assert.equal(right.link.where, `127.0.0.1:${redis.port}`);
      await right.link.close();
      assert.doesNotMatch(right.lines.join('\n'), /hunter2/);
    }
    assert.match(wrong.lines.join('\n'), /WRONGPASS|invalid/);
    assert.doesNotMatch(wrong.lines.join('\n'), /hunter2/);
  });
});
