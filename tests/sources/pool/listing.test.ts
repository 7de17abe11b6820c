// The warm start's listing on a helper thread must be the table the scanner itself would list, file for
// file, whatever the layout, the patterns and the links: a difference would serve a stale cache or none.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import type { ConfigInput } from '../../../src/config/schema.js';
import { scanOptionsFrom } from '../../../src/posts/options.js';
import { PostScanner } from '../../../src/posts/scan.js';
import { runToEnd } from '../../../src/slices.js';
import { listOnHelper } from '../../../src/sources/pool/listing.js';
import { testConfig } from '../../helpers/config.js';
import { PostsDir } from '../../helpers/posts-dir.js';

/** The helper's table and the scanner's own, for the folder and posts config given. */
async function bothTables(posts: PostsDir, input: ConfigInput['posts'] = {}) {
  const config = testConfig(posts.dir, { posts: input });
  const own = runToEnd(new PostScanner(scanOptionsFrom(config)).table());
  const listed = await listOnHelper(config.posts);
  // The helper's table comes joined (compared as one string); its columns are what count.
  const helper = listed && { paths: [...listed.paths], sizes: listed.sizes, mtimes: listed.mtimes };
  return { own, helper };
}

describe('listOnHelper', () => {
  test('lists what the scanner lists: nested folders, patterns, skipped names, a followed link, CJK names', async () => {
    const posts = new PostsDir();
    posts.post('2024/03/新闻-一.md', { title: '一' });
    posts.post('2024/03/b.html', { title: 'B' });
    posts.post('2024/old/c.md', { title: 'C' });
    posts.post('drafts/d.md', { title: 'D' });
    posts.write('2024/03/.e.md.swp', 'x');
    posts.write('2024/03/notes.txt', 'not a post');
    posts.write('_hidden/f.md', '---\ntitle: F\n---\n');
    mkdirSync(path.join(posts.dir, 'elsewhere'));
    posts.post('elsewhere/g.md', { title: 'G' });
    symlinkSync(path.join(posts.dir, 'elsewhere'), path.join(posts.dir, 'linked'));
    const { own, helper } = await bothTables(posts, { exclude: ['drafts/**'] });
    assert.ok(own && own.paths.length >= 4, JSON.stringify(own?.paths));
    assert.deepEqual(helper, own);
  });

  test('a Jekyll site: _posts under category folders and _drafts, as the scanner lists them', async () => {
    const posts = new PostsDir();
    posts.post('_posts/2024-03-01-a.md', { title: 'A' });
    posts.post('news/_posts/2024-03-02-b.md', { title: 'B' });
    posts.post('_drafts/c.md', { title: 'C' });
    posts.write('about.md', '---\ntitle: About\n---\n');
    for (const drafts of [false, true]) {
      const { own, helper } = await bothTables(posts, { layout: 'jekyll', drafts });
      assert.equal(own?.paths.length, drafts ? 3 : 2);
      assert.deepEqual(helper, own);
    }
  });

  test('an empty folder is an empty table; a missing one fails, so the start lists the folder itself', async () => {
    const posts = new PostsDir();
    const { own, helper } = await bothTables(posts);
    assert.equal(helper?.paths.length, 0);
    assert.deepEqual(helper, own);
    const config = testConfig(posts.dir);
    await assert.rejects(listOnHelper({ ...config.posts, dir: path.join(posts.dir, 'gone') }));
  });

  test('a stop ends the thread: the listing fails and nothing is left running', async () => {
    const posts = new PostsDir();
    for (let i = 0; i < 2_000; i++) posts.write(`${i % 20}/${i}.md`, `---\ntitle: t${i}\n---\n`);
    const stop = new AbortController();
    const listing = listOnHelper(testConfig(posts.dir).posts, stop.signal);
    stop.abort();
    await assert.rejects(listing, /exited/);
  });
});
