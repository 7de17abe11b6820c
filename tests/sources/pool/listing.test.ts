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
import { LISTING_SHARES_FROM_BYTES, listingThreads } from '../../../src/cli/serve.js';
import { shareRun, walkOptions, walkTable } from '../../../src/posts/walk.js';
import { listOnHelper, mergeShares, type ListingReply } from '../../../src/sources/pool/listing.js';
import type { FileTable } from '../../../src/posts/scanned-file.js';
import { testConfig } from '../../helpers/config.js';
import { PostsDir } from '../../helpers/posts-dir.js';

/** The helpers' table (on `threads` threads) and the scanner's own, for the folder and posts config given. */
async function bothTables(posts: PostsDir, input: ConfigInput['posts'] = {}, threads = 1) {
  const config = testConfig(posts.dir, { posts: input });
  const own = runToEnd(new PostScanner(scanOptionsFrom(config)).table());
  const listed = await listOnHelper(config.posts, undefined, threads);
  // The helper's table comes joined (compared as one string); its columns are what count.
  const helper = listed && { paths: [...listed.paths], sizes: listed.sizes, mtimes: listed.mtimes };
  return { own, helper };
}

/** The table of each share of a walk. */
function shares(dir: string, parts: number) {
  const options = walkOptions({ ...testConfig(dir).posts });
  return Array.from({ length: parts }, (_, part) => runToEnd(walkTable(options, { part, parts })));
}

/** A share's table as its helper thread sends it (listing-worker.ts). */
function replyOf(table: FileTable | undefined): ListingReply {
  return table && { paths: table.paths.join('\0'), sizes: table.sizes, mtimes: table.mtimes };
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
    // In shares too, more threads than files among them.
    for (const threads of [1, 2, 3, 9]) {
      const { own, helper } = await bothTables(posts, { exclude: ['drafts/**'] }, threads);
      assert.ok(own && own.paths.length >= 4, JSON.stringify(own?.paths));
      assert.deepEqual(helper, own, `${threads} threads`);
    }
  });

  test("a walk's shares list every file and stat their own; merged, they are the whole walk's table", () => {
    const posts = new PostsDir();
    for (let i = 0; i < 30; i++) posts.post(`${i % 7}/sub-${i % 3}/p${i}.md`, { title: `P${i}` });
    posts.post('top.md', { title: 'Top' });
    posts.write('_skipped/x.md', '---\ntitle: X\n---\n');
    const whole = runToEnd(walkTable(walkOptions({ ...testConfig(posts.dir).posts })));
    assert.equal(whole?.paths.length, 31);
    for (const parts of [2, 3, 8, 40]) {
      const tables = shares(posts.dir, parts);
      tables.forEach((table, part) => {
        assert.deepEqual(table?.paths, whole?.paths, `share ${part} of ${parts}`);
        // Its own run of files stat'ed, the others left for their shares.
        const [from, to] = shareRun(table?.paths.length ?? 0, { part, parts });
        const own = (table?.paths ?? []).map((_, i) => i >= from && i < to);
        assert.deepEqual(
          [...(table?.sizes ?? [])].map((size) => !Number.isNaN(size)),
          own,
        );
      });
      const merged = mergeShares(tables.map(replyOf));
      assert.deepEqual(merged && { paths: [...merged.paths], sizes: merged.sizes, mtimes: merged.mtimes }, whole, `${parts} merged`);
    }
  });

  test('shares that listed different files (the folder changed under them), or one that failed, make no table', () => {
    const posts = new PostsDir();
    for (let i = 0; i < 6; i++) posts.post(`2024/p${i}.md`, { title: `P${i}` });
    const reply = (part: number) => replyOf(shares(posts.dir, 2)[part]);
    const a = reply(0);
    assert.ok(mergeShares([a, reply(1)]));
    posts.post('2024/p9.md', { title: 'Added between the two walks' });
    assert.equal(mergeShares([a, reply(1)]), undefined);
    assert.equal(mergeShares([a, undefined]), undefined);
    assert.equal(mergeShares([]), undefined);
  });

  test('two listing threads for a cache of 256 MiB or more, on two cores or more; else one', () => {
    assert.equal(listingThreads(LISTING_SHARES_FROM_BYTES, 2), 2);
    assert.equal(listingThreads(LISTING_SHARES_FROM_BYTES, 8), 2);
    assert.equal(listingThreads(LISTING_SHARES_FROM_BYTES - 1, 2), 1);
    assert.equal(listingThreads(LISTING_SHARES_FROM_BYTES, 1), 1);
  });

  test('a Jekyll site: _posts under category folders and _drafts, as the scanner lists them', async () => {
    const posts = new PostsDir();
    posts.post('_posts/2024-03-01-a.md', { title: 'A' });
    posts.post('news/_posts/2024-03-02-b.md', { title: 'B' });
    posts.post('_drafts/c.md', { title: 'C' });
    posts.write('about.md', '---\ntitle: About\n---\n');
    for (const drafts of [false, true]) {
      for (const threads of [1, 2]) {
        const { own, helper } = await bothTables(posts, { layout: 'jekyll', drafts }, threads);
        assert.equal(own?.paths.length, drafts ? 3 : 2);
        assert.deepEqual(helper, own);
      }
    }
  });

  test('an empty folder is an empty table; a missing one fails, so the start lists the folder itself', async () => {
    const posts = new PostsDir();
    for (const threads of [1, 2]) {
      const { own, helper } = await bothTables(posts, {}, threads);
      assert.equal(helper?.paths.length, 0);
      assert.deepEqual(helper, own);
      const config = testConfig(posts.dir);
      await assert.rejects(listOnHelper({ ...config.posts, dir: path.join(posts.dir, 'gone') }, undefined, threads));
    }
  });

  test('a stop ends the thread: the listing fails and nothing is left running', async () => {
    const posts = new PostsDir();
    for (let i = 0; i < 2_000; i++) posts.write(`${i % 20}/${i}.md`, `---\ntitle: t${i}\n---\n`);
    const stop = new AbortController();
    const listing = listOnHelper(testConfig(posts.dir).posts, stop.signal, 2);
    stop.abort();
    await assert.rejects(listing, /exited/);
  });
});
