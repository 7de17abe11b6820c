// What a start does for its memory. A cold start, and a warm start from a large cache, grow the heap
// slowly (heap.ts), and V8's own growth is back once the start is done and its cache written; a small warm
// start leaves it as it is; a figure given to node is the operator's. The helper's listing is let go once
// the warm start has compared it.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { growHeapSlowly, HEAP_GROWING_PERCENT, heapGrowthFor, SLOW_GROWTH_FROM_FILES, type Start } from '../src/heap.js';
import { createLogger } from '../src/log.js';
import type { FileTable } from '../src/posts/scanned-file.js';
import { type Service, startService } from '../src/service.js';
import { testConfig } from './helpers/config.js';
import { collectGarbage } from './helpers/gc.js';
import { PostsDir } from './helpers/posts-dir.js';

const roots: string[] = [];
after(() => {
  for (const r of roots) fs.rmSync(r, { recursive: true, force: true });
});

test("a figure given to node is the operator's: it is left as it is", () => {
  // (Only the branches that set nothing are run here: the other would change this test process's heap.)
  assert.equal(growHeapSlowly({ kind: 'cold' }, ['--heap-growing-percent=20']), undefined);
  assert.equal(growHeapSlowly({ kind: 'cold' }, ['--max-semi-space-size=4', '--heap_growing_percent=10']), undefined);
  assert.equal(growHeapSlowly({ kind: 'warm', files: 10 }, []), undefined, "a small warm start keeps V8's growth");
});

test('a cold start grows the heap slowly; a warm one only from a large cache', () => {
  assert.equal(heapGrowthFor({ kind: 'cold' }), HEAP_GROWING_PERCENT.cold);
  assert.equal(heapGrowthFor({ kind: 'warm', files: SLOW_GROWTH_FROM_FILES - 1 }), undefined);
  assert.equal(heapGrowthFor({ kind: 'warm', files: SLOW_GROWTH_FROM_FILES }), HEAP_GROWING_PERCENT.warm);
  // Both slower than V8's own (which grows by up to 300 %).
  for (const percent of Object.values(HEAP_GROWING_PERCENT)) assert.ok(percent > 0 && percent < 100);
});

test('a start asks once it knows what it is, and undoes it once its cache is written', async () => {
  const posts = new PostsDir();
  posts.post('2024-03-01-a.md', { title: 'A' });
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'fw-heap-'));
  roots.push(root);
  const run = async (diskCache: { dir: string } | { enabled: false }, slow = true): Promise<string[]> => {
    const said: string[] = [];
    const service = await startService(testConfig(posts.dir, { diskCache }), createLogger('silent'), {
      schedule: false,
      growHeapSlowly: (start: Start) => {
        said.push(JSON.stringify(start));
        if (!slow) return undefined;
        return () => said.push(fs.existsSync(path.join(root, fs.readdirSync(root)[0] ?? '-', 'state.bin')) ? 'own, cache written' : 'own');
      },
    });
    // The start is done; the cache's write (and the undo after it) may still be under way.
    await service.close();
    return said;
  };
  try {
    const cold = '{"kind":"cold"}';
    assert.deepEqual(await run({ dir: root }), [cold, 'own, cache written'], 'cold: no cache yet');
    const warm = '{"kind":"warm","files":1}';
    assert.deepEqual(await run({ dir: root }), [warm, 'own, cache written'], 'warm: told how many files, undone once its cache is written');
    assert.deepEqual(await run({ dir: root }, false), [warm], 'warm, growth left as it is: nothing to undo');
    assert.deepEqual((await run({ enabled: false })).slice(0, 1), [cold], 'no disk cache: every start is cold');
  } finally {
    posts.cleanup();
  }
});

test("the helper's listing is let go once the warm start has compared it", async () => {
  const posts = new PostsDir();
  posts.post('2024-03-01-a.md', { title: 'A' });
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'fw-heap-'));
  roots.push(root);
  const config = testConfig(posts.dir, { diskCache: { dir: root } });
  try {
    await (await startService(config, createLogger('silent'), { schedule: false })).close();
    // The listing, as the helper would give it: reachable from its promise alone (a variable of this
    // function would hold it across the awaits below).
    const stat = fs.statSync(path.join(posts.dir, '2024-03-01-a.md'));
    let ref: WeakRef<FileTable> | undefined;
    const service = await ((): Promise<Service> => {
      const table: FileTable = { paths: ['2024-03-01-a.md'], sizes: Float64Array.of(stat.size), mtimes: Float64Array.of(stat.mtimeMs) };
      ref = new WeakRef(table);
      return startService(config, createLogger('silent'), { schedule: false, listing: Promise.resolve(table) });
    })();
    try {
      assert.ok(service.store.current, 'served');
      // WeakRefs are cleared only after the turn that made them, and a collection.
      await new Promise((resolve) => setImmediate(resolve));
      collectGarbage();
      assert.equal(ref?.deref(), undefined, 'the table is still held');
    } finally {
      await service.close();
    }
  } finally {
    posts.cleanup();
  }
});
