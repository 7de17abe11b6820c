// Rescans that look only at the paths a watcher or a push named (Rescanner.trigger(reason, paths)): what
// changed there is found without walking the folder, what changed elsewhere waits for a whole walk, and
// after any mix of edits, additions, deletions and moved folders the served bytes are a cold build's.
import assert from 'node:assert/strict';
import { renameSync } from 'node:fs';
import { after, describe, test } from 'node:test';
import { rng } from '../../bench/corpus.js';
import { Rescanner } from '../../src/rescan/rescanner.js';
import type { Snapshot } from '../../src/snapshot/snapshot.js';
import { SnapshotStore } from '../../src/snapshot/store.js';
import { testConfig } from '../helpers/config.js';
import { PostsDir } from '../helpers/posts-dir.js';
import { snapshotDigest } from '../helpers/digest.js';

const NOW = Date.parse('2025-01-01T00:00:00Z');

function rescanner(dir: string): { rescanner: Rescanner; store: SnapshotStore } {
  const config = testConfig(dir);
  const store = new SnapshotStore();
  return { rescanner: new Rescanner({ config: { ...config, rescan: { ...config.rescan, minIntervalMs: 0 } }, store, now: () => NOW }), store };
}

/** What a fresh service builds from the folder as it is: every file read. */
async function cold(dir: string): Promise<{ digest: string[]; problems: string[] }> {
  const fresh = rescanner(dir);
  const result = await fresh.rescanner.trigger('cold');
  await fresh.rescanner.close();
  return { digest: snapshotDigest(fresh.store.current), problems: result.problems.map((p) => `${p.path}:${p.line ?? ''}:${p.code}:${p.reason}`) };
}

const titles = (snapshot: Snapshot | undefined): string => snapshot?.entries.get('/feed.json')?.body.bytes().toString('utf8') ?? '';

describe('rescans of named paths', () => {
  const posts = new PostsDir();
  after(() => posts.cleanup());

  test('a named edit, addition and deletion are served; a change elsewhere waits for the next whole walk', async () => {
    posts.post('a.md', { title: 'Alpha', date: '2024-03-01 10:00:00 +0800', tags: ['x'] });
    posts.post('b.md', { title: 'Bravo', date: '2024-03-02 10:00:00 +0800' });
    posts.post('old/c.md', { title: 'Charlie', date: '2024-03-03 10:00:00 +0800' });
    const { rescanner: r, store } = rescanner(posts.dir);
    await r.trigger('start');

    posts.post('a.md', { title: 'Alpha edited', date: '2024-03-01 10:00:00 +0800', tags: ['x'] });
    posts.post('b.md', { title: 'Bravo unnamed', date: '2024-03-02 10:00:00 +0800' });
    posts.post('new.md', { title: 'Delta', date: '2024-03-04 10:00:00 +0800' });
    posts.remove('old');
    const named = await r.trigger('watch', ['a.md', 'new.md', 'old']);
    assert.equal(named.parsed, 2, 'only the named files were read');
    assert.equal(named.posts, 3);
    const text = titles(store.current);
    assert.match(text, /Alpha edited/);
    assert.match(text, /Delta/);
    assert.doesNotMatch(text, /Charlie/);
    assert.match(text, /"Bravo"/, 'a change nobody named is not looked for');

    const walk = await r.trigger('schedule');
    assert.equal(walk.parsed, 1);
    assert.match(titles(store.current), /Bravo unnamed/);
    assert.deepEqual(snapshotDigest(store.current), (await cold(posts.dir)).digest);
    await r.close();
  });

  test('a folder named is walked whole: a folder moved in, or out, with its posts', async () => {
    const dir = new PostsDir();
    try {
      dir.post('keep.md', { title: 'Keep', date: '2024-01-01 10:00:00 +0800' });
      dir.post('section/one.md', { title: 'One', date: '2024-01-02 10:00:00 +0800' });
      dir.post('section/deep/two.md', { title: 'Two', date: '2024-01-03 10:00:00 +0800' });
      const { rescanner: r, store } = rescanner(dir.dir);
      await r.trigger('start');
      renameSync(dir.path('section'), dir.path('moved'));
      const moved = await r.trigger('watch', ['section', 'moved']);
      assert.equal(moved.posts, 3);
      assert.deepEqual(snapshotDigest(store.current), (await cold(dir.dir)).digest);
      // A path the walk skips (an editor's swap file) or that never existed names nothing.
      dir.write('.a.md.swp', 'swap');
      const nothing = await r.trigger('watch', ['.a.md.swp', 'never/was.md']);
      assert.deepEqual(nothing.changed, []);
      await r.close();
    } finally {
      dir.cleanup();
    }
  });

  test('any mix of changes, each rescan naming what it changed, serves what a cold build serves', async () => {
    const dir = new PostsDir();
    const random = rng(7);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
    const folders = ['', 'a/', 'a/b/', 'c/'];
    const files = new Set<string>();
    const seen = { moves: 0, duplicates: 0, deletions: 0 };
    let n = 0;
    const write = (rel: string): void => {
      const day = 1 + Math.floor(random() * 20);
      // Some share a title and date (the same link and id), some are drafts, some broken.
      const kind = random();
      if (kind < 0.1) dir.write(rel, '---\ntitle: [broken\n---\nx');
      else if (kind < 0.2) dir.post(rel, { title: 'Twin', date: '2024-05-05 10:00:00 +0800', extra: 'permalink: /twin/' });
      else
        dir.post(rel, {
          title: `Post ${n++}`,
          date: `2024-04-${String(day).padStart(2, '0')} 10:00:00 +0800`,
          tags: [pick(['x', 'X', 'y', 'C++'])],
          extra: kind < 0.25 ? 'draft: true' : '',
        });
      files.add(rel);
    };
    try {
      for (let i = 0; i < 12; i++) write(`${pick(folders)}p${i}.md`);
      const { rescanner: r, store } = rescanner(dir.dir);
      await r.trigger('start');
      for (let round = 0; round < 25; round++) {
        const named: string[] = [];
        for (let k = 0; k < 1 + Math.floor(random() * 3); k++) {
          const op = random();
          const existing = [...files];
          if (op < 0.4 || existing.length === 0) {
            const rel = `${pick(folders)}p${Math.floor(random() * 20)}.md`;
            write(rel);
            named.push(rel);
          } else if (op < 0.7) {
            const rel = pick(existing);
            dir.remove(rel);
            files.delete(rel);
            named.push(rel);
            seen.deletions++;
          } else if (op < 0.85) {
            const rel = pick(existing);
            write(rel);
            named.push(rel);
          } else {
            // A folder moved: both its old and its new path are named, as a watcher names them.
            const from = pick(['a', 'c']);
            const to = from === 'a' ? 'c2' : 'a2';
            try {
              renameSync(dir.path(from), dir.path(to));
            } catch {
              continue;
            }
            for (const rel of [...files]) {
              if (rel.startsWith(`${from}/`)) {
                files.delete(rel);
                files.add(`${to}/${rel.slice(from.length + 1)}`);
              }
            }
            named.push(from, to);
            seen.moves++;
          }
        }
        const result = await r.trigger('watch', named);
        const want = await cold(dir.dir);
        assert.deepEqual(snapshotDigest(store.current), want.digest, `round ${round}: ${named.join(', ')}`);
        assert.deepEqual(
          result.problems.map((p) => `${p.path}:${p.line ?? ''}:${p.code}:${p.reason}`),
          want.problems,
          `round ${round}: problems`,
        );
        if (result.problems.some((p) => p.code === 'FW_POST_DUPLICATE_LINK')) seen.duplicates++;
      }
      // The sequence did what it is meant to test.
      assert.ok(seen.moves > 0 && seen.duplicates > 0 && seen.deletions > 0, JSON.stringify(seen));
      await r.close();
    } finally {
      dir.cleanup();
    }
  });

  test('a scheduled check looks at the folders in turn, a share each time, and finds what no event named', async () => {
    const dir = new PostsDir();
    try {
      for (const folder of ['a', 'b', 'c'])
        for (const n of [1, 2]) dir.post(`${folder}/${n}.md`, { title: `${folder}${n}`, date: `2024-01-0${n} 10:00:00 +0800` });
      dir.post('top.md', { title: 'Top', date: '2024-01-03 10:00:00 +0800' });
      const { rescanner: r, store } = rescanner(dir.dir);
      await r.trigger('start');
      dir.post('c/2.md', { title: 'c2 edited', date: '2024-01-02 10:00:00 +0800' });
      dir.post('c/3.md', { title: 'c3 new', date: '2024-01-04 10:00:00 +0800' });
      dir.remove('top.md');
      // Two files a check: the root's own file, then a, then b, then c (the folders in order, wrapping).
      const looked: number[] = [];
      for (let i = 0; i < 4 && !titles(store.current).includes('c3 new'); i++) looked.push((await r.check('schedule', 2)).parsed);
      assert.ok(looked.length >= 2 && looked.length <= 4, `${looked.length} checks`);
      assert.match(titles(store.current), /c2 edited/);
      // Every folder has been looked at once the changes in the last one are found: the root's file is gone.
      for (let i = 0; i < 4; i++) await r.check('schedule', 2);
      assert.deepEqual(snapshotDigest(store.current), (await cold(dir.dir)).digest);
      await r.close();
    } finally {
      dir.cleanup();
    }
  });
});
