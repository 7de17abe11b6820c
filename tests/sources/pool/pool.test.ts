// Helper threads share big scans and renders with the main thread: the snapshot and the problems are the
// very ones the main thread alone makes, also after edits; a helper that fails only costs time.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { loadConfig } from '../../../src/config/load.js';
import { liquidSite } from '../../../src/content/liquid/site.js';
import { SiteInputs, siteFilesAt } from '../../../src/sources/site-files.js';
import { SnapshotStore } from '../../../src/snapshot/store.js';
import { Pool } from '../../../src/sources/pool/pool.js';
import { FolderSource } from '../../../src/sources/post-source.js';
import { scanOptionsFrom } from '../../../src/posts/options.js';
import { Rescanner } from '../../../src/rescan/rescanner.js';
import { bytesOf, freshSnapshot } from '../../helpers/build.js';
import { testConfig } from '../../helpers/config.js';
import { PostsDir } from '../../helpers/posts-dir.js';

const posts = new PostsDir();
after(() => posts.cleanup());

// Enough files and shown posts that both the reading (50 a chunk) and the rendering (25) are shared.
const FILES = 260;

test('a helper thread and the main thread build the same snapshot as the main thread alone, also after edits', async () => {
  for (let i = 0; i < FILES; i++) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    const body = i % 2 ? `第 ${i} 段。\n\n[link](/p/${i}/) <http://example.cn/${i}>` : `<p>段落 ${i}</p><img src="//cdn.example.cn/${i}.png">`;
    posts.post(`p${String(i).padStart(3, '0')}.${i % 2 ? 'md' : 'html'}`, {
      title: `帖子 ${i}`,
      date: `2024-03-${day} 10:${String(i % 60).padStart(2, '0')}:00 +0800`,
      categories: `c${i % 9}`,
      tags: [`t${i % 40}`, 'C++'],
      body,
    });
  }
  posts.write('broken.md', '---\ntitle: [x\n---\n');
  const config = testConfig(posts.dir, { feeds: { limit: 30 } });
  const now = Date.parse('2024-06-01T00:00:00Z');
  const options = scanOptionsFrom(config);
  const helpers = new Pool({ options, config }, 1);
  helpers.warm();
  await helpers.ready();
  const store = new SnapshotStore();
  const rescanner = new Rescanner({ config, store, now: () => now, source: new FolderSource(options, config, helpers) });
  try {
    const first = await rescanner.trigger('test');
    assert.ok(helpers.helped > 0, 'the helper did no chunk');
    const alone = await freshSnapshot(config, now);
    assert.deepEqual(bytesOf(store.current), bytesOf(alone.snapshot));
    assert.deepEqual(first.problems, alone.result.problems);
    assert.equal(first.problems[0]?.code, 'FW_POST_BAD_YAML');

    posts.post('p003.md', { title: '改过的帖子', date: '2024-03-04 10:00:00 +0800', categories: 'c3', tags: ['t3'] });
    posts.remove('p005.md');
    const edited = await rescanner.trigger('test');
    assert.ok(edited.changed.includes('/tags/t3/rss.xml') && edited.changed.includes('/tags/t5/rss.xml'), edited.changed.join(' '));
    assert.deepEqual(bytesOf(store.current), bytesOf((await freshSnapshot(config, now)).snapshot));
  } finally {
    await rescanner.close();
  }
});

test('prepared posts from a helper are the very ones the main thread makes: Buffers, contents and items', async () => {
  const config = testConfig(posts.dir, { feeds: { limit: 30 } });
  const options = scanOptionsFrom(config);
  const helpers = new Pool({ options, config }, 1);
  helpers.warm();
  await helpers.ready();
  const shared = new FolderSource(options, config, helpers);
  const alone = new FolderSource(options, config);
  try {
    const delta = await shared.scan();
    const found = [...delta.changed.values()].flatMap((r) => (r.kind === 'post' ? [r.post] : []));
    assert.ok(found.length > 200, `${found.length} posts`);
    const before = helpers.helped;
    const answers = await shared.contents(found);
    assert.ok(helpers.helped > before, 'the helper prepared no chunk');
    assert.deepStrictEqual(answers, await alone.contents(found));
    for (const answer of answers) {
      assert.ok(!('missing' in answer));
      assert.ok(Buffer.isBuffer(answer.content.xml) && Buffer.isBuffer(answer.items.rss?.before.bytes));
    }
  } finally {
    await shared.close();
  }
});

test('a chunk a helper cannot do is done on the main thread, in order', async () => {
  const config = testConfig(posts.dir);
  const helpers = new Pool({ options: scanOptionsFrom(config), config }, 1);
  helpers.warm();
  await helpers.ready();
  try {
    const tasks = Array.from({ length: 100 }, (_, i) => i);
    let sent = 0;
    // The helper knows no such operation and says so; each chunk it was sent is redone here.
    const nonsense = (): never => {
      sent++;
      return { op: 'nonsense' } as never;
    };
    const out = await helpers.share(tasks, 10, (chunk) => chunk.map((n) => n * 2), nonsense);
    assert.deepEqual(
      out,
      tasks.map((n) => n * 2),
    );
    assert.ok(sent > 0, 'no chunk was sent to the helper');
    assert.equal(helpers.helped, 0);

    // A chunk that fails here too fails the job, once every chunk in flight has settled.
    const failing = (chunk: readonly number[]): number[] => {
      if (chunk.includes(55)) throw new Error('chunk 5 cannot be done');
      return [...chunk];
    };
    await assert.rejects(helpers.share(tasks, 10, failing, nonsense), /chunk 5 cannot be done/);
  } finally {
    await helpers.close();
  }
  // Closed, helpers start no thread again: the job runs here alone.
  assert.deepEqual(
    await helpers.share(
      [1, 2, 3, 4, 5],
      1,
      (c) => [...c],
      () => ({ op: 'read', files: [] }),
    ),
    [1, 2, 3, 4, 5],
  );
});

test('threads start by themselves only for a big job, and a small one is not shared with threads stopped', async () => {
  const config = testConfig(posts.dir);
  const helpers = new Pool({ options: scanOptionsFrom(config), config }, 1);
  try {
    const double = (chunk: readonly number[]): number[] => chunk.map((n) => n * 2);
    // Should a thread get a chunk, it refuses it and the chunk is done here: the results stay right.
    const read = (): never => ({ op: 'nonsense' }) as never;
    const small = Array.from({ length: 399 }, (_, i) => i);
    assert.deepEqual(
      await helpers.share(small, 1, double, read),
      small.map((n) => n * 2),
    );
    assert.equal(helpers.running, 0, 'a job of 399 chunks started a thread');
    const big = Array.from({ length: 400 }, (_, i) => i);
    assert.deepEqual(
      await helpers.share(big, 1, double, read),
      big.map((n) => n * 2),
    );
    assert.equal(helpers.running, 1, 'a job of 400 chunks started no thread');
  } finally {
    await helpers.close();
  }
  assert.equal(helpers.running, 0);
});

test("a helper renders posts' Liquid with the site the job sends it first, as the main thread does", async () => {
  const site = new PostsDir();
  try {
    site.write('_config.yml', 'title: Helpers\nurl: https://example.org\ntimezone: UTC\n');
    site.write('_data/v.yml', 'n: 7\n');
    site.write('_includes/i.html', '<i>{{ include.x }}</i>');
    for (let i = 0; i < 120; i++)
      site.write(
        `_posts/2024-01-${String(1 + (i % 28)).padStart(2, '0')}-p${i}.md`,
        `---\ntitle: P${i}\n---\n{{ site.data.v.n }} {% include i.html x=${i} %} {{ site.posts | size }}\n`,
      );
    const config = loadConfig({ env: { TZ: 'UTC' }, cwd: site.dir, overrides: { siteDir: site.dir } });
    const options = scanOptionsFrom(config);
    const helpers = new Pool({ options, config }, 1);
    helpers.warm();
    await helpers.ready();
    const shared = new FolderSource(options, config, helpers);
    const alone = new FolderSource(options, config);
    try {
      const delta = await shared.scan();
      const found = [...delta.changed.values()].flatMap((r) => (r.kind === 'post' ? [r.post] : []));
      const values = new SiteInputs(site.dir).read().values;
      const content = {
        liquid: liquidSite(values, found, { timeZone: 'UTC', siteUrl: config.site.url, markdownExtensions: ['md'] }),
        files: siteFilesAt(site.dir),
      };
      const before = helpers.helped;
      const answers = await shared.contents(found, undefined, content);
      assert.ok(helpers.helped > before, 'the helper prepared no chunk');
      assert.deepStrictEqual(answers, await alone.contents(found, undefined, content));
      const first = answers[0];
      assert.ok(first && !('missing' in first));
      assert.match(first.content.xml.toString('utf8'), /7 <i>\d+<\/i> 120/);
      assert.ok(first.content.notes?.deps.some(([key]) => key === 'include:i.html'));
    } finally {
      await helpers.close();
    }
  } finally {
    site.cleanup();
  }
});
