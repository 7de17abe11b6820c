// The watcher on the bad days of a big archive (issue 26's "Bad input"), through the real service and the
// real inotify watches: a tree 50 folders deep, and a branch switch that rewrites, adds and deletes
// hundreds of files at once (more events than the watcher trusts the kernel's queue with). Each time the
// service catches up by itself, and serves the bytes a cold build of the folder serves.
import assert from 'node:assert/strict';
import { renameSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createLogger } from '../../src/log.js';
import { Rescanner } from '../../src/rescan/rescanner.js';
import { type Service, startService } from '../../src/service.js';
import { SnapshotStore } from '../../src/snapshot/store.js';
import type { Config } from '../../src/config/schema.js';
import { testConfig } from '../helpers/config.js';
import { snapshotDigest } from '../helpers/digest.js';
import { PostsDir } from '../helpers/posts-dir.js';
import { until } from '../helpers/until.js';

/** What a fresh rescanner builds from the folder as it is now: every file read. */
async function cold(config: Config): Promise<string[]> {
  const store = new SnapshotStore();
  const rescanner = new Rescanner({ config, store, now: () => Date.parse('2026-12-01T00:00:00Z') });
  await rescanner.trigger('cold');
  await rescanner.close();
  return snapshotDigest(store.current);
}

describe('the watcher on bad days', () => {
  const posts = new PostsDir();
  let service: Service;
  let config: Config;
  const warnings: string[] = [];
  const served = (): string[] => snapshotDigest(service.store.current);
  /** Waits until the served documents are a cold build's (each poll after the service went quiet). */
  const caughtUp = async (what: string): Promise<void> => {
    let want: string[] = [];
    await until(
      async () => {
        await service.rescanner.idle();
        want = await cold(config);
        return JSON.stringify(served()) === JSON.stringify(want);
      },
      what,
      60_000,
      100,
    );
    assert.deepEqual(served(), want);
  };

  before(async () => {
    for (let i = 0; i < 20; i++)
      posts.post(`2026/11/2026-11-${String(i + 1).padStart(2, '0')}-p${i}.md`, {
        title: `Post ${i}`,
        date: `2026-11-${String(i + 1).padStart(2, '0')} 08:00:00 +0800`,
        tags: ['城市', i % 2 ? 'C++' : 'news'],
      });
    config = testConfig(posts.dir, { watch: true, feeds: { limit: 1000 } });
    const log = createLogger('warn', { write: (line: string) => void warnings.push(String((JSON.parse(line) as { msg: string }).msg)) });
    // A burst bound of 100 events stands for the kernel's queue (16,384 by default): the same code path.
    service = await startService(config, log, {
      schedule: false,
      now: () => Date.parse('2026-12-01T00:00:00Z'),
      watch: { debounceMs: 50, retryMs: 50, maxBurst: 100 },
    });
    await caughtUp('the first build');
  });
  after(async () => {
    await service.close();
    posts.cleanup();
  });

  test('a post 50 folders deep is found when its folders appear at once, and its edits after', async () => {
    const deep = Array.from({ length: 50 }, (_, i) => `d${i}`).join('/');
    posts.post(`${deep}/2026-11-30-deep.md`, { title: 'Fifty folders down', date: '2026-11-30 08:00:00 +0800', tags: ['深'] });
    await caughtUp('the deep post');
    assert.match(service.store.current?.entries.get('/rss.xml')?.body.bytes().toString('utf8') ?? '', /Fifty folders down/);
    posts.post(`${deep}/2026-11-30-deep.md`, { title: 'Fifty folders down, edited', date: '2026-11-30 08:00:00 +0800', tags: ['深'] });
    await caughtUp('the deep edit');
    assert.match(service.store.current?.entries.get('/rss.xml')?.body.bytes().toString('utf8') ?? '', /Fifty folders down, edited/);
    assert.equal(service.watcher?.complete(), true, 'every change is still heard');
  });

  test('a branch switch (hundreds of files rewritten, added, deleted and moved at once) is caught up with', async () => {
    const archive = (i: number, title: string): void => {
      const day = String(1 + (i % 28)).padStart(2, '0');
      posts.post(`archive/2025/${String(1 + (i % 12)).padStart(2, '0')}/2025-10-${day}-a${i}.md`, {
        title,
        date: `2025-10-${day} 08:00:00 +0800`,
        tags: [`t${i % 7}`],
      });
    };
    for (let i = 0; i < 300; i++) archive(i, `Archive ${i}`);
    await caughtUp('the archive');
    // The switch: every file of the archive rewritten in folders already watched, some deleted, some
    // added, a folder moved, all at once.
    const before = warnings.length;
    for (let i = 0; i < 300; i++) archive(i, `Archive ${i} on the branch`);
    for (let i = 0; i < 20; i += 2) posts.remove(`2026/11/2026-11-${String(i + 1).padStart(2, '0')}-p${i}.md`);
    for (let i = 300; i < 320; i++) archive(i, `Archive ${i}, new on the branch`);
    renameSync(path.join(posts.dir, 'd0'), path.join(posts.dir, 'moved'));
    await caughtUp('the branch switch');
    assert.ok(
      warnings.slice(before).some((w) => w.includes('more changes at once')),
      `the burst is said: ${JSON.stringify(warnings.slice(before))}`,
    );
    // Said once; a later edit is heard path by path again.
    archive(0, 'Archive 0, edited');
    await caughtUp('an edit after the burst');
    assert.equal(warnings.slice(before).filter((w) => w.includes('more changes at once')).length, 1);
  });
});
