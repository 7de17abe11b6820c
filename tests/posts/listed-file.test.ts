// A listed file carries the listing's root (one string for all) and its own path only when it is a
// symbolic link's: a listing of a million files kept a hundred megabytes of paths before.
import assert from 'node:assert/strict';
import { mkdirSync, realpathSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { openPath, type ListedFile } from '../../src/posts/scanned-file.js';
import { walkOptions, walkPosts } from '../../src/posts/walk.js';
import { runToEnd } from '../../src/slices.js';
import { PostsDir } from '../helpers/posts-dir.js';

test('a listed file opens at its root and path; a linked one at its target', () => {
  const posts = new PostsDir();
  try {
    posts.post('2024/新闻/a.md', { title: 'A' });
    mkdirSync(path.join(posts.dir, 'elsewhere'));
    const target = posts.post('elsewhere/b.md', { title: 'B' });
    symlinkSync(target, path.join(posts.dir, '2024/b-link.md'));
    for (const first of [true, false]) {
      const listed: ListedFile[] = [];
      const options = walkOptions({ dir: posts.dir, include: ['**/*.md'], exclude: [], layout: 'folder', drafts: false });
      runToEnd(walkPosts(options, first, { problems: [], unreadableDirs: [] }, (file) => listed.push(file)));
      const byRel = new Map(listed.map((f) => [f.rel, f]));
      const root = realpathSync(posts.dir);
      const plain = byRel.get('2024/新闻/a.md');
      assert.ok(plain);
      assert.equal(plain.root, root);
      assert.equal(plain.target, undefined);
      assert.equal(openPath(plain), path.join(root, '2024', '新闻', 'a.md'));
      const linked = byRel.get('2024/b-link.md');
      assert.ok(linked);
      assert.equal(openPath(linked), realpathSync(target));
      assert.equal(openPath(byRel.get('elsewhere/b.md') ?? assert.fail('no elsewhere/b.md')), path.join(root, 'elsewhere', 'b.md'));
    }
  } finally {
    posts.cleanup();
  }
});
