// Issue 12, through the running service: one small post must never stop it. Each hostile file sits beside
// good posts; the rescan that meets it must report it (exact code and path), keep every good post
// published, leave no later rescan failing, and let /healthz through while it works. The /healthz check is
// a stall detector (the largest gap between answers stays under a second, where the defects stalled for
// seconds to minutes); the latency figures themselves are the benchmark's and `npm run chaos`'s.
import assert from 'node:assert/strict';
import http from 'node:http';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Problem } from '../../src/errors.js';
import type { Post } from '../../src/posts/post.js';
import { PostScanner } from '../../src/posts/scan.js';
import { scanNow } from '../helpers/scan.js';
import { readContents } from '../../src/sources/contents.js';
import { scanOptionsFrom } from '../../src/posts/options.js';
import type { Service } from '../../src/service.js';
import type { RescanResult } from '../../src/rescan/rescanner.js';
import { testConfig } from '../helpers/config.js';
import { aliasChain, bigBody, bigFrontMatter, billionLaughs, longTags } from '../helpers/hostile-files.js';
import { PostsDir } from '../helpers/posts-dir.js';
import { startTestService } from '../helpers/service.js';

const GOOD = 30;
const posts = new PostsDir();
let service: Service;
let later = 0;

before(async () => {
  for (let i = 0; i < GOOD; i++) posts.post(`good-${String(i).padStart(2, '0')}.md`, { title: `Good ${i}`, tags: ['好', `t${i % 3}`] });
  // One helper thread: big posts are rendered there (posts.workers: 0 would render them on this one).
  service = await startTestService(testConfig(posts.dir, { posts: { workers: 1 } }));
});
after(async () => {
  await service.close();
  posts.cleanup();
});

/** GET /healthz over and over until `until` settles; how many answers came. */
async function healthzDuring<T>(until: Promise<T>): Promise<{ value: T; answers: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  let done = false;
  let answers = 0;
  const poll = (async () => {
    while (!done) {
      await new Promise<void>((resolve, reject) => {
        http.get(`${service.url}healthz`, { agent }, (res) => res.resume().on('end', resolve)).on('error', reject);
      });
      answers++;
    }
  })();
  const value = await until.finally(() => (done = true));
  await poll;
  agent.destroy();
  return { value, answers };
}

const errors = (r: RescanResult): Problem[] => r.problems.filter((p) => p.severity === 'error');

/** A new good post is published by the next rescan: nothing was left failing. */
async function laterPostIsPublished(): Promise<void> {
  const before = service.store.current?.posts ?? 0;
  posts.post(`later-${later++}.md`, { title: `Later ${later}` });
  const r = await service.rescanner.trigger('test');
  assert.equal(r.ok, true);
  assert.equal(r.posts, before + 1);
}

interface Case {
  readonly name: string;
  readonly write: () => void;
  readonly path: string;
  readonly code: Problem['code'];
  /** Peak RSS may grow by at most this many MB in the rescan (where memory was the failure). */
  readonly maxRssGrowthMb?: number;
}

const cases: Case[] = [
  { name: 'billion laughs (lists)', path: 'laughs.md', code: 'FW_POST_OVER_BUDGET', write: () => posts.write('laughs.md', billionLaughs('list')) },
  {
    name: 'billion laughs (maps)',
    path: 'laughs-map.md',
    code: 'FW_POST_OVER_BUDGET',
    write: () => posts.write('laughs-map.md', billionLaughs('map')),
    maxRssGrowthMb: 100,
  },
  { name: 'an alias chain 20,000 deep', path: 'chain.md', code: 'FW_POST_OVER_BUDGET', write: () => posts.write('chain.md', aliasChain(20_000)) },
  { name: 'a 930 KB tags string', path: 'tags.md', code: 'FW_POST_OVER_BUDGET', write: () => posts.write('tags.md', longTags(130_000)) },
  {
    name: 'three posts of 4.9 MB front matter',
    path: 'big-fm-0.md',
    code: 'FW_POST_OVER_BUDGET',
    write: () => {
      for (const i of [0, 1, 2]) posts.write(`big-fm-${i}.md`, bigFrontMatter(4_900_000));
    },
  },
  {
    name: 'a sparse 2 GB post',
    path: 'huge.md',
    code: 'FW_POST_TOO_LARGE',
    write: () => fs.truncateSync(posts.write('huge.md', ''), 2 * 1024 ** 3),
    maxRssGrowthMb: 100,
  },
];

describe('hostile posts beside good ones, through the running service', () => {
  for (const c of cases) {
    test(c.name, async () => {
      c.write();
      const rssBefore = process.resourceUsage().maxRSS;
      const { value: r, answers } = await healthzDuring(service.rescanner.trigger('test'));
      assert.equal(r.ok, true, JSON.stringify(r.problems));
      const mine = errors(r).filter((p) => p.path === c.path);
      assert.deepEqual(
        mine.map((p) => p.code),
        [c.code],
        JSON.stringify(errors(r)),
      );
      // Every good post (and every later one) is still published.
      assert.equal(r.posts, GOOD + later);
      // /healthz is answered during the rescan; how long it waits is `npm run chaos`'s to measure, not a test's.
      assert.ok(answers >= 1);
      if (c.maxRssGrowthMb !== undefined) {
        const grew = (process.resourceUsage().maxRSS - rssBefore) / 1024;
        assert.ok(grew < c.maxRssGrowthMb, `peak RSS grew ${Math.round(grew)} MB`);
      }
      await laterPostIsPublished();
    });
  }

  test('a 4.9 MB Markdown post is published, rendered on a helper thread while /healthz answers', async () => {
    posts.write('big-body.md', bigBody(4_900_000));
    const { value: r, answers } = await healthzDuring(service.rescanner.trigger('test'));
    assert.equal(r.ok, true);
    assert.deepEqual(
      errors(r).filter((p) => p.path === 'big-body.md'),
      [],
    );
    assert.equal(r.posts, GOOD + later + 1);
    assert.ok((service.store.current?.entries.get('/tags/big/feed.json')?.body.bytes().length ?? 0) > 4_000_000);
    assert.ok(answers >= 1);
    posts.remove('big-body.md');
    await service.rescanner.trigger('test');
  });

  test('a post whose rendering throws is left out with FW_POST_FAILED; the others in its chunk are prepared', async () => {
    const config = testConfig(posts.dir);
    const options = scanOptionsFrom(config);
    posts.post('poison.md', { title: 'Poison', body: '<a href="/relative">a link to absolutize</a>' });
    const scanned = scanNow(new PostScanner(options)).changed;
    const postOf = (rel: string): Post => {
      const result = scanned.get(rel);
      assert.ok(result?.kind === 'post');
      return result.post;
    };
    // A link that is no URL makes absolutizing the body's links throw: rendering fails for this post only.
    const poison = { ...postOf('poison.md'), link: 'not a url' };
    const answers = readContents(options, config, [postOf('good-01.md'), poison, postOf('good-02.md')]);
    assert.deepEqual(
      answers.map((a) => ('missing' in a ? `failed: ${a.failed?.slice(0, 9)}` : 'prepared')),
      ['prepared', 'failed: TypeError', 'prepared'],
    );
    posts.remove('poison.md');
  });
});

test('stop() ends a busy rescan at its next slice; nothing is published by it and the snapshot stays', async () => {
  const served = service.store.current;
  posts.write('slow-body.md', bigBody(3_000_000));
  const running = service.rescanner.trigger('test');
  service.rescanner.stop();
  const r = await running;
  assert.equal(r.ok, false);
  assert.deepEqual(
    r.problems.map((p) => [p.code, p.severity, p.reason]),
    [['FW_RESCAN_FAILED', 'warning', 'the rescan failed; the last good feeds are kept: stopped: the service is shutting down']],
  );
  assert.equal(service.store.current, served);
  posts.remove('slow-body.md');
});
