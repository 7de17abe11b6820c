// `watch: true`: a change under the posts folder shows in the feeds without a webhook or a schedule.
// Real folders and the real watcher; every wait is a bounded poll for the change itself.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, renameSync, rmSync, watch, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createLogger } from '../../src/log.js';
import { startService, type Service } from '../../src/service.js';
import { watchPosts } from '../../src/triggers/watch.js';
import { testConfig } from '../helpers/config.js';
import { PostsDir } from '../helpers/posts-dir.js';
import { get } from '../helpers/service.js';
import { until } from '../helpers/until.js';
import { rssItems } from '../helpers/xml.js';

describe('watching the posts folder', () => {
  const posts = new PostsDir();
  let service: Service;
  const titles = async (path = 'rss.xml'): Promise<unknown[]> => rssItems((await get(`${service.url}${path}`)).text).map((i) => i.title);

  before(async () => {
    posts.post('2024-03-01-one.md', { title: 'One', date: '2024-03-01 09:00:00 +0800' });
    service = await startService(testConfig(posts.dir, { watch: true, feeds: { limit: 100 } }), createLogger('silent'), {
      schedule: false,
      watch: { retryMs: 50 },
    });
  });
  after(async () => {
    await service.close();
    posts.cleanup();
  });

  test('a new post in a new sub-folder appears in the feeds by itself', async () => {
    assert.equal(service.watcher?.active(), true);
    posts.post('2024/03/2024-03-02-two.md', { title: 'Two', date: '2024-03-02 09:00:00 +0800', tags: ['watched'] });
    await until(async () => (await titles()).includes('Two'), 'the new post in /rss.xml');
    assert.equal(service.rescanner.last?.reason, 'watch');
    assert.deepEqual(await titles('tags/watched/rss.xml'), ['Two']);
  });

  test('a burst of writes is debounced into a rescan or two, and every post arrives', async () => {
    await service.rescanner.idle();
    const runs = service.rescanner.runs;
    for (let i = 0; i < 20; i++) posts.post(`burst/p${i}.md`, { title: `Burst ${i}`, date: '2024-03-03 09:00:00 +0800' });
    await until(async () => (await titles()).filter((t) => String(t).startsWith('Burst')).length === 20, 'all 20 posts in /rss.xml');
    await service.rescanner.idle();
    const ran = service.rescanner.runs - runs;
    assert.ok(ran >= 1 && ran <= 3, `20 writes ran ${ran} rescans`);
  });

  test('the folder gone: nothing crashes, the last feeds stay; back, it is watched again', async () => {
    // Moved away rather than deleted, so that its posts come back with it (a rescan that dropped them all
    // at once could be held back as suspicious).
    const aside = `${posts.dir}-aside`;
    renameSync(posts.dir, aside);
    await until(() => service.watcher?.active() === false, 'the watcher to notice the folder is gone');
    await until(() => service.rescanner.last?.ok === false, 'a rescan that reports the missing folder');
    assert.equal(service.rescanner.last?.problems[0]?.code, 'FW_POSTS_DIR_UNREADABLE');
    const res = await get(`${service.url}rss.xml`);
    assert.equal(res.status, 200);
    assert.ok(rssItems(res.text).length > 0);

    renameSync(aside, posts.dir);
    await until(() => service.watcher?.active() === true, 'the watcher to find the folder again');
    await until(() => service.rescanner.last?.ok === true, 'the rescan after the folder came back');
    posts.post('2024-04-01-back.md', { title: 'Back', date: '2024-04-01 09:00:00 +0800' });
    await until(async () => (await titles())[0] === 'Back', 'the feeds to show a post written after the return');
  });
});

test('watching is off by default', async () => {
  const posts = new PostsDir();
  posts.post('a.md', { title: 'A' });
  const service = await startService(testConfig(posts.dir), createLogger('silent'), { schedule: false });
  try {
    assert.equal(service.watcher, undefined);
  } finally {
    await service.close();
    posts.cleanup();
  }
});

test('watchPosts: a folder deleted and created anew (a new inode) is watched again', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fw-watch-'));
  writeFileSync(path.join(dir, 'a.md'), 'a');
  let changes = 0;
  const watcher = watchPosts({ dir, onChange: () => changes++, log: createLogger('silent'), debounceMs: 20, retryMs: 20 });
  try {
    rmSync(dir, { recursive: true });
    await until(() => !watcher.active(), 'the watcher to notice the folder is gone');
    mkdirSync(dir);
    await until(() => watcher.active(), 'the watcher to watch the new folder');
    const seen = changes;
    writeFileSync(path.join(dir, 'b.md'), 'b');
    await until(() => changes > seen, 'a change in the new folder to be seen');
  } finally {
    watcher.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

describe('watchPosts names what changed', () => {
  const collect = (): { calls: (readonly string[] | undefined)[]; onChange: (paths: readonly string[] | undefined) => void } => {
    const calls: (readonly string[] | undefined)[] = [];
    return { calls, onChange: (paths) => calls.push(paths) };
  };
  const warnings = (): { lines: string[]; log: ReturnType<typeof createLogger> } => {
    const lines: string[] = [];
    return { lines, log: createLogger('warn', { write: (line) => lines.push(JSON.parse(line).msg) }) };
  };

  test('an edit in a folder and a new folder with its files are named, each folder with a watch of its own', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fw-watch-'));
    mkdirSync(path.join(dir, 'a', 'b'), { recursive: true });
    writeFileSync(path.join(dir, 'a', 'b', 'one.md'), '1');
    const { calls, onChange } = collect();
    const watcher = watchPosts({ dir, onChange, log: createLogger('silent'), debounceMs: 20 });
    try {
      assert.equal(watcher.active(), true, 'the folder itself is watched at once');
      assert.equal(watcher.complete(), false, 'not every change is heard until its folders are read');
      await watcher.ready;
      assert.equal(watcher.folders(), 3);
      assert.equal(watcher.complete(), true);
      writeFileSync(path.join(dir, 'a', 'b', 'one.md'), 'edited');
      await until(() => calls.length > 0, 'the edit to be heard');
      assert.ok(calls[0]?.includes('a/b/one.md'), JSON.stringify(calls));
      // A folder made with its files in one go: they may be written before its watch, so it is named whole.
      mkdirSync(path.join(dir, 'new', 'deep'), { recursive: true });
      writeFileSync(path.join(dir, 'new', 'deep', 'two.md'), '2');
      await until(() => calls.flatMap((c) => c ?? []).includes('new'), 'the new folder to be named');
      await until(() => watcher.folders() === 5, 'the new folders to be watched');
      writeFileSync(path.join(dir, 'new', 'deep', 'three.md'), '3');
      await until(() => calls.flatMap((c) => c ?? []).includes('new/deep/three.md'), 'a file in the new folder to be named');
      // Swap files and hidden folders are no change.
      const before = calls.length;
      writeFileSync(path.join(dir, 'a', '.one.md.swp'), 'x');
      writeFileSync(path.join(dir, 'a', 'b', 'one.md'), 'again');
      await until(() => calls.length > before, 'the next edit');
      assert.ok(!calls.flat().some((p) => p?.includes('.swp')), JSON.stringify(calls));
    } finally {
      watcher.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('no watches left (ENOSPC): said once, every change is not heard, and once watches are back the whole folder is rescanned', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fw-watch-'));
    for (const sub of ['a', 'b', 'c']) mkdirSync(path.join(dir, sub));
    const { calls, onChange } = collect();
    const { lines, log } = warnings();
    let limit = 2;
    const watchFolder = (abs: string, listener: (event: string, name: string | null) => void) => {
      if (limit-- <= 0) throw Object.assign(new Error('ENOSPC: System limit for number of file watchers reached'), { code: 'ENOSPC' });
      return watch(abs, listener);
    };
    const watcher = watchPosts({ dir, onChange, log, debounceMs: 20, rearmMs: 30, watchFolder, platform: 'linux' });
    try {
      await watcher.ready;
      assert.equal(watcher.complete(), false);
      assert.match(watcher.why() ?? '', /ENOSPC/);
      await until(() => lines.length > 0, 'the warning');
      assert.equal(lines.filter((l) => l.includes('ENOSPC')).length, 1, 'said once, however many tries fail');
      limit = 100;
      await until(() => watcher.complete(), 'watching again once watches are back');
      await until(() => calls.some((c) => c === undefined), 'a whole rescan after watching resumed');
      assert.equal(watcher.folders(), 4);
    } finally {
      watcher.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a network file system is watched for local changes, but every change is not heard', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fw-watch-'));
    const { lines, log } = warnings();
    const watcher = watchPosts({ dir, onChange: () => {}, log, fsType: () => 0x6969 });
    await watcher.ready;
    try {
      assert.equal(watcher.active(), true);
      assert.equal(watcher.complete(), false);
      assert.match(watcher.why() ?? '', /network file system \(NFS\)/);
      assert.equal(lines.length, 1);
    } finally {
      watcher.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a tree that appears at once: each folder under it is named after its watch is on, so an edit before that is walked', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fw-watch-'));
    const { calls, onChange } = collect();
    const { log } = warnings();
    // The edit lands as a tree's deepest folder is being watched: after the naming of its top may have
    // gone out (no debounce), before anything in that folder can be heard. Five trees, one after another:
    // whether the top's naming is out by then is up to the event loop.
    const deepest = new Map<string, number>();
    const watchFolder = (abs: string, listener: (event: string, name: string | null) => void) => {
      const top = path.relative(dir, abs).split(path.sep)[0] as string;
      if (abs.endsWith(`${path.sep}d2`) && !deepest.has(top)) {
        writeFileSync(path.join(abs, 'post.md'), 'edited');
        deepest.set(top, calls.length);
      }
      return watch(abs, listener);
    };
    const watcher = watchPosts({ dir, onChange, log, debounceMs: 0, watchFolder, platform: 'linux' });
    try {
      await watcher.ready;
      for (let t = 0; t < 5; t++) {
        const top = `t${t}`;
        mkdirSync(path.join(dir, top, 'd1', 'd2'), { recursive: true });
        writeFileSync(path.join(dir, top, 'd1', 'd2', 'post.md'), 'first');
        const deep = `${top}/d1/d2`;
        const covers = (p: string | undefined): boolean => p === undefined || p === deep || deep.startsWith(`${p}/`);
        await until(() => {
          const at = deepest.get(top);
          return at !== undefined && calls.slice(at).some((c) => c === undefined || c.some(covers));
        }, `a walk of ${deep} asked for after its watch`);
      }
    } finally {
      watcher.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('more changes at once than the kernel queues: no paths (the whole folder is walked), said once', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fw-watch-'));
    const { calls, onChange } = collect();
    const { lines, log } = warnings();
    const watcher = watchPosts({ dir, onChange, log, debounceMs: 50, maxBurst: 5 });
    try {
      for (let i = 0; i < 20; i++) writeFileSync(path.join(dir, `p${i}.md`), String(i));
      await until(() => calls.length > 0, 'the burst to be heard');
      assert.equal(calls[0], undefined);
      assert.equal(lines.filter((l) => l.includes('more changes at once')).length, 1);
    } finally {
      watcher.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
