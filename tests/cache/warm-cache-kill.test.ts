// Issue 14: `kill -9` while the warm cache is written leaves the old file or the new one, never half of
// one: the file is written under a temporary name, synced, then renamed over the old. A child writes the
// cache over and over; it is killed at random moments, and each time the file must load whole.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { WarmCache } from '../../src/cache/warm-cache.js';
import { PostsDir } from '../helpers/posts-dir.js';

const WRITER = path.resolve(import.meta.dirname, '../helpers/warm-cache-writer.ts');

test('kill -9 during cache writes: the file is always whole (old or new), never half-written', async () => {
  const posts = new PostsDir();
  for (let i = 0; i < 300; i++) posts.post(`p${i}.md`, { title: `Post ${i}`, tags: [`t${i % 20}`], body: `<p>${'body text '.repeat(200)}</p>` });
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'fw-cache-kill-'));
  const cache = new WarmCache({ root, configHash: 'kill-test', postsDir: posts.dir, version: 'test', warn: (m) => assert.fail(m) });
  let loaded = 0;
  try {
    for (let round = 0; round < 6; round++) {
      const child = spawn(process.execPath, ['--import', 'tsx', WRITER, posts.dir, root], { stdio: ['ignore', 'pipe', 'inherit'] });
      const exited = new Promise((resolve) => child.on('exit', resolve));
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => d.toString().includes('writing') && resolve());
        child.on('exit', () => reject(new Error('the writer exited early')));
      });
      // Somewhere inside one of its writes (each takes some tens of ms here).
      await new Promise((r) => setTimeout(r, 5 + Math.random() * 200));
      child.kill('SIGKILL');
      await exited;
      if (!fs.existsSync(cache.file)) continue; // killed before its first rename: no file is fine
      const state = await (await cache.load())?.rest();
      assert.ok(state, `round ${round}: ${JSON.stringify(cache.status().atStart)}`);
      assert.equal(state.records.size, 300);
      loaded++;
    }
    assert.ok(loaded >= 3, `only ${loaded} rounds left a file to check`);
    // The killed writers' temporary files go at the next write.
    const state = await (await cache.load())?.rest();
    assert.ok(state);
    cache.save(state);
    await cache.idle();
    assert.deepEqual(fs.readdirSync(path.dirname(cache.file)), ['state.bin']);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
    posts.cleanup();
  }
});
