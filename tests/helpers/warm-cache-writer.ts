// A child process for the kill test: builds a site once, then writes its warm cache over and over until
// it is killed. `node --import tsx tests/helpers/warm-cache-writer.ts <posts> <root>`; prints "writing"
// once its first write has landed, so a kill after that always meets a file (old or new) to check, however
// slow a loaded machine makes the writes.
import { SnapshotStore } from '../../src/snapshot/store.js';
import { Rescanner } from '../../src/rescan/rescanner.js';
import { WarmCache } from '../../src/cache/warm-cache.js';
import { testConfig } from './config.js';

const [posts, root] = process.argv.slice(2) as [string, string];
const rescanner = new Rescanner({ config: testConfig(posts), store: new SnapshotStore() });
await rescanner.trigger('start');
const state = rescanner.warmState();
if (!state) throw new Error('no state');
const cache = new WarmCache({ root, configHash: 'kill-test', postsDir: posts, version: 'test', warn: (m) => process.stderr.write(`${m}\n`) });
cache.save(state);
await cache.idle();
process.stdout.write('writing\n');
for (;;) {
  cache.save(state);
  await cache.idle();
}
