// `feedwright serve` and `check` with posts.git against a real git server that hangs (issue 23, item 2), as
// the built CLI: the port is bound from the first second whatever git does; a first start without a
// checkout answers /healthz, says 503 with Retry-After until the clone works (tried again meanwhile) and
// then serves; with a checkout the last good posts are served at once and stay served (and ready) while a
// fetch hangs; a stop at any of these moments exits 0 with no git process and no half-made clone left;
// the URL's password is never in a log line, /status or a command line; `check` is bounded too.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ConfigInput } from '../../src/config/schema.js';
import { spawnCli } from '../helpers/cli.js';
import { testConfigFile } from '../helpers/config.js';
import { GitHttpServer, processesMentioning, Repository } from '../helpers/git-http.js';
import { spawnServe, type ServeProcess } from '../helpers/serve-process.js';
import { get } from '../helpers/service.js';
import { until } from '../helpers/until.js';

const USER = 'feed-bot';
const PASSWORD = 'pw-serve-Xk29';
const SECRET = 'serve-git-test-secret-0123456789';

const json = async (url: string): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> => {
  const r = await get(url);
  return { status: r.status, body: JSON.parse(r.text) as Record<string, unknown>, headers: r.headers };
};
const titles = async (url: string): Promise<string[]> => ((await json(`${url}feed.json`)).body.items as { title: string }[]).map((i) => i.title).sort();
const gitStatus = async (url: string): Promise<Record<string, unknown>> => (await json(`${url}status`)).body.git as Record<string, unknown>;

describe('feedwright serve with posts.git and a server that hangs', () => {
  const repo = new Repository();
  let server: GitHttpServer;
  const gitProcesses = (): unknown[] => processesMentioning(`127.0.0.1:${server.port}`);

  before(async () => {
    repo.commit('One');
    server = await GitHttpServer.start(repo.root, { auth: { username: USER, password: PASSWORD } });
  });
  after(() => server?.close());

  /** A config for the repository through the server, with the password in the URL, and its own cache. */
  const configFile = (timeoutSeconds: number, cache = mkdtempSync(path.join(os.tmpdir(), 'fw-serve-git-'))): { file: string; cache: string } => {
    const input: ConfigInput = {
      posts: { git: { url: server.url('site.git', `${USER}:${PASSWORD}`), subdir: 'posts', timeoutSeconds } },
      diskCache: { dir: cache },
      schedule: '0 0 1 1 *',
      webhook: { secret: SECRET },
    };
    return { file: testConfigFile('unused', input), cache };
  };
  const stop = async (serve: ServeProcess): Promise<void> => {
    serve.child.kill('SIGTERM');
    assert.deepEqual(await serve.exited, { code: 0, signal: null }, serve.output());
    assert.equal(serve.messages().at(-1), 'stopped', serve.output());
    assert.deepEqual(gitProcesses(), [], 'no git process is left');
    assert.doesNotMatch(serve.output(), new RegExp(PASSWORD), 'no log line holds the password');
  };

  test('a first start whose clone hangs: /healthz at once, 503 with Retry-After meanwhile, /status says why; served once the clone works', async () => {
    server.mode = 'hang';
    const { file, cache } = configFile(1);
    const serve = spawnServe(['serve', '--config', file]);
    try {
      const url = String((await serve.line('listening')).url);
      assert.equal((await get(`${url}healthz`)).status, 200);
      const ready = await json(`${url}readyz`);
      assert.deepEqual([ready.status, ready.body.status, ready.headers.get('retry-after')], [503, 'starting', '5']);
      const feed = await get(`${url}feed.json`);
      assert.deepEqual([feed.status, feed.headers.get('retry-after')], [503, '5']);
      const status = await json(`${url}status`);
      assert.equal(status.body.phase, 'posts');
      assert.equal((status.body.git as { url: string }).url, server.url('site.git'));

      // Each failure is one warning; /status shows it, with when the next attempt is due.
      const failed = await serve.line('posts.git: the clone failed; nothing to serve yet, trying again');
      assert.match(String(failed.error), /took longer than 1 s|Operation too slow/);
      await until(async () => (await gitStatus(url)).error !== undefined, 'the failure in /status');
      assert.match(String((await gitStatus(url)).error), /took longer than 1 s|Operation too slow/);
      assert.ok(Number((await gitStatus(url)).failures) >= 1);
      assert.equal((await get(`${url}healthz`)).status, 200);
      // A push meanwhile is taken, and its rescan waits for the start's first one.
      const push = await get(
        `${url}hooks/rebuild`,
        { authorization: `Bearer ${SECRET}`, 'content-type': 'application/json' },
        'POST',
        '{"ref":"refs/heads/main"}',
      );
      assert.equal(push.status, 202);

      server.mode = 'serve';
      await until(async () => (await get(`${url}readyz`)).status === 200, 'the clone to succeed and the feeds to be built', 30_000);
      assert.deepEqual(await titles(url), ['One']);
      await until(() => serve.lines.some((l) => l.reason === 'webhook'), "the push's rescan");
      assert.deepEqual(
        serve.lines.filter((l) => l.msg === 'rescan').map((l) => [l.reason, l.ok]),
        [
          ['start', true],
          ['webhook', true],
        ],
      );
      const git = await gitStatus(url);
      assert.deepEqual([git.error, git.activity, git.failures, git.retryAt], [undefined, null, 0, null]);
      assert.doesNotMatch(JSON.stringify((await json(`${url}status`)).body), new RegExp(PASSWORD));
      assert.equal((await json(`${url}status`)).body.phase, 'running');
      await stop(serve);
      assert.deepEqual(
        readdirSync(path.join(cache, 'git')).filter((n) => n.includes('.clone-')),
        [],
      );
    } finally {
      serve.child.kill('SIGKILL');
    }
  });

  test('SIGTERM while the first clone hangs: exit 0, "stopped", no git process and no half-made clone left', async () => {
    server.mode = 'hang';
    const { file, cache } = configFile(60);
    const serve = spawnServe(['serve', '--config', file]);
    try {
      const url = String((await serve.line('listening')).url);
      await until(async () => (await gitStatus(url)).activity === 'cloning' && server.requests.at(-1)?.authorization !== undefined, 'the clone to hang');
      assert.notDeepEqual(gitProcesses(), []);
      assert.deepEqual(processesMentioning(PASSWORD), [], 'the password is on no command line');
      await stop(serve);
      assert.ok(!serve.messages().includes('feedwright started'));
      assert.deepEqual(readdirSync(path.join(cache, 'git')), []);
    } finally {
      serve.child.kill('SIGKILL');
    }
  });

  test('with a checkout from an earlier run: served at once and ready while the fetch hangs; a stop then is clean; the fetch is tried again', async () => {
    server.mode = 'serve';
    const { cache } = configFile(1);
    const first = spawnServe(['serve', '--config', configFile(60, cache).file]);
    try {
      await first.line('feedwright started');
      await stop(first);
    } finally {
      first.child.kill('SIGKILL');
    }
    repo.commit('Two');
    server.mode = 'hang';

    // A fetch that would hang for a minute: the start does not wait for it, and a stop ends it.
    const hung = spawnServe(['serve', '--config', configFile(60, cache).file]);
    try {
      const url = String((await hung.line('feedwright started')).url);
      assert.equal((await get(`${url}readyz`)).status, 200, 'a checkout that is there is something to serve');
      assert.deepEqual(await titles(url), ['One']);
      await until(async () => (await gitStatus(url)).activity === 'fetching' && server.requests.at(-1)?.authorization !== undefined, 'the fetch to hang');
      assert.equal((await get(`${url}readyz`)).status, 200);
      await stop(hung);
    } finally {
      hung.child.kill('SIGKILL');
    }

    // A fetch that gives up after 1 s: the last good posts stay served and ready, /status says why, and
    // the fetch is tried again (5 s later) until the server is back.
    const retried = spawnServe(['serve', '--config', configFile(1, cache).file]);
    try {
      const url = String((await retried.line('feedwright started')).url);
      await until(async () => (await gitStatus(url)).error !== undefined, 'the fetch to fail');
      assert.match(String((await gitStatus(url)).error), /took longer than 1 s|Operation too slow/);
      assert.equal((await get(`${url}readyz`)).status, 200);
      assert.deepEqual(await titles(url), ['One']);
      await until(() => retried.lines.some((l) => l.reason === 'git'), "the fetch's rescan");
      const failedRescan = retried.lines.find((l) => l.reason === 'git');
      assert.ok(failedRescan);
      assert.equal(failedRescan.ok, true, 'the rescan itself read the checkout as it is');
      assert.equal((failedRescan.problemList as { code: string }[])[0]?.code, 'FW_GIT_FETCH_FAILED');
      assert.notEqual((await gitStatus(url)).retryAt, null);
      server.mode = 'serve';
      await until(async () => (await titles(url)).length === 2, 'the retry to fetch the new commit', 30_000);
      await until(() => retried.lines.some((l) => l.reason === 'retry' && l.ok === true), "the retry's log line");
      await stop(retried);
    } finally {
      retried.child.kill('SIGKILL');
    }
  });

  test('feedwright check against a hung server: one line and exit 1 within the timeout, nothing left running', async () => {
    const check = async (file: string): Promise<{ code: number | null; stdout: string; stderr: string }> => {
      // Not runCli (spawnSync): the git server answers from this process.
      const child = spawnCli(['check', '--config', file]);
      let stdout = '';
      let stderr = '';
      child.stdout?.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
      child.stderr?.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      return { code, stdout, stderr };
    };
    server.mode = 'hang';
    const { file, cache } = configFile(1);
    const cloning = await check(file);
    assert.equal(cloning.code, 1);
    assert.match(
      cloning.stderr,
      /^feedwright: posts\.git: cannot clone http:\/\/127\.0\.0\.1:\d+\/site\.git \(branch main\): (git clone took longer than 1 s \(posts\.git\.timeoutSeconds\); it was stopped|fatal: .*Operation too slow.*)\n$/,
    );
    assert.doesNotMatch(cloning.stderr, new RegExp(PASSWORD));
    assert.deepEqual(gitProcesses(), []);
    assert.ok(!existsSync(path.join(cache, 'git')) || readdirSync(path.join(cache, 'git')).length === 0);

    // With a checkout: the fetch fails within the timeout, as one problem line, and the posts are checked.
    server.mode = 'serve';
    assert.equal((await check(file)).code, 0);
    server.mode = 'hang';
    const fetching = await check(file);
    assert.equal(fetching.code, 1);
    assert.match(
      fetching.stdout,
      /^http:\/\/127\.0\.0\.1:\d+\/site\.git: error: the posts repository could not be fetched; the last checkout is read: (git fetch took longer than 1 s|fatal: .*Operation too slow).*\[FW_GIT_FETCH_FAILED\]\n$/,
    );
    assert.match(fetching.stderr, /\d+ posts/);
    assert.doesNotMatch(fetching.stdout + fetching.stderr, new RegExp(PASSWORD));
    assert.deepEqual(gitProcesses(), []);

    // Ctrl-C does not reach git's own process group: check ends git, then itself as the signal would.
    const seen = server.requests.length;
    const interrupted = spawnCli(['check', '--config', configFile(60).file]);
    const ended = new Promise<NodeJS.Signals | null>((resolve) => interrupted.on('close', (_code, signal) => resolve(signal)));
    await until(() => server.requests.slice(seen).some((r) => r.authorization !== undefined), 'the clone to hang');
    interrupted.kill('SIGINT');
    assert.equal(await ended, 'SIGINT');
    assert.deepEqual(gitProcesses(), []);
  });
});
