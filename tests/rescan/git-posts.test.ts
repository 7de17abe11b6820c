// Posts from a git repository (posts.git), against a real local bare repository over file://: a push and
// its webhook publish the commit's posts; a push to another branch and a ping change nothing; a force-push
// is followed; a repository that vanished keeps the last good feeds and says why.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Service } from '../../src/service.js';
import { testConfig } from '../helpers/config.js';
import { get, startTestService } from '../helpers/service.js';

const SECRET = 'git-posts-test-secret-0123456789';
const ENV = { ...process.env, GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@example.org', GIT_COMMITTER_NAME: 'T', GIT_COMMITTER_EMAIL: 't@example.org' };

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: ENV, encoding: 'utf8' }).trim();
}

/** A bare repository and a working clone of it, with one commit of one post on main. */
function repository(): { bare: string; work: string; commit: (rel: string, title: string, message: string) => string } {
  const root = mkdtempSync(path.join(os.tmpdir(), 'fw-git-'));
  const bare = path.join(root, 'posts.git');
  const work = path.join(root, 'work');
  git(root, 'init', '--quiet', '--bare', '--initial-branch=main', bare);
  git(root, 'clone', '--quiet', bare, work);
  git(work, 'checkout', '--quiet', '-B', 'main');
  let day = 0;
  const commit = (rel: string, title: string, message: string): string => {
    day++;
    mkdirSync(path.dirname(path.join(work, 'site', rel)), { recursive: true });
    writeFileSync(
      path.join(work, 'site', rel),
      `---\ntitle: ${title}\ndate: 2024-03-${String(day).padStart(2, '0')} 10:00:00 +0800\ntags: [git]\n---\n<p>${title}</p>\n`,
    );
    git(work, 'add', '-A');
    git(work, 'commit', '--quiet', '-m', message);
    return git(work, 'rev-parse', 'HEAD');
  };
  commit('first.md', 'First post', 'first');
  git(work, 'push', '--quiet', 'origin', 'main');
  return { bare, work, commit };
}

function hook(service: Service, event: string, ref: string): Promise<{ status: number; json: Record<string, unknown> }> {
  return get(
    `${service.url}hooks/rebuild?wait=1`,
    { authorization: `Bearer ${SECRET}`, 'x-github-event': event, 'content-type': 'application/json' },
    'POST',
    JSON.stringify({ ref }),
  ).then((r) => ({
    status: r.status,
    json: JSON.parse(r.text) as Record<string, unknown>,
  }));
}

const titles = async (service: Service): Promise<string[]> =>
  (JSON.parse((await get(`${service.url}feed.json`)).text) as { items: { title: string }[] }).items.map((i) => i.title).sort();

describe('posts.git', () => {
  const repo = repository();
  let service: Service;
  const cache = mkdtempSync(path.join(os.tmpdir(), 'fw-git-cache-'));

  before(async () => {
    const config = testConfig('unused', {
      posts: { git: { url: `file://${repo.bare}`, branch: 'main', subdir: 'site' } },
      webhook: { secret: SECRET },
      diskCache: { dir: cache },
      rescan: { maxDropShare: 1 },
    });
    service = await startTestService(config);
  });
  after(() => service?.close());

  test('the start clones the branch and serves its posts; /status names the commit, not credentials', async () => {
    assert.deepEqual(await titles(service), ['First post']);
    const status = JSON.parse((await get(`${service.url}status`)).text) as { git: { commit: string; url: string; error: string | null } };
    assert.equal(status.git.commit, git(repo.work, 'rev-parse', 'HEAD'));
    assert.equal(status.git.url, `file://${repo.bare}`);
  });

  test('a push and its webhook publish the commit; ?wait=1 says which commit is served', async () => {
    const head = repo.commit('second.md', 'Second post', 'second');
    git(repo.work, 'push', '--quiet', 'origin', 'main');
    const r = await hook(service, 'push', 'refs/heads/main');
    assert.equal(r.status, 200);
    assert.equal(r.json.commit, head);
    assert.deepEqual(await titles(service), ['First post', 'Second post']);
  });

  test('a push to another branch is answered 202 and ignored; a ping is answered 200', async () => {
    git(repo.work, 'checkout', '--quiet', '-b', 'feature');
    repo.commit('feature.md', 'Feature post', 'feature');
    git(repo.work, 'push', '--quiet', 'origin', 'feature');
    git(repo.work, 'checkout', '--quiet', 'main');
    const runs = service.rescanner.runs;
    const r = await hook(service, 'push', 'refs/heads/feature');
    assert.equal(r.status, 202);
    assert.equal(r.json.status, 'ignored');
    assert.equal((await hook(service, 'ping', '')).status, 200);
    assert.equal(service.rescanner.runs, runs, 'no rescan');
    assert.deepEqual(await titles(service), ['First post', 'Second post']);
  });

  test('a force-push that rewrites main is followed: the dropped post goes', async () => {
    git(repo.work, 'reset', '--quiet', '--hard', 'HEAD~1');
    const head = repo.commit('third.md', 'Third post', 'third');
    git(repo.work, 'push', '--quiet', '--force', 'origin', 'main');
    const r = await hook(service, 'push', 'refs/heads/main');
    assert.equal(r.json.commit, head);
    assert.deepEqual(await titles(service), ['First post', 'Third post']);
  });

  test('a repository that vanished keeps the last good feeds, and the rescan and /status say why', async () => {
    const etag = (await get(`${service.url}feed.json`)).headers.get('etag');
    renameSync(repo.bare, `${repo.bare}.gone`);
    try {
      const r = await hook(service, 'push', 'refs/heads/main');
      assert.equal(r.status, 200);
      const problems = r.json.problems as { code: string; reason: string }[];
      assert.equal(problems[0]?.code, 'FW_GIT_FETCH_FAILED');
      assert.match(problems[0]?.reason ?? '', /could not be fetched.*: fatal: .*; still reading commit [0-9a-f]{12}$/);
      assert.deepEqual(await titles(service), ['First post', 'Third post']);
      assert.equal((await get(`${service.url}feed.json`)).headers.get('etag'), etag);
      const status = JSON.parse((await get(`${service.url}status`)).text) as { git: { error: string } };
      assert.match(status.git.error, /^fatal: /);
    } finally {
      renameSync(`${repo.bare}.gone`, repo.bare);
    }
    // Back again: the next push is fetched, and the error is gone.
    const head = repo.commit('fourth.md', 'Fourth post', 'fourth');
    git(repo.work, 'push', '--quiet', 'origin', 'main');
    assert.equal((await hook(service, 'push', 'refs/heads/main')).json.commit, head);
    const status = JSON.parse((await get(`${service.url}status`)).text) as { git: { error: string | null } };
    assert.equal(status.git.error, undefined);
  });
});
