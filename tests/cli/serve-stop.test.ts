// A stop at any moment of `feedwright serve`'s start is a clean stop (issue 23, item 8): exit 0, a
// "stopped" line, nothing left running or half-written. Before, a SIGTERM while the modules loaded killed
// the process (exit 143), and one during the warm cache's read logged "shutdown failed" and exited 1.
// (During the first rescan and during a hung git clone or fetch: serve.test.ts and serve-git.test.ts.)
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { CLI, cliEnv } from '../helpers/cli.js';
import { testConfigFile } from '../helpers/config.js';
import { PostsDir } from '../helpers/posts-dir.js';
import { spawnServe } from '../helpers/serve-process.js';
import { get } from '../helpers/service.js';
import { until } from '../helpers/until.js';

test('SIGTERM while the server modules load (before listening): exit 0, "stopped", never listened', async () => {
  const posts = new PostsDir();
  posts.post('a.md', { title: 'A' });
  // The moment: main.ts asks for serve.js (a module hook says so on stderr), and it and everything it
  // imports (the HTTP stack, the logger…) are still to load.
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fw-stop-load-'));
  writeFileSync(
    path.join(dir, 'hooks.mjs'),
    `import { writeSync } from 'node:fs';\nexport async function resolve(specifier, context, next) {\n  if (specifier === './serve.js') writeSync(2, 'loading serve.js\\n');\n  return next(specifier, context);\n}\n`,
  );
  writeFileSync(path.join(dir, 'register.mjs'), `import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n`);
  const child = spawn(process.execPath, ['--import', path.join(dir, 'register.mjs'), CLI, 'serve', '--config', testConfigFile(posts.dir)], {
    env: cliEnv({ LOG_LEVEL: 'info' }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => {
    stderr += c.toString('utf8');
    if (stderr.includes('loading serve.js\n') && child.signalCode === null && child.exitCode === null) child.kill('SIGTERM');
  });
  try {
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('close', (c, s) => resolve([c, s])));
    assert.deepEqual({ code, signal }, { code: 0, signal: null }, stderr);
    const messages = stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => String((JSON.parse(l) as { msg: string }).msg));
    assert.deepEqual(messages, ['stopping', 'stopped']);
  } finally {
    child.kill('SIGKILL');
    posts.cleanup();
  }
});

test('SIGTERM while a large warm cache is read: exit 0, "stopped", the cache file as it was', async () => {
  const posts = new PostsDir();
  for (let i = 0; i < 4000; i++) posts.post(`2024-03-01-p${i}.md`, { title: `Post ${i}`, tags: [`t${i % 50}`], body: `<p>${'body text '.repeat(100)}</p>` });
  const cache = mkdtempSync(path.join(os.tmpdir(), 'fw-stop-cache-'));
  const port = await new Promise<number>((resolve) => {
    const probe = http.createServer().listen(0, '127.0.0.1', () => {
      const { port: p } = probe.address() as { port: number };
      probe.close(() => resolve(p));
    });
  });
  const config = testConfigFile(posts.dir, { diskCache: { dir: cache }, server: { port } });
  try {
    // A first run writes the cache (~8 MB); its stop waits for the write.
    const first = spawnServe(['serve', '--config', config]);
    await first.line('feedwright started', 60_000);
    first.child.kill('SIGTERM');
    assert.equal((await first.exited).code, 0);
    const folder = path.join(cache, readdirSync(cache)[0] as string);
    const listing = (): string =>
      readdirSync(folder)
        .map((f) => `${f} ${statSync(path.join(folder, f)).size} ${statSync(path.join(folder, f)).mtimeMs}`)
        .join(', ');
    const before = listing();
    assert.match(before, /^state\.bin \d{7,}/);

    // The port answers from before the cache is read: a stop sent as soon as it does lands in the read
    // (about 0.1 s here) most times; the phase lines (debug) tell, and at least one try must land there.
    let landed = 0;
    for (let attempt = 0; attempt < 3 && landed === 0; attempt++) {
      const serve = spawnServe(['serve', '--config', config], { LOG_LEVEL: 'debug' });
      try {
        await until(
          async () => (await get(`http://127.0.0.1:${port}/healthz`).catch(() => undefined))?.status === 200 || serve.child.exitCode !== null,
          'the port to answer',
          30_000,
          2,
        );
        serve.child.kill('SIGTERM');
        assert.deepEqual(await serve.exited, { code: 0, signal: null }, serve.output());
        const messages = serve.messages();
        assert.equal(messages.at(-1), 'stopped');
        assert.ok(!messages.includes('shutdown failed'));
        assert.equal(listing(), before, 'the cache file is left as it was, and nothing beside it');
        const cacheAt = messages.indexOf('start: cache');
        if (cacheAt !== -1 && cacheAt < messages.indexOf('stopping') && !messages.includes('start: first rescan')) landed++;
      } finally {
        serve.child.kill('SIGKILL');
      }
    }
    assert.equal(landed, 1, 'a stop landed in the cache read');
  } finally {
    posts.cleanup();
  }
});
