// A real warm state (what a rescan of a posts folder learned), for tests that write and read the warm
// cache file without starting a service.
import type { WarmState } from '../../src/rescan/cache/warm-cache.js';
import { Rescanner } from '../../src/rescan/rescanner.js';
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
