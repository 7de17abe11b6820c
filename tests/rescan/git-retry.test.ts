// Trying git again (issue 23, item 2): the first clone until it works, with bounded backoff, ended by a
// stop; a failed fetch planned once more after a backoff, reset by a fetch that works.
import assert from 'node:assert/strict';
import { mkdtempSync, renameSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { GitCheckout } from '../../src/rescan/git-checkout.js';
import { FetchRetry, openWithRetries } from '../../src/rescan/git-retry.js';
import { GitHttpServer, processesMentioning, Repository } from '../helpers/git-http.js';
import { until } from '../helpers/until.js';

const FAST = { firstMs: 20, maxMs: 80 };

function checkout(url: string, timeoutMs = 1000): GitCheckout {
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'fw-git-retry-')), 'git', 'site');
  return new GitCheckout({ url, branch: 'main', dir, depth: 1, timeoutMs, env: { PATH: process.env.PATH } });
}

test('the first clone is tried again until the server answers, each failure heard with its wait', async () => {
  const repo = new Repository();
  repo.commit('One');
  const server = await GitHttpServer.start(repo.root, { mode: 'hang' });
  try {
    const git = checkout(server.url('site.git'));
    const failures: { attempt: number; error: string; retryInMs: number }[] = [];
    const opening = openWithRetries(git, {
      backoff: FAST,
      failed: (f) => {
        failures.push(f);
        // The server comes back after two failures.
        if (failures.length === 2) server.mode = 'serve';
      },
    });
    assert.equal(await opening, 'cloned');
    assert.deepEqual(
      failures.map((f) => [f.attempt, f.retryInMs]),
      [
        [1, 20],
        [2, 40],
      ],
    );
    assert.match(failures[0]?.error ?? '', /took longer than 1 s|Operation too slow/);
    assert.equal(git.status.error, undefined);
    assert.equal(git.status.retryAt, undefined);
    assert.deepEqual(processesMentioning(`127.0.0.1:${server.port}`), []);
  } finally {
    await server.close();
  }
});

test('a stop while the clone hangs or while it waits to try again: "stopped", nothing left running', async () => {
  const server = await GitHttpServer.start(os.tmpdir(), { mode: 'hang' });
  try {
    for (const when of ['cloning', 'waiting'] as const) {
      const git = checkout(server.url('hung.git'), when === 'cloning' ? 60_000 : 300);
      const stop = new AbortController();
      const opening = openWithRetries(git, { signal: stop.signal, backoff: { firstMs: 60_000, maxMs: 60_000 } });
      await until(() => (when === 'cloning' ? git.status.activity === 'cloning' : git.status.retryAt !== undefined), when);
      stop.abort();
      assert.equal(await opening, 'stopped');
      assert.deepEqual(processesMentioning(`127.0.0.1:${server.port}`), [], when);
    }
  } finally {
    await server.close();
  }
});

test('FetchRetry: one retry planned while the last fetch failed, none once one worked', async () => {
  const repo = new Repository();
  repo.commit('One');
  const git = checkout(`file://${repo.bare}`);
  await git.open();
  let retries = 0;
  const retry = new FetchRetry(git, () => retries++, FAST);
  retry.rescanned();
  assert.equal(git.status.retryAt, undefined, 'nothing failed: nothing planned');
  const moved = `${repo.bare}.gone`;
  renameSync(repo.bare, moved);
  assert.ok('error' in (await git.update()));
  retry.rescanned();
  retry.rescanned(); // a second rescan meanwhile plans no second retry
  assert.ok(git.status.retryAt !== undefined);
  await until(() => retries === 1, 'the retry');
  assert.equal(git.status.retryAt, undefined);
  renameSync(moved, repo.bare);
  assert.ok('commit' in (await git.update()));
  retry.rescanned();
  assert.equal(git.status.retryAt, undefined);
  // After close nothing is planned any more.
  renameSync(repo.bare, moved);
  await git.update();
  retry.close();
  retry.rescanned();
  assert.equal(git.status.retryAt, undefined);
});
