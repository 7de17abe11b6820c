// The rescan lifecycle end to end: a real service over a temporary posts folder.
import assert from 'node:assert/strict';
import { renameSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { PostsDirError } from '../../src/errors.js';
import type { Service } from '../../src/service.js';
import { Rescanner } from '../../src/rescan/rescanner.js';
import { SnapshotStore } from '../../src/snapshot/store.js';
import { testConfig } from '../helpers/config.js';
import { FakeClock } from '../helpers/clock.js';
import { until } from '../helpers/until.js';
import { PostsDir } from '../helpers/posts-dir.js';
import { get, startTestService } from '../helpers/service.js';
import { atomEntries, rssItems } from '../helpers/xml.js';

const FEEDS = ['rss.xml', 'atom.xml', 'feed.json'];
const under = (...dirs: string[]): string[] => dirs.flatMap((d) => FEEDS.map((f) => d + f));
const sorted = (...groups: string[][]): string[] => groups.flat().sort();

describe('rescans through the running service', () => {
  const posts = new PostsDir();
  let service: Service;
  let base = '';

  before(async () => {
    posts.post('2024-03-01-one.md', { title: 'One', date: '2024-03-01 09:00:00 +0800', categories: 'news', tags: ['a', 'b'] });
    posts.post('2024-03-02-two.md', { title: 'Two', date: '2024-03-02 09:00:00 +0800', categories: 'sport', tags: ['b'] });
    posts.write('broken.md', '---\ntitle: [unclosed\ndate: 2024-03-03\n---\nbody');
    service = await startTestService(testConfig(posts.dir));
    base = service.url.replace(/\/$/, '');
  });
  after(async () => {
    await service.close();
    posts.cleanup();
  });

  test('the first scan publishes good posts and reports the broken one with path, line and reason', async () => {
    const last = service.rescanner.last;
    assert.ok(last?.ok);
    assert.equal(last.posts, 2);
    assert.deepEqual(
      last.problems.map((p) => [p.path, p.line, p.code]),
      [['broken.md', 3, 'FW_POST_BAD_YAML']],
    );
    assert.deepEqual(
      rssItems((await get(`${base}/rss.xml`)).text).map((i) => i.title),
      ['Two', 'One'],
    );
  });

  test('a rescan with no change leaves every document, ETag and generation content the same', async () => {
    const before = service.store.current;
    const result = await service.rescanner.trigger('test');
    assert.deepEqual(result.changed, []);
    assert.equal(result.parsed, 0);
    assert.equal(result.rendered, 0);
    for (const [path, entry] of service.store.current?.entries ?? []) {
      assert.equal(entry.etags.identity, before?.entries.get(path)?.etags.identity);
    }
  });

  test('adding a post changes exactly the feeds and pages of the site, its category and tags, and the OPML', async () => {
    posts.post('2024-03-05-three.md', { title: 'Three', date: '2024-03-05 09:00:00 +0800', categories: 'news', tags: ['c'] });
    const result = await service.rescanner.trigger('test');
    // The index and the lists show each scope's count and newest date.
    const pages = ['/', '/categories/', '/categories/news/', '/tags/', '/tags/c/'];
    assert.deepEqual(result.changed, sorted(under('/', '/categories/news/', '/tags/c/'), pages, ['/feeds.opml']));
    const tag = await get(`${base}/tags/c/atom.xml`);
    assert.equal(tag.status, 200);
    assert.deepEqual(
      atomEntries(tag.text).map((e) => (e.title as { '#text': string })['#text']),
      ['Three'],
    );
  });

  test('editing a post changes the feeds it is in, and nothing stale is served', async () => {
    const etag = (await get(`${base}/tags/a/rss.xml`)).headers.get('etag') ?? '';
    posts.post('2024-03-01-one.md', { title: 'One, edited', date: '2024-03-01 09:00:00 +0800', categories: 'news', tags: ['a', 'b'] });
    const result = await service.rescanner.trigger('test');
    // The scope pages show the title, and so does the index (the site's newest posts); the lists show
    // names, counts and dates, none of which changed.
    const pages = ['/', '/categories/news/', '/tags/a/', '/tags/b/'];
    assert.deepEqual(result.changed, sorted(under('/', '/categories/news/', '/tags/a/', '/tags/b/'), pages));
    const res = await get(`${base}/tags/a/rss.xml`, { 'if-none-match': etag });
    assert.equal(res.status, 200);
    assert.deepEqual(
      rssItems(res.text).map((i) => i.title),
      ['One, edited'],
    );
  });

  test('deleting a post removes it, and a scope left empty is gone (404)', async () => {
    posts.remove('2024-03-05-three.md');
    const result = await service.rescanner.trigger('test');
    // The index and the lists show each scope's count and newest date.
    const pages = ['/', '/categories/', '/categories/news/', '/tags/', '/tags/c/'];
    assert.deepEqual(result.changed, sorted(under('/', '/categories/news/', '/tags/c/'), pages, ['/feeds.opml']));
    assert.equal((await get(`${base}/tags/c/rss.xml`)).status, 404);
    assert.equal((await get(`${base}/tags/c/`)).status, 404);
  });

  test('fixing the broken post publishes it and clears the problem', async () => {
    posts.post('broken.md', { title: 'Fixed', date: '2024-03-03 09:00:00 +0800', tags: 'b' });
    const result = await service.rescanner.trigger('test');
    assert.deepEqual(result.problems, []);
    assert.equal(result.posts, 3);
  });

  test('the posts folder going away keeps the last good snapshot; its return recovers', async () => {
    const served = service.store.current;
    const moved = `${posts.dir}-away`;
    renameSync(posts.dir, moved);
    try {
      const result = await service.rescanner.trigger('test');
      assert.equal(result.ok, false);
      assert.equal(result.problems[0]?.code, 'FW_POSTS_DIR_UNREADABLE');
      assert.equal(service.store.current, served);
      assert.equal((await get(`${base}/rss.xml`)).status, 200);
    } finally {
      renameSync(moved, posts.dir);
    }
    const back = await service.rescanner.trigger('test');
    assert.equal(back.ok, true);
    assert.deepEqual(back.changed, []);
  });
});

test('triggers during a rescan coalesce into one running and one queued rescan', async () => {
  const posts = new PostsDir();
  try {
    for (let i = 0; i < 30; i++) posts.post(`p${i}.md`, { title: `P${i}`, tags: [`t${i % 5}`] });
    const rescanner = new Rescanner({ config: testConfig(posts.dir), store: new SnapshotStore() });
    const burst = Array.from({ length: 100 }, (_, i) => rescanner.trigger(`burst ${i}`));
    const results = await Promise.all(burst);
    assert.equal(rescanner.runs, 2);
    assert.equal(new Set(results).size, 2);
    assert.equal(results[0]?.reason, 'burst 0');
    // Every caller after the first gets the queued run, which started after its call.
    assert.ok(results.slice(1).every((r) => r === results[1]));
  } finally {
    posts.cleanup();
  }
});

test('triggers spread over a second, each after the last rescan ended, still run at most two rescans', async () => {
  const posts = new PostsDir();
  try {
    posts.post('p.md', { title: 'P' });
    // The spacing reads an injected clock: this second passes in no time.
    const clock = new FakeClock();
    const rescanner = new Rescanner({ config: testConfig(posts.dir, { rescan: { minIntervalMs: 1000 } }), store: new SnapshotStore(), spacing: clock });
    const calls: Promise<unknown>[] = [rescanner.trigger('spread 0')];
    await calls[0];
    for (let i = 1; i < 20; i++) {
      clock.advance(25);
      calls.push(rescanner.trigger(`spread ${i}`));
    }
    // 475 ms in: the second rescan waits for its spacing, and every trigger since the first joined it.
    await until(() => clock.waiting === 1, 'the queued rescan to wait for its spacing');
    assert.equal(rescanner.runs, 1);
    clock.advance(525);
    await Promise.all(calls);
    assert.equal(rescanner.runs, 2);
    // The spacing delays a rescan; it never drops one: a later trigger still gets a rescan after it.
    const later = rescanner.trigger('later');
    await until(() => clock.waiting === 1, 'the later rescan to wait for its spacing');
    clock.advance(1000);
    assert.equal((await later).reason, 'later');
    assert.equal(rescanner.runs, 3);
  } finally {
    posts.cleanup();
  }
});

test("the schedule's check does not count for the spacing: an edit heard just after it is rescanned at once", async () => {
  const posts = new PostsDir();
  try {
    posts.post('p.md', { title: 'P' });
    const clock = new FakeClock();
    const rescanner = new Rescanner({ config: testConfig(posts.dir, { rescan: { minIntervalMs: 1000 } }), store: new SnapshotStore(), spacing: clock });
    try {
      await rescanner.trigger('start');
      clock.advance(5000);
      await rescanner.check('schedule');
      assert.equal(rescanner.runs, 2);
      posts.post('p.md', { title: 'P, edited' });
      const pending = rescanner.trigger('watch', ['p.md']);
      await new Promise((resolve) => setImmediate(resolve));
      const waited = clock.waiting;
      // Either way the test ends: a rescan that waits for the spacing is let go, and the assertion says so.
      if (waited > 0) clock.advance(1000);
      const edit = await pending;
      assert.equal(waited, 0, 'the edit waited for the spacing of the check');
      assert.deepEqual([edit.reason, edit.changed.includes('/rss.xml'), rescanner.runs], ['watch', true, 3]);
      // The edit's rescan counts: the next trigger waits for its spacing again.
      const next = rescanner.trigger('webhook');
      await until(() => clock.waiting === 1, 'the next rescan to wait for its spacing');
      clock.advance(1000);
      assert.equal((await next).reason, 'webhook');
    } finally {
      await rescanner.close();
    }
  } finally {
    posts.cleanup();
  }
});

test('a missing posts folder at start is a clear error, not a stack trace', async () => {
  const config = testConfig('/nonexistent/feedwright-posts');
  await assert.rejects(startTestService(config), (err: unknown) => {
    assert.ok(err instanceof PostsDirError);
    assert.match(err.message, /posts folder not found: \/nonexistent\/feedwright-posts/);
    return true;
  });
});
