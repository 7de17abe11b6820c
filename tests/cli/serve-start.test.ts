// How `feedwright serve` starts and how it fails, as the built CLI in a real process: a port in use, a
// listen refused, a missing posts folder are one line with the fix and exit 1 (no stack trace);
// --host and HOST choose the address; no config file or no site.url is one warning naming the defaults;
// log lines name their level, and a rescan with rejected posts is a warning with counts and objects.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { listenError } from '../../src/cli/serve.js';
import { ListenError } from '../../src/errors.js';
import { runCli, spawnCli } from '../helpers/cli.js';
import { testConfig, testConfigFile } from '../helpers/config.js';
import { PostsDir } from '../helpers/posts-dir.js';
import { get } from '../helpers/service.js';
import { until } from '../helpers/until.js';
import { listenLocal } from '../helpers/port.js';

interface Running {
  readonly child: ChildProcess;
  readonly lines: Record<string, unknown>[];
  readonly started: Record<string, unknown>;
}

/** `feedwright <args>` with info logging, once it logs `feedwright started`; the caller stops it. */
async function start(args: readonly string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<Running> {
  const child = spawnCli(args, { ...options, env: { LOG_LEVEL: 'info', ...options.env } });
  const lines: Record<string, unknown>[] = [];
  let buffered = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? '';
    for (const line of parts) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
  });
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  await until(() => lines.some((l) => l.msg === 'feedwright started') || child.exitCode !== null, 'the server to start', 20_000);
  const started = lines.find((l) => l.msg === 'feedwright started');
  assert.ok(started, `the server did not start: ${stderr}`);
  return { child, lines, started };
}

async function stop(running: Running): Promise<void> {
  const exited = new Promise((resolve) => running.child.once('exit', resolve));
  running.child.kill('SIGTERM');
  await exited;
}

test('a port in use: one line naming the port and the fix, exit 1, no stack trace', async () => {
  const posts = new PostsDir();
  posts.post('a.md', { title: 'A' });
  const blocker = http.createServer();
  const port = await listenLocal(blocker);
  try {
    const res = runCli(['serve', '--config', testConfigFile(posts.dir), '--port', String(port)]);
    assert.equal(res.status, 1);
    assert.equal(
      res.stderr,
      `feedwright: cannot listen on 127.0.0.1:${port}: the port is in use (EADDRINUSE); stop what uses it, or pick another port with --port, PORT or server.port\n`,
    );
  } finally {
    blocker.close();
    posts.cleanup();
  }
});

test('a missing posts folder at start: one line naming the folder and the setting, exit 1', () => {
  const posts = new PostsDir();
  try {
    const res = runCli(['serve', '--config', testConfigFile(posts.dir), '--posts', '/nonexistent/posts']);
    assert.equal(res.status, 1);
    assert.match(res.stderr, /^feedwright: posts folder not found: \/nonexistent\/posts \(set posts\.dir in the config file, or FEEDWRIGHT_POSTS_DIR\)\n$/);
  } finally {
    posts.cleanup();
  }
});

test('a refused listen names the fix; other errors are left as they are', () => {
  const posts = new PostsDir();
  try {
    const config = testConfig(posts.dir, { server: { host: '0.0.0.0', port: 80 } });
    const refused = (code: string, syscall = 'listen') => listenError(Object.assign(new Error(code), { code, syscall }), config);
    const eacces = refused('EACCES');
    assert.ok(eacces instanceof ListenError && eacces.code === 'FW_ERR_LISTEN');
    assert.match(eacces.message, /^cannot listen on 0\.0\.0\.0:80: permission denied \(EACCES\); ports below 1024 need privileges: .*CAP_NET_BIND_SERVICE$/);
    assert.match(refused('EADDRNOTAVAIL')?.message ?? '', /no such address on this machine \(EADDRNOTAVAIL\); fix --host, HOST or server\.host/);
    assert.match(refused('ENOTFOUND', 'getaddrinfo')?.message ?? '', /\(ENOTFOUND\)/);
    assert.equal(refused('EACCES', 'open'), undefined, 'an EACCES elsewhere is not about listening');
    assert.equal(listenError(new Error('boom'), config), undefined);
  } finally {
    posts.cleanup();
  }
});

test('--host and HOST choose the address, over server.host; --host wins', async () => {
  const posts = new PostsDir();
  posts.post('a.md', { title: 'A' });
  const config = testConfigFile(posts.dir, { server: { host: '0.0.0.0' } });
  try {
    for (const [args, env] of [
      [['--host', '127.0.0.1'], {}],
      [[], { HOST: '127.0.0.1' }],
      [['--host', '127.0.0.1'], { HOST: '0.0.0.0' }],
    ] as const) {
      const running = await start(['serve', '--config', config, '--port', '0', ...args], { env });
      try {
        // 0.0.0.0 would be shown as localhost.
        assert.match(String(running.started.url), /^http:\/\/127\.0\.0\.1:\d+\/$/, JSON.stringify({ args, env }));
        assert.equal((await get(String(running.started.url))).status, 200);
      } finally {
        await stop(running);
      }
    }
    const empty = runCli(['serve', '--config', config, '--host', '']);
    assert.equal(empty.status, 2);
    assert.match(empty.stderr, /^feedwright: --host: must be an address or a host name/);
  } finally {
    posts.cleanup();
  }
});

test('no config file and no site.url: one warning naming the defaults; logs name their level', async () => {
  const cwd = mkdtempSync(path.join(os.tmpdir(), 'fw-bare-'));
  mkdirSync(path.join(cwd, 'posts'));
  writeFileSync(path.join(cwd, 'posts', '2024-03-01-a.md'), '---\ntitle: A\n---\nA\n');
  const running = await start(['--port', '0', '--host', '127.0.0.1'], { cwd });
  try {
    // (Other warnings may come, the cache's for one: this environment has no HOME.)
    const warnings = running.lines.filter((l) => l.level === 'warn' && /defaults|site\.url/.test(String(l.msg)));
    assert.equal(warnings.length, 1, JSON.stringify(running.lines));
    assert.match(
      String(warnings[0]?.msg),
      /^no config file at .*config\/feedwright\.yaml: the built-in defaults apply \(site\.title "feedwright", posts\.dir .*\); site\.url is not set: feeds and pages link to http:\/\/localhost:8080\//,
    );
    assert.equal(running.started.level, 'info');
    assert.ok(running.lines.every((l) => typeof l.level === 'string'));
  } finally {
    await stop(running);
  }
  // With a config file that sets site.url: no warning at all.
  const posts = new PostsDir();
  posts.post('a.md', { title: 'A' });
  const quiet = await start(['serve', '--config', testConfigFile(posts.dir), '--port', '0']);
  try {
    assert.deepEqual(
      quiet.lines.filter((l) => /defaults|site\.url/.test(String(l.msg))),
      [],
    );
  } finally {
    await stop(quiet);
    posts.cleanup();
  }
});

test('a rescan that rejected posts: logged at warn with error and warning counts, problems as objects', async () => {
  const posts = new PostsDir();
  posts.post('2024-03-01-good.md', { title: 'Good' });
  posts.write('bad.md', '---\ntitle: [\n---\nbody\n');
  posts.write('plain.md', 'no front matter');
  const running = await start(['serve', '--config', testConfigFile(posts.dir), '--port', '0']);
  try {
    const rescan = running.lines.find((l) => l.reason === 'start');
    assert.ok(rescan);
    assert.equal(rescan.level, 'warn');
    assert.equal(rescan.ok, true);
    assert.deepEqual([rescan.problems, rescan.errors, rescan.warnings], [2, 1, 1]);
    assert.deepEqual(rescan.problemList, [
      { path: 'bad.md', line: 3, code: 'FW_POST_BAD_YAML', severity: 'error', reason: (rescan.problemList as { reason: string }[])[0]?.reason },
      { path: 'plain.md', line: 1, code: 'FW_POST_NO_FRONT_MATTER', severity: 'warning', reason: (rescan.problemList as { reason: string }[])[1]?.reason },
    ]);
    assert.deepEqual([running.started.errors, running.started.warnings], [1, 1]);
  } finally {
    await stop(running);
    posts.cleanup();
  }
});

test('a warm start through serve (its folder listed while the code loads) serves the cache at once; an edit made while stopped is found', async () => {
  const posts = new PostsDir();
  for (let i = 0; i < 30; i++) posts.post(`2024/${i % 3}/p${i}.md`, { title: `Post ${i}`, tags: [`t${i % 4}`] });
  const config = testConfigFile(posts.dir, { diskCache: { dir: mkdtempSync(path.join(os.tmpdir(), 'fw-serve-cache-')) } });
  type Cache = { writes: number; atStart: { used: boolean; servedAtOnce?: boolean } };
  const cacheOf = async (running: Running): Promise<Cache> => {
    const res = await get(new URL('status', String(running.started.url)).href);
    return (JSON.parse(res.body.toString('utf8')) as { cache: Cache }).cache;
  };
  // A start that read or rendered something writes the cache (in the background): it is waited for.
  const run = async (check: (running: Running) => Promise<void>, writes = true): Promise<void> => {
    const running = await start(['serve', '--config', config]);
    try {
      await check(running);
      if (writes) await until(async () => (await cacheOf(running)).writes >= 1, 'the warm cache to be written', 10_000);
    } finally {
      await stop(running);
    }
  };
  try {
    await run(async (cold) => assert.equal((await cacheOf(cold)).atStart.used, false));
    await run(async (warm) => {
      const { used, servedAtOnce } = (await cacheOf(warm)).atStart;
      assert.deepEqual({ used, servedAtOnce }, { used: true, servedAtOnce: true });
    }, false);
    posts.post('2024/1/p7.md', { title: 'Post 7, edited while stopped', tags: ['t3'] });
    await run(async (edited) => {
      assert.equal((await cacheOf(edited)).atStart.servedAtOnce, undefined);
      const feed = await get(new URL('rss.xml', String(edited.started.url)).href);
      assert.match(feed.body.toString('utf8'), /Post 7, edited while stopped/);
    });
  } finally {
    posts.cleanup();
  }
});
