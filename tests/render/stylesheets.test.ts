// The XSLT stylesheets, run by libxslt (python3-lxml, which the feed validator needs anyway) on real
// feeds: what a browser shows. The browser tests run them in Chromium too.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import type { ConfigInput } from '../../src/config/schema.js';
import type { Snapshot } from '../../src/snapshot/snapshot.js';
import { PostsDir } from '../helpers/posts-dir.js';
import { documentText, snapshotOf } from '../helpers/build.js';

const posts = new PostsDir();
after(() => posts.cleanup());
posts.post('a.md', { title: 'Q&A: a < b', date: '2024-03-01 10:05:00 +0800', tags: ['x'], extra: 'excerpt: "&amp; is <b>not</b> bold, 1 &lt; 2"' });
posts.post('b.md', { title: '常州地铁 5 号线', date: '2024-12-31 23:59:00 -0500', tags: ['x'], body: '<p>江南 🚇 通车</p>' });

const build = (input: ConfigInput = {}): Promise<Snapshot> => snapshotOf(posts.dir, input, Date.parse('2025-06-01T00:00:00Z'));

/** Applies the stylesheet the feed's own xml-stylesheet names; returns the HTML. */
function transform(snapshot: Snapshot, feedPath: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fw-xslt-'));
  const write = (p: string): string => {
    const file = path.join(dir, p.replaceAll('/', '_'));
    writeFileSync(file, documentText(snapshot, p));
    return file;
  };
  const xsl = write(feedPath.endsWith('rss.xml') ? '/rss.xsl' : '/atom.xsl');
  const script = 'import sys; from lxml import etree as e; print(str(e.XSLT(e.parse(sys.argv[1]))(e.parse(sys.argv[2]))))';
  const run = spawnSync('/usr/bin/python3', ['-c', script, xsl, write(feedPath)], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout;
}

describe('feed stylesheets', () => {
  for (const feed of ['/tags/x/rss.xml', '/tags/x/atom.xml']) {
    test(`${feed}: title, subscribe hint with the address, items with dates and exact summaries`, async () => {
      const out = transform(await build(), feed);
      assert.match(out, /<html lang="zh-CN">/);
      assert.match(out, /<h1>测试站 — 标签: x<\/h1>/);
      assert.ok(out.includes('要订阅，请把本页地址复制到你的阅读器里。'));
      assert.ok(out.includes(`<code class="feed-address">https://news.example.cn${feed}</code>`));
      // Relative to the feed: /tags/x/ is two folders down.
      assert.ok(out.includes('<link rel="stylesheet" href="../../assets/site.css">'));
      assert.ok(out.includes('<a href="../.././">'));
      // Newest first; the escaped plain text of titles and summaries comes back exactly, as text.
      const titles = [...out.matchAll(/<h3><a href="([^"]+)">([^<]*(?:&[a-z]+;[^<]*)*)<\/a><\/h3>/g)].map((m) => m[2]);
      assert.deepEqual(titles, ['常州地铁 5 号线', 'Q&amp;A: a &lt; b']);
      // The excerpt is HTML: its text (tags stripped, entities decoded) is `& is not bold, 1 < 2`, escaped once.
      assert.ok(out.includes('<p class="summary">&amp; is not bold, 1 &lt; 2</p>'), out);
      assert.ok(out.includes('<p class="summary">江南 🚇 通车</p>'));
      assert.ok(out.includes('2025-01-01 04:59 UTC'));
      assert.ok(out.includes('2024-03-01 02:05 UTC'));
    });
  }

  test('the site feeds point at the stylesheets beside them', async () => {
    const s = await build();
    assert.match(documentText(s, '/rss.xml'), /^<\?xml[^\n]*\n<\?xml-stylesheet href="rss\.xsl" type="text\/xsl"\?>\n<rss /);
    assert.ok(transform(s, '/atom.xml').includes('<link rel="stylesheet" href="assets/site.css">'));
  });

  test('feeds.stylesheet: false — no instruction, no stylesheet documents, one Content-Type for everyone', async () => {
    const s = await build({ feeds: { stylesheet: false } });
    for (const [p, entry] of s.entries) {
      assert.doesNotMatch(entry.body.bytes().toString(), /xml-stylesheet/, p);
      assert.equal(entry.navigation, undefined, p);
    }
    assert.ok(!s.entries.has('/rss.xsl') && !s.entries.has('/atom.xsl'));
  });
});
