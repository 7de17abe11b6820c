// The heap grows slowly (heap.ts) for a cold start and a large archive's warm start, not a small one's.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { growHeapSlowly, growsSlowly, LARGE_ARCHIVE } from '../src/heap.js';
import { createLogger } from '../src/log.js';
import { startService } from '../src/service.js';
import { testConfig } from './helpers/config.js';
import { PostsDir } from './helpers/posts-dir.js';

const roots: string[] = [];
after(() => {
  for (const r of roots) fs.rmSync(r, { recursive: true, force: true });
});

test('a cold start and an archive of LARGE_ARCHIVE files or more grow the heap slowly; a smaller warm one does not', () => {
  assert.equal(growsSlowly(undefined), true);
  assert.equal(growsSlowly(0), false);
  assert.equal(growsSlowly(LARGE_ARCHIVE - 1), false);
  assert.equal(growsSlowly(LARGE_ARCHIVE), true);
  assert.equal(growsSlowly(1_000_000), true);
});

test("a figure given to node is the operator's: it is left as it is", () => {
  // (Only the branch that sets nothing is run here: the other would change this test process's heap.)
  assert.equal(growHeapSlowly(['--heap-growing-percent=20']), false);
  assert.equal(growHeapSlowly(['--max-semi-space-size=4', '--heap_growing_percent=10']), false);
});

test('the service asks for it on a cold start, with or without a disk cache, and not on a small warm one', async () => {
  const posts = new PostsDir();
  posts.post('2024-03-01-a.md', { title: 'A' });
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'fw-heap-'));
  roots.push(root);
  const run = async (diskCache: { dir: string } | { enabled: false }): Promise<number> => {
    let asked = 0;
    const service = await startService(testConfig(posts.dir, { diskCache }), createLogger('silent'), {
      schedule: false,
      growHeapSlowly: () => asked++,
    });
    await service.close();
    return asked;
  };
  try {
    assert.equal(await run({ dir: root }), 1, 'cold: no cache yet');
    assert.equal(await run({ dir: root }), 0, 'warm: one file in the cache');
    assert.equal(await run({ enabled: false }), 1, 'no disk cache: every start is cold');
  } finally {
    posts.cleanup();
  }
});
