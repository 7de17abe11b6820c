// Every git command is bounded and leaves nothing behind (issue 23, item 2): against a real server that
// accepts and never answers, a timeout or an abort ends git and the helpers it started (git remote-http,
// git-remote-http), which a kill of git alone left running under PID 1 with the socket open.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { GitError } from '../../src/errors.js';
import { runGit } from '../../src/rescan/git-command.js';
import { GitHttpServer, processesMentioning } from '../helpers/git-http.js';
import { until } from '../helpers/until.js';

// No stall detection by git itself here (it is git-env.ts's): only the timeout and the abort can end it.
const ENV = { PATH: process.env.PATH, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' };

describe('runGit against a server that never answers', () => {
  let server: GitHttpServer;
  const target = (): string => path.join(mkdtempSync(path.join(os.tmpdir(), 'fw-git-cmd-')), 'clone');
  const port = (): string => `127.0.0.1:${server.port}/`;

  before(async () => {
    server = await GitHttpServer.start(os.tmpdir(), { mode: 'hang' });
  });
  after(() => server?.close());

  test('the timeout ends git and every helper it started, and says how long it waited', async () => {
    const seen = server.requests.length;
    const cloning = runGit(['clone', '--quiet', server.url('hung.git'), target()], { env: ENV, timeoutMs: 1500, timeoutSetting: 'posts.git.timeoutSeconds' });
    // While it waits, git and its helpers are there (what the test below would otherwise miss).
    await until(() => server.requests.length > seen, 'git to send its request');
    const running = processesMentioning(port()).map((p) => p.cmdline);
    assert.ok(
      running.some((c) => /git-remote-http|git remote-http/.test(c)),
      running.join('\n'),
    );
    await assert.rejects(
      cloning,
      (err: unknown) => err instanceof GitError && /^git clone took longer than 1\.5 s \(posts\.git\.timeoutSeconds\); it was stopped$/.test(err.message),
    );
    assert.deepEqual(processesMentioning(port()), [], 'no git process is left');
  });

  test('an abort ends them too, at once, and rejects with the abort reason', async () => {
    const seen = server.requests.length;
    const stop = new AbortController();
    const cloning = runGit(['clone', '--quiet', server.url('hung.git'), target()], { env: ENV, timeoutMs: 60_000, signal: stop.signal });
    await until(() => server.requests.length > seen, 'git to send its request');
    assert.notDeepEqual(processesMentioning(port()), []);
    const reason = new Error('stopping');
    stop.abort(reason);
    await assert.rejects(cloning, (err: unknown) => err === reason);
    assert.deepEqual(processesMentioning(port()), [], 'no git process is left');
  });

  test('an abort before the start runs nothing', async () => {
    const stop = new AbortController();
    stop.abort(new Error('early'));
    await assert.rejects(runGit(['--version'], { env: ENV, timeoutMs: 1000, signal: stop.signal }), /early/);
  });
});

test("a failing command: git's first complaint, with URLs redacted; stdout when it works", async () => {
  assert.match(await runGit(['--version'], { env: ENV, timeoutMs: 10_000 }), /^git version /);
  await assert.rejects(
    runGit(['ls-remote', 'http://user:hunter2@127.0.0.1:1/r.git?access_token=tok'], { env: ENV, timeoutMs: 10_000 }),
    (err: unknown) =>
      err instanceof GitError &&
      /^fatal: unable to access 'http:\/\/127\.0\.0\.1:1\/r\.git\?access_token=\*\*\*'/.test(err.message) &&
      !/hunter2|tok\b/.test(err.message),
  );
});
