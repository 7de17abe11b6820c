// posts.git.subdir never reaches outside the checkout (issue #23, item 1): `.` segments once counted as
// levels up, so `./_posts` removed every other site's checkout and `./././.` the folders above the cache.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { gitCheckoutFor } from '../../src/rescan/git-checkout.js';
import { testConfig } from '../helpers/config.js';

const ENV = { ...process.env, GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@example.org', GIT_COMMITTER_NAME: 'T', GIT_COMMITTER_EMAIL: 't@example.org' };
const git = (cwd: string, ...args: string[]): string =>
  execFileSync('git', args, { cwd, env: ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

/** A bare repository whose main branch has one post in _posts/. */
function repository(root: string): string {
  const bare = path.join(root, 'posts.git');
  const work = path.join(root, 'work');
  git(root, 'init', '--quiet', '--bare', '--initial-branch=main', bare);
  git(root, 'clone', '--quiet', bare, work);
  git(work, 'checkout', '--quiet', '-B', 'main');
  mkdirSync(path.join(work, '_posts'));
  writeFileSync(path.join(work, '_posts', '2024-03-01-a.md'), '---\ntitle: A\n---\nA\n');
  git(work, 'add', '-A');
  git(work, 'commit', '--quiet', '-m', 'a');
  git(work, 'push', '--quiet', 'origin', 'main');
  return bare;
}

describe('posts.git.subdir', () => {
  for (const subdir of ['./_posts', '././_posts/.', './././.', '_posts//', '.']) {
    test(`"${subdir}": the clone removes nothing but its own folder, and posts.dir is inside the checkout`, async () => {
      const root = mkdtempSync(path.join(os.tmpdir(), 'fw-git-subdir-'));
      const bare = repository(root);
      // gc/l1/l2/cache, with another site's checkout beside ours and files in every folder above.
      const cache = path.join(root, 'gc', 'l1', 'l2', 'cache');
      const sentinels = [
        path.join(root, 'gc', 'keep'),
        path.join(root, 'gc', 'l1', 'keep'),
        path.join(root, 'gc', 'l1', 'l2', 'keep'),
        path.join(cache, 'keep'),
        path.join(cache, 'git', '0123456789abcdef', 'keep'),
      ];
      for (const file of sentinels) {
        mkdirSync(path.dirname(file), { recursive: true });
        writeFileSync(file, 'not feedwright’s to remove\n');
      }
      const config = testConfig('unused', { posts: { git: { url: `file://${bare}`, subdir } }, diskCache: { dir: cache } });
      const checkout = config.posts.git?.checkout ?? assert.fail('no checkout');
      assert.equal(path.dirname(checkout), path.join(cache, 'git'));
      assert.ok(config.posts.dir === checkout || config.posts.dir.startsWith(checkout + path.sep), config.posts.dir);
      await gitCheckoutFor(config)?.open();
      for (const file of sentinels) assert.ok(existsSync(file), `${file} was removed`);
      assert.ok(existsSync(path.join(checkout, '_posts', '2024-03-01-a.md')));
    });
  }

  test('is made canonical: `.` and empty segments dropped', () => {
    const config = testConfig('unused', {
      posts: { git: { url: 'file:///nowhere.git', subdir: './a//./b/' } },
      diskCache: { dir: mkdtempSync(path.join(os.tmpdir(), 'fw-git-c-')) },
    });
    assert.equal(config.posts.git?.subdir, 'a/b');
    assert.equal(config.posts.dir, path.join(config.posts.git?.checkout ?? '', 'a', 'b'));
  });

  for (const subdir of ['..', 'a/../..', '/etc', 'a\\..\\b', '../x']) {
    test(`"${subdir}" is refused, naming the key`, () => {
      assert.throws(
        () => testConfig('unused', { posts: { git: { url: 'file:///nowhere.git', subdir } } }),
        /posts\.git\.subdir: must be a folder inside the repository/,
      );
    });
  }
});
