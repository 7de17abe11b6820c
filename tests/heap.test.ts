// A cold start grows the heap slowly (heap.ts), and V8's own growth is back once the start is done and its
// cache written; a warm start leaves it as it is; a figure given to node is the operator's.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { growHeapSlowly } from '../src/heap.js';
import { createLogger } from '../src/log.js';
import { startService } from '../src/service.js';
import { testConfig } from './helpers/config.js';
import { PostsDir } from './helpers/posts-dir.js';

const roots: string[] = [];
after(() => {
  for (const r of roots) fs.rmSync(r, { recursive: true, force: true });
});

test("a figure given to node is the operator's: it is left as it is", () => {
  // (Only the branch that sets nothing is run here: the other would change this test process's heap.)
  assert.equal(growHeapSlowly(['--heap-growing-percent=20']), undefined);
  assert.equal(growHeapSlowly(['--max-semi-space-size=4', '--heap_growing_percent=10']), undefined);
});

test('a cold start asks for it and undoes it once its cache is written; a warm start does neither', async () => {
  const posts = new PostsDir();
  posts.post('2024-03-01-a.md', { title: 'A' });
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'fw-heap-'));
  roots.push(root);
  const run = async (diskCache: { dir: string } | { enabled: false }): Promise<string[]> => {
    const said: string[] = [];
    const service = await startService(testConfig(posts.dir, { diskCache }), createLogger('silent'), {
      schedule: false,
      growHeapSlowly: () => {
        said.push('slow');
        return () => said.push(fs.existsSync(path.join(root, fs.readdirSync(root)[0] ?? '-', 'state.bin')) ? 'own, cache written' : 'own');
      },
    });
    // The start is done; the cache's write (and the undo after it) may still be under way.
    await service.close();
    return said;
  };
  try {
    assert.deepEqual(await run({ dir: root }), ['slow', 'own, cache written'], 'cold: no cache yet');
    assert.deepEqual(await run({ dir: root }), [], 'warm');
    assert.deepEqual((await run({ enabled: false })).slice(0, 1), ['slow'], 'no disk cache: every start is cold');
  } finally {
    posts.cleanup();
  }
});
