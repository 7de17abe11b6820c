// The checkout against a real git server over HTTP (issue 23, item 2): a hung fetch is ended within the
// timeout with nothing left running and the checkout as it was; credentials in the URL reach git through
// the environment only (never argv, .git/config, errors or /status); a checkout an older version made
// with the credentials in its .git/config is taken over and cleaned; a stop leaves no half-made clone.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { GitError } from '../../../src/errors.js';
import { GitCheckout, type GitOptions, underSubdir } from '../../../src/sources/git/checkout.js';
import { git, GitHttpServer, processesMentioning, Repository } from '../../helpers/git-http.js';
import { until } from '../../helpers/until.js';

const run = promisify(execFile);

const USER = 'feed-bot';
const PASSWORD = 'pw-Zq7-not-in-argv';

function checkoutOptions(url: string, extra: Partial<GitOptions> = {}): GitOptions {
  const root = path.join(mkdtempSync(path.join(os.tmpdir(), 'fw-git-co-')), 'git');
  return { url, branch: 'main', dir: path.join(root, 'site'), depth: 1, timeoutMs: 2000, env: { PATH: process.env.PATH, HOME: os.tmpdir() }, ...extra };
}

describe('GitCheckout over HTTP with a user name and password', () => {
  const repo = new Repository();
  let server: GitHttpServer;
  before(async () => {
    repo.commit('One');
    server = await GitHttpServer.start(repo.root, { auth: { username: USER, password: PASSWORD } });
  });
  after(() => server?.close());

  test('clones and fetches; the password is in no command line, .git/config, error or status', async () => {
    const options = checkoutOptions(server.url('site.git', `${USER}:${PASSWORD}`));
    const checkout = new GitCheckout(options);
    assert.equal(await checkout.open(), 'cloned');
    assert.ok(
      server.requests.some((r) => r.authorization === `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`),
      'git sent the credentials',
    );
    assert.equal(git(options.dir, 'config', '--get', 'remote.origin.url'), server.url('site.git'));
    assert.doesNotMatch(readFileSync(path.join(options.dir, '.git', 'config'), 'utf8'), new RegExp(PASSWORD));

    // A fetch that the server holds after checking the credentials: git and its helpers are running now.
    const head = repo.commit('Two');
    server.mode = 'hang';
    const seen = server.requests.length;
    const fetching = checkout.update();
    await until(() => server.requests.slice(seen).some((r) => r.authorization !== undefined), 'the authenticated request');
    const running = processesMentioning(`127.0.0.1:${server.port}`);
    assert.ok(running.length >= 2, JSON.stringify(running));
    assert.deepEqual(processesMentioning(PASSWORD), [], 'the password is on no command line');
    const failed = await fetching;
    assert.ok('error' in failed);
    assert.match(failed.error, /^git fetch took longer than 2 s \(posts\.git\.timeoutSeconds\); it was stopped$|Operation too slow/);
    assert.deepEqual(processesMentioning(`127.0.0.1:${server.port}`), [], 'nothing is left running');
    assert.equal(checkout.status.failures, 1);

    // The checkout is as it was (no lock file left), and the next fetch brings the new commit.
    server.mode = 'serve';
    // The fetch names what it changed (git's diff of the two commits).
    assert.deepEqual(await checkout.update(), { commit: head, changed: ['posts/2024-03-02-p2.md'] });
    const status = JSON.stringify(checkout.status);
    assert.doesNotMatch(status, new RegExp(`${PASSWORD}|${USER}`));
    assert.equal(checkout.status.url, server.url('site.git'));
    assert.equal(checkout.status.failures, 0);
  });

  test('a refused password is one line without it', async () => {
    const checkout = new GitCheckout(checkoutOptions(server.url('site.git', `${USER}:wrong-${PASSWORD}`)));
    await assert.rejects(
      checkout.open(),
      (err: unknown) =>
        err instanceof GitError &&
        /^posts\.git: cannot clone http:\/\/127\.0\.0\.1:\d+\/site\.git \(branch main\): fatal: Authentication failed/.test(err.message) &&
        !err.message.includes(PASSWORD),
    );
  });

  test('a checkout an older version made (named after the whole URL, the password in its .git/config) is taken over', async () => {
    const url = server.url('site.git', `${USER}:${PASSWORD}`);
    const options = checkoutOptions(url);
    const former = path.join(path.dirname(options.dir), 'older-name');
    mkdirSync(path.dirname(former), { recursive: true });
    // What the old code did: a clone with the URL as configured.
    // (Not execFileSync: the server answers from this process.)
    await run('git', ['-c', 'credential.helper=', 'clone', '--quiet', '--branch', 'main', url, former], {
      env: { PATH: process.env.PATH, GIT_TERMINAL_PROMPT: '0' },
    });
    assert.match(readFileSync(path.join(former, '.git', 'config'), 'utf8'), new RegExp(PASSWORD));
    const requests = server.requests.length;
    const checkout = new GitCheckout({ ...options, formerDir: former });
    assert.equal(await checkout.open(), 'found');
    assert.equal(server.requests.length, requests, 'no new clone');
    assert.ok(!existsSync(former));
    assert.equal(git(options.dir, 'config', '--get', 'remote.origin.url'), server.url('site.git'));
    assert.doesNotMatch(readFileSync(path.join(options.dir, '.git', 'config'), 'utf8'), new RegExp(PASSWORD));
    assert.ok('commit' in (await checkout.update()), 'and it fetches with the credentials from the environment');
  });
});

describe('GitCheckout against a server that never answers', () => {
  let server: GitHttpServer;
  before(async () => {
    server = await GitHttpServer.start(os.tmpdir(), { mode: 'hang' });
  });
  after(() => server?.close());

  test('a clone that hangs fails within the timeout, with no process and no half-made folder left', async () => {
    const options = checkoutOptions(server.url('hung.git'), { timeoutMs: 1000 });
    const checkout = new GitCheckout(options);
    await assert.rejects(
      checkout.open(),
      (err: unknown) => err instanceof GitError && /cannot clone .*: (git clone took longer than 1 s|fatal: .*Operation too slow)/.test(err.message),
    );
    assert.deepEqual(processesMentioning(`127.0.0.1:${server.port}`), []);
    assert.deepEqual(readdirSync(path.dirname(options.dir)), []);
    assert.equal(checkout.status.failures, 1);
    assert.match(checkout.status.error ?? '', /took longer|too slow/);
  });

  test('a stop during a clone ends it at once: the stop is not a failure, and nothing is left', async () => {
    const options = checkoutOptions(server.url('hung.git'), { timeoutMs: 60_000 });
    const checkout = new GitCheckout(options);
    const stop = new AbortController();
    const seen = server.requests.length;
    const opening = checkout.open(stop.signal);
    await until(() => server.requests.length > seen && checkout.status.activity === 'cloning', 'the clone to begin');
    stop.abort(new Error('stopping'));
    await assert.rejects(opening, /stopping/);
    assert.deepEqual(processesMentioning(`127.0.0.1:${server.port}`), []);
    assert.deepEqual(readdirSync(path.dirname(options.dir)), []);
    assert.equal(checkout.status.failures, 0);
  });
});

test('clones a killed process left are removed once it is gone; a live process keeps its own', async () => {
  const repo = new Repository();
  repo.commit('One');
  const options = checkoutOptions(`file://${repo.bare}`);
  const root = path.dirname(options.dir);
  const dead = `${options.dir}.clone-999999999`;
  const live = `${options.dir}.clone-${process.ppid}`;
  for (const dir of [dead, live]) mkdirSync(path.join(dir, '.git'), { recursive: true });
  await new GitCheckout(options).open();
  assert.deepEqual(readdirSync(root).sort(), [path.basename(live), path.basename(options.dir)].sort());
  // (The live one is some other process's business.)
  renameSync(live, `${live}-checked`);
});

test("underSubdir: a fetch's changed files as paths in the posts folder; the folder itself named means everything", () => {
  const changed = ['_posts/2026-12-01-a.md', 'README.md', '_posts/2026/b.md', '_postsx/c.md'];
  assert.deepEqual(underSubdir(changed, ''), changed);
  assert.deepEqual(underSubdir(changed, '_posts'), ['2026-12-01-a.md', '2026/b.md']);
  assert.deepEqual(underSubdir(['site/_posts/x.md'], 'site/_posts'), ['x.md']);
  // A clean that removed the folder whole names the folder: a rescan of nothing would keep its posts.
  assert.equal(underSubdir(['_posts', 'README.md'], '_posts'), undefined);
});
