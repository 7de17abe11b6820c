// A real warm state (what a rescan of a posts folder learned), for tests that write and read the warm
// cache file without starting a service.
import { after, before } from 'node:test';
import type { WarmState } from '../../src/cache/warm-cache.js';
import { Rescanner } from '../../src/rescan/rescanner.js';
import type { SnapshotEntry } from '../../src/snapshot/snapshot.js';
import { SnapshotStore } from '../../src/snapshot/store.js';
import { testConfig } from './config.js';
import { PostsDir } from './posts-dir.js';

/** A posts folder of `count` posts, and the state of one rescan of it. */
export async function warmState(count = 12): Promise<{ posts: PostsDir; state: WarmState }> {
  const posts = new PostsDir();
  for (let i = 0; i < count; i++) {
    posts.post(`2024-03-${String((i % 28) + 1).padStart(2, '0')}-p${i}.md`, {
      title: `Post ${i}`,
      tags: [`t${i % 3}`],
      body: `<p>${'Body text. '.repeat(40)}${i}</p>`,
    });
  }
  const rescanner = new Rescanner({ config: testConfig(posts.dir), store: new SnapshotStore() });
  try {
    await rescanner.trigger('start');
    const state = rescanner.warmState();
    if (!state) throw new Error('the rescan left no state');
    return { posts, state };
  } finally {
    await rescanner.close();
  }
}

/**
 * The documents of a `count`-post site, for tests of what writes them: the array is filled before the
 * tests of the file (or describe) that calls this, and the posts folder removed after them.
 */
export function siteDocuments(count: number): SnapshotEntry[] {
  const documents: SnapshotEntry[] = [];
  let posts: PostsDir | undefined;
  before(async () => {
    const site = await warmState(count);
    posts = site.posts;
    documents.push(...site.state.snapshot.entries.values());
  });
  after(() => posts?.cleanup());
  return documents;
}
