// The paging rule of render/archive.ts, checked over many sizes: pages partition the posts older than
// the window, newest first; a new post leaves every full page as it was; the links go where RFC 5005 says.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Post } from '../../src/posts/post.js';
import { archivePageCount, archivePagePosts, isFullPage, withArchiveLinks, HISTORY_NS } from '../../src/render/archive.js';

const posts = (n: number): Post[] =>
  // Newest first, as a scope holds them; only the path matters here.
  Array.from({ length: n }, (_, i) => ({ path: `p${n - 1 - i}` }) as Post);

test('archive pages hold exactly the posts older than the window, once each, newest first', () => {
  for (const limit of [1, 3, 20]) {
    for (const pageSize of [1, 2, 5, 7]) {
      for (let n = 0; n <= 60; n++) {
        const all = posts(n);
        const paging = { limit, pageSize };
        const pages = archivePageCount(n, paging);
        const walked = [...all.slice(0, limit)];
        for (let page = pages; page >= 1; page--) walked.push(...archivePagePosts(all, page, paging));
        assert.deepEqual(walked, all, `n=${n} limit=${limit} pageSize=${pageSize}`);
        for (let page = 1; page < pages; page++) {
          assert.ok(isFullPage(page, n, paging), 'every page but the newest is full');
          assert.equal(archivePagePosts(all, page, paging).length, pageSize);
        }
        if (pages > 0) assert.equal(isFullPage(pages, n, paging), false, 'the newest page is still filling');
      }
    }
  }
});

test('a new post changes no full page: the same posts at the same page numbers', () => {
  const paging = { limit: 3, pageSize: 4 };
  for (let n = 4; n < 40; n++) {
    const before = posts(n);
    const after = posts(n + 1);
    for (let page = 1; page <= archivePageCount(n, paging); page++) {
      if (!isFullPage(page, n, paging)) continue;
      assert.deepEqual(archivePagePosts(after, page, paging), archivePagePosts(before, page, paging), `n=${n} page=${page}`);
    }
    assert.ok(archivePageCount(n + 1, paging) - archivePageCount(n, paging) <= 1);
  }
});

const RSS_HEAD = `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
    <channel>
        <title>t</title>
        <atom:link href="https://x.test/rss.xml" rel="self" type="application/rss+xml"/>
        <atom:link href="https://hub.test/" rel="hub"/>
`;

test('RSS: fh:archive with its namespace, current, prev- and next-archive, and the page as self', () => {
  const out = withArchiveLinks(RSS_HEAD, 'rss', {
    self: 'https://x.test/archive/2/rss.xml',
    current: 'https://x.test/rss.xml',
    prevArchive: 'https://x.test/archive/1/rss.xml',
    nextArchive: 'https://x.test/archive/3/rss.xml',
    archive: true,
  });
  assert.match(out, new RegExp(`<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:fh="${HISTORY_NS}">`));
  assert.ok(
    out.includes(`        <atom:link href="https://x.test/archive/2/rss.xml" rel="self" type="application/rss+xml"/>
        <fh:archive/>
        <atom:link href="https://x.test/rss.xml" rel="current"/>
        <atom:link href="https://x.test/archive/1/rss.xml" rel="prev-archive"/>
        <atom:link href="https://x.test/archive/3/rss.xml" rel="next-archive"/>
        <atom:link href="https://hub.test/" rel="hub"/>`),
    out,
  );
});

test('a subscription document gets prev-archive only (JSON Feed: next_url), and no fh:archive', () => {
  const atom = withArchiveLinks('<feed xmlns="http://www.w3.org/2005/Atom">\n    <link rel="self" href="https://x.test/atom.xml"/>\n', 'atom', {
    prevArchive: 'https://x.test/archive/4/atom.xml',
    archive: false,
  });
  assert.equal(
    atom,
    '<feed xmlns="http://www.w3.org/2005/Atom">\n    <link rel="self" href="https://x.test/atom.xml"/>\n    <link rel="prev-archive" href="https://x.test/archive/4/atom.xml"/>\n',
  );
  const json = withArchiveLinks('{\n  "title": "t",\n  "items": [', 'json', { prevArchive: 'https://x.test/archive/4/feed.json', archive: false });
  assert.equal(json, '{\n  "title": "t",\n  "next_url": "https://x.test/archive/4/feed.json",\n  "items": [');
  assert.deepEqual(JSON.parse(`${json}]}`), { title: 't', next_url: 'https://x.test/archive/4/feed.json', items: [] });
});
