// The HTML pages as bytes: everything a post names is escaped, links are relative or absolute http(s),
// and the index and scope pages say what there is to subscribe to.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import type { ConfigInput } from '../../src/config/schema.js';
import { html } from '../../src/render/pages/html.js';
import type { Snapshot } from '../../src/snapshot/snapshot.js';
import { PostsDir } from '../helpers/posts-dir.js';
import { documentText as text, snapshotOf } from '../helpers/build.js';

const NOW = Date.parse('2024-06-01T00:00:00Z');
const HOSTILE = '<img src=x onerror=alert(1)>';
const HOSTILE_SLUG = 'lt-img-src-eq-x-onerror-eq-alert-1-gt';

const posts = new PostsDir();
after(() => posts.cleanup());
posts.post('2024-03-01-a.md', {
  title: '<script>alert("t")</script> & 标题',
  date: '2024-03-01 10:00:00 +0800',
  categories: [`"q" & 'a'`],
  tags: [HOSTILE, 'C++'],
  extra: 'excerpt: "x < y & z"',
});
posts.post('2024-03-02-b.md', { title: '第二篇', date: '2024-03-02 23:30:00 +0800', categories: 'news', tags: ['C++'] });

const build = (input: ConfigInput = {}): Promise<Snapshot> => snapshotOf(posts.dir, input, NOW);

describe('html``', () => {
  test('escapes interpolated text, keeps Html, flattens lists and drops empty values', () => {
    const inner = html`<b>${'<i>'}</b>`;
    assert.equal(
      html`<p title="${`"'&`}">${inner}${[html`<br>`, '<br>']}${undefined}${false}${3}</p>`.toString(),
      '<p title="&quot;&apos;&amp;"><b>&lt;i&gt;</b><br>&lt;br&gt;3</p>',
    );
    assert.equal(html`${'常州 🚇'}`.toString(), '常州 🚇');
  });
});

describe('pages', () => {
  test('every name, title and summary a post brings is text, never markup', async () => {
    const s = await build();
    for (const path of ['/', `/tags/${HOSTILE_SLUG}/`, '/tags/c-plus-plus/', '/categories/news/']) {
      const page = text(s, path);
      assert.doesNotMatch(page, /<img/, path);
      assert.equal(page.match(/<script\b/g)?.length, 1, `${path}: only the page's own script tag`);
      assert.doesNotMatch(page, /<script>alert/, path);
      // Every URL attribute is relative or http(s): nothing a post names becomes javascript:.
      for (const [, url] of page.matchAll(/\s(?:href|src)="([^"]*)"/g)) assert.ok(/^(https:\/\/|\.\.?\/|[a-z%0-9])/i.test(url ?? ''), `${path}: ${url}`);
    }
    const index = text(s, '/');
    assert.ok(
      index.includes(`data-filter="&lt;img src=x onerror=alert(1)&gt;"><a class="name" href="tags/${HOSTILE_SLUG}/">&lt;img src=x onerror=alert(1)&gt;</a>`),
    );
    assert.ok(index.includes(`>&quot;q&quot; &amp; &apos;a&apos;</a>`), 'the category name');
    const tag = text(s, `/tags/${HOSTILE_SLUG}/`);
    assert.ok(tag.includes('<h1>&lt;img src=x onerror=alert(1)&gt;</h1>'));
    // A title's script element is stripped with its text (posts/fields/title.ts), as jekyll-feed does.
    assert.ok(tag.includes('>&amp; 标题</a></h3>'));
    assert.doesNotMatch(tag, /alert\(&quot;t/);
    assert.ok(tag.includes('<p class="summary">x &lt; y &amp; z</p>'));
  });

  test('the index lists the site feeds and every category and tag with count, newest date and feeds', async () => {
    const index = text(await build(), '/');
    assert.match(index, /<html lang="zh-CN">/);
    assert.match(index, /<meta name="viewport" content="width=device-width, initial-scale=1">/);
    for (const [type, file] of [
      ['application/rss+xml', 'rss.xml'],
      ['application/atom+xml', 'atom.xml'],
      ['application/feed+json', 'feed.json'],
    ]) {
      assert.ok(index.includes(`<link rel="alternate" type="${type}" title="测试站 (`), type);
      assert.ok(index.includes(`href="https://news.example.cn/${file}">`), file);
      // The address as text, breakable after each slash; the script copies its text.
      assert.ok(index.includes(`<code class="feed-url" aria-label="`), file);
      assert.ok(index.includes(`>https://news.example.cn/<wbr>${file}</code>`), file);
    }
    assert.ok(index.includes('<link rel="outline" type="text/x-opml" title="测试站 (OPML)" href="https://news.example.cn/feeds.opml">'));
    // C++ has both posts; the newest is dated 2024-03-02 in Asia/Shanghai (15:30 UTC that day).
    assert.ok(
      index.includes(
        '<a class="name" href="tags/c-plus-plus/">C++</a> <span class="meta">2 篇 · 最新 <time datetime="2024-03-02T15:30:00.000Z">2024-03-02</time></span>',
      ),
    );
    assert.ok(index.includes('<a href="tags/c-plus-plus/rss.xml" type="application/rss+xml">RSS</a> <a href="tags/c-plus-plus/atom.xml"'));
    // The filter box is there for the script to reveal; without JavaScript it stays hidden.
    assert.match(index, /<div class="filter" hidden>\n<label for="filter">/);
    assert.equal([...index.matchAll(/<li data-filter=/g)].length, 4); // 2 categories, 2 tags
  });

  test("the index shows the site's newest posts, then the link to the older ones: no post is on no page", async () => {
    const titles = (page: string): string[] => [...page.matchAll(/<h3><a href="[^"]+">([^<]+)<\/a><\/h3>/g)].map((m) => m[1] ?? '');
    const all = text(await build(), '/');
    assert.deepEqual(titles(all), ['第二篇', '&amp; 标题'], 'newest first, as the site feeds');
    assert.match(all, /<section aria-labelledby="latest">\n<h2 id="latest">最新文章<\/h2>\n<ol class="items">/);
    assert.doesNotMatch(all, /class="pager"/, 'every post fits the window: no older posts');
    // One post in the window: it is on the index, the other on the newest page of older posts, linked after it.
    const s = await build({ feeds: { limit: 1, archive: { pageSize: 5 } } });
    const index = text(s, '/');
    assert.deepEqual(titles(index), ['第二篇']);
    assert.match(index, /<\/ol>\n<nav class="pager"><a href="archive\/1\/">更早的文章<\/a><\/nav>\n<\/section>/);
    assert.ok(index.indexOf('id="latest"') < index.indexOf('id="categories"'), 'the posts come before the lists');
  });

  test('a scope page lists its newest items and its feeds, with autodiscovery', async () => {
    const page = text(await build({ feeds: { limit: 1 } }), '/tags/c-plus-plus/');
    assert.ok(page.includes('<title>测试站 — 标签: C++</title>'));
    assert.ok(
      page.includes(
        '<link rel="alternate" type="application/atom+xml" title="测试站 — 标签: C++ (Atom)" href="https://news.example.cn/tags/c-plus-plus/atom.xml">',
      ),
    );
    assert.ok(
      page.includes(
        '<a href="atom.xml" type="application/atom+xml">Atom</a><code class="feed-url" aria-label="Atom 订阅地址" data-copy="复制" data-copied="已复制">https://news.example.cn/<wbr>tags/<wbr>c-plus-plus/<wbr>atom.xml</code>',
      ),
    );
    assert.ok(page.includes('<p class="meta">2 篇</p>'));
    // feeds.limit newest items: only the newer post.
    assert.deepEqual(
      [...page.matchAll(/<h3><a href="([^"]+)">([^<]+)<\/a><\/h3>/g)].map((m) => m[2]),
      ['第二篇'],
    );
    assert.ok(page.includes('<link rel="stylesheet" href="../../assets/site.css">'));
    assert.ok(page.includes('<p class="crumbs"><a href="../../">测试站</a> › <a href="../">标签</a></p>'));
  });

  test('/categories/ and /tags/ list every scope of their kind, as the index does, with links from there', async () => {
    const s = await build();
    const tags = text(s, '/tags/');
    assert.ok(tags.includes('<title>测试站 — 标签</title>'));
    // One heading names the list: the page's (a second "标签" under it read twice).
    assert.ok(tags.includes('<h1 id="tags-heading">标签 <span class="meta">(2)</span></h1>'));
    assert.doesNotMatch(tags, /<h2/);
    assert.ok(tags.includes('<p class="crumbs"><a href="../">测试站</a></p>'));
    assert.ok(
      tags.includes(
        '<a class="name" href="c-plus-plus/">C++</a> <span class="meta">2 篇 · 最新 <time datetime="2024-03-02T15:30:00.000Z">2024-03-02</time></span>',
      ),
    );
    assert.ok(tags.includes('<a href="c-plus-plus/rss.xml" type="application/rss+xml">RSS</a>'));
    assert.ok(tags.includes('<link rel="stylesheet" href="../assets/site.css">'));
    assert.equal([...tags.matchAll(/<li data-filter=/g)].length, 2);
    assert.match(tags, /<div class="filter" hidden>\n<label for="filter">筛选标签<\/label>/);
    const categories = text(s, '/categories/');
    assert.deepEqual(
      [...categories.matchAll(/<a class="name" href="([^"]+)">/g)].map((m) => m[1]),
      ['news/', 'q-and-a/'],
    );
    // The feeds' category domain (RSS) and scheme (Atom) are these pages.
    assert.match(text(s, '/rss.xml'), /<category domain="https:\/\/news\.example\.cn\/tags\/">C\+\+<\/category>/);
  });

  test('a site without tags has no /tags/ page', async () => {
    const plain = new PostsDir();
    try {
      plain.post('2024-03-01-a.md', { title: 'A', date: '2024-03-01 10:00:00 +0800', categories: 'news' });
      const s = await snapshotOf(plain.dir, {}, NOW);
      assert.ok(s.entries.has('/categories/'));
      assert.ok(!s.entries.has('/tags/'));
    } finally {
      plain.cleanup();
    }
  });

  test('English words for an English site', async () => {
    const index = text(await build({ site: { language: 'en', title: 'Site' } }), '/');
    assert.ok(index.includes('<h2 id="site-feeds">Subscribe to the whole site</h2>'));
    assert.ok(index.includes('2 posts · newest'));
  });

  test('an empty site: the index still says what to subscribe to, with no lists and no filter', async () => {
    const empty = new PostsDir();
    try {
      const s = await snapshotOf(empty.dir, {}, NOW);
      const index = text(s, '/');
      assert.ok(index.includes('<p class="meta">还没有文章。</p>'));
      assert.ok(index.includes('>https://news.example.cn/<wbr>atom.xml</code>'));
      assert.doesNotMatch(index, /id="filter"|id="categories"|id="tags"/);
      assert.deepEqual(
        [...s.entries.keys()].filter((p) => p.endsWith('/')),
        ['/'],
      );
      assert.match(text(s, '/feeds.opml'), /<body>\n {4}<outline type="rss" text="测试站"[^\n]*\/>\n {2}<\/body>/);
    } finally {
      empty.cleanup();
    }
  });

  test('feeds.formats decides which feeds the pages link', async () => {
    const index = text(await build({ feeds: { formats: ['atom'] } }), '/');
    assert.doesNotMatch(index, /rss\.xml|feed\.json/);
    assert.match(index, /atom\.xml/);
  });
});
