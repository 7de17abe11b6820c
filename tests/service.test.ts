// The composition root's own promises: a start that fails leaves nothing running behind it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { testConfig } from './helpers/config.js';
import { PostsDir } from './helpers/posts-dir.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const moduleUrl = (rel: string): string => JSON.stringify(pathToFileURL(path.join(ROOT, rel)).href);

test('a port in use: startService rejects, and stops the helper threads it started', async () => {
  const posts = new PostsDir();
  posts.post('a.md', { title: 'A' });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fw-start-'));
  const taken = http.createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  try {
    const config = testConfig(posts.dir, { server: { port: (taken.address() as AddressInfo).port }, posts: { workers: 2 } });
    // In a process of its own, which ends by itself only if no helper thread is left running. From a file,
    // not `-e`: helper threads inherit the flags, and `--input-type` would stop them at once.
    const script = path.join(dir, 'start.mjs');
    writeFileSync(
      script,
      [
        `import { createLogger } from ${moduleUrl('src/log.ts')};`,
        `import { startService } from ${moduleUrl('src/service.ts')};`,
        `await startService(${JSON.stringify(config)}, createLogger('silent')).then(() => console.log('started'), (err) => console.log(err.code));`,
      ].join('\n'),
    );
    const run = spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, encoding: 'utf8', timeout: 15_000 });
    assert.equal(run.signal, null, `the process did not end by itself: ${run.stderr}`);
    assert.equal(run.stdout.trim(), 'EADDRINUSE', run.stderr);
  } finally {
    await new Promise<void>((resolve) => taken.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
    posts.cleanup();
  }
});
