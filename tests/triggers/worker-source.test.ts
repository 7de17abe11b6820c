// Posts read by worker threads give the very snapshot and problems that the main thread's reading gives.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { SnapshotStore } from '../../src/snapshot/store.js';
import { Rescanner, scanOptionsFrom } from '../../src/triggers/rescan.js';
import { WorkerSource } from '../../src/triggers/worker-source.js';
import { bytesOf, freshSnapshot } from '../helpers/build.js';
import { testConfig } from '../helpers/config.js';
import { PostsDir } from '../helpers/posts-dir.js';

const posts = new PostsDir();
after(() => posts.cleanup());

test('two worker threads and the main thread build the same snapshot, also after edits', async () => {
  for (let i = 0; i < 40; i++) {
    posts.post(`p${String(i).padStart(2, '0')}.md`, { title: `帖子 ${i}`, date: `2024-03-${String(1 + (i % 28)).padStart(2, '0')} 10:00:00 +0800`, categories: i % 2 ? 'news' : 'tech', tags: [`t${i % 7}`, 'C++'] });
  }
  posts.write('broken.md', '---\ntitle: [x\n---\n');
  const config = testConfig(posts.dir);
  const now = Date.parse('2024-06-01T00:00:00Z');
  const store = new SnapshotStore();
  const rescanner = new Rescanner({ config, store, now: () => now, source: new WorkerSource(scanOptionsFrom(config), 2) });
  try {
    const first = await rescanner.trigger('test');
    const main = await freshSnapshot(config, now);
    assert.deepEqual(bytesOf(store.current!), bytesOf(main.snapshot));
    assert.deepEqual(first.problems, main.result.problems);
    assert.equal(first.problems[0]?.code, 'FW_POST_BAD_YAML');

    posts.post('p03.md', { title: '改过的帖子', date: '2024-03-04 10:00:00 +0800', categories: 'news', tags: ['t3'] });
    posts.remove('p05.md');
    const edited = await rescanner.trigger('test');
    assert.ok(edited.changed.includes('/tags/t3/rss.xml') && edited.changed.includes('/tags/t5/rss.xml'), edited.changed.join(' '));
    assert.deepEqual(bytesOf(store.current!), bytesOf((await freshSnapshot(config, now)).snapshot));
  } finally {
    await rescanner.close();
  }
});
