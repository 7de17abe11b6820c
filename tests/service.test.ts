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

test('a stop at each phase of a start: startService returns, close() ends everything, the cache file is left as it was', async () => {
  const posts = new PostsDir();
  for (let i = 0; i < 2000; i++) posts.post(`2024-03-01-p${i}.md`, { title: `Post ${i}`, tags: [`t${i % 40}`], body: `<p>${'body text '.repeat(100)}</p>` });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fw-start-stop-'));
  const config = testConfig(posts.dir, { diskCache: { dir: path.join(dir, 'cache') }, posts: { workers: 1 } });
  try {
    // One process for every phase: it ends by itself only if no stop left anything running (a listening
    // socket, a helper thread, a timer). The stop is asked for from the log line that opens the phase.
    const script = path.join(dir, 'stops.mjs');
    writeFileSync(
      script,
      [
        `import { readdirSync, statSync } from 'node:fs';`,
        `import path from 'node:path';`,
        `import { createLogger } from ${moduleUrl('src/log.ts')};`,
        `import { startService } from ${moduleUrl('src/service.ts')};`,
        `const config = ${JSON.stringify(config)};`,
        // A first start writes the cache (close() waits for the write).
        `await (await startService(config, createLogger('silent'), { schedule: false })).close();`,
        `const cacheDir = path.join(config.diskCache.dir, readdirSync(config.diskCache.dir)[0]);`,
        `const files = () => readdirSync(cacheDir).map((f) => [f, statSync(path.join(cacheDir, f)).size, statSync(path.join(cacheDir, f)).mtimeMs].join(' ')).join(', ');`,
        `const before = files();`,
        `for (const phase of ['listen', 'posts', 'cache', 'first rescan', 'triggers']) {`,
        `  const stop = new AbortController();`,
        `  const log = createLogger('debug', { write: (line) => { if (JSON.parse(line).msg === 'start: ' + phase) stop.abort(); } });`,
        `  const service = await startService(config, log, { schedule: false, signal: stop.signal });`,
        `  await service.close();`,
        `  await service.close();`,
        `  console.log(JSON.stringify({ phase, aborted: stop.signal.aborted, listening: service.server.listening, stopped: service.rescanner.last?.stopped ?? null, cache: files() === before }));`,
        `}`,
      ].join('\n'),
    );
    const run = spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    assert.equal(run.signal, null, `the process did not end by itself: ${run.stderr}`);
    assert.equal(run.status, 0, run.stderr);
    const results = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(
      results.map((r) => [r.phase, r.aborted, r.listening, r.cache]),
      ['listen', 'posts', 'cache', 'first rescan', 'triggers'].map((p) => [p, true, false, true]),
    );
    // Stopped before or during the first rescan: the rescan gave up (or never ran), published nothing.
    assert.equal(results.find((r) => r.phase === 'first rescan')?.stopped, true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    posts.cleanup();
  }
});
