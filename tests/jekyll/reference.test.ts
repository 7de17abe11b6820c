// Pins what Debian's jekyll 4.3 + jekyll-feed 0.17 write for tests/fixtures/jekyll-site: the reference the drop-in
// is compared with (issue 15). If the fixture or Jekyll changes, these say what moved.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jekyllFeed, jekyllReference, type JekyllEntry } from '../helpers/jekyll.js';

const BASE = 'https://example.org/blog';

function entry(id: string, rel = 'feed.xml'): JekyllEntry {
  const found = jekyllFeed(rel).entries.find((e) => e.id === `${BASE}${id}`);
  assert.ok(found, `${rel} has no entry ${BASE}${id}`);
  return found;
}

test('jekyll-feed writes feed.xml, the listed category feeds (raw names) and tag feeds only for [A-Za-z0-9_] tags not excepted', () => {
  assert.deepEqual(
    [...jekyllReference().feeds.keys()],
    ['feed.xml', 'feed/by_tag/Beta_2.xml', 'feed/by_tag/Ruby.xml', 'feed/by_tag/alpha.xml', 'feed/news.xml', 'feed/tech.xml', 'feed/随笔.xml'],
  );
  assert.equal(jekyllFeed('feed/随笔.xml').selfLink, `${BASE}/feed/%E9%9A%8F%E7%AC%94.xml`);
  assert.equal(
    jekyllFeed('feed/tech.xml').title,
    'Feedwright’s “Jekyll” fixture & friends | Tech',
    'smartify then xml_escape: &amp;amp; in the XML, & once read as type="html"',
  );
  assert.equal(jekyllFeed('feed/by_tag/Ruby.xml').title, 'Feedwright’s “Jekyll” fixture & friends', 'no tag in a tag feed’s title');
});

test('published posts: drafts, future, published: false and excluded folders are absent; posts_limit cuts the oldest', () => {
  const { posts } = jekyllReference();
  const ids = posts.map((p) => p.id);
  assert.equal(posts.length, 18);
  for (const absent of ['a-draft', 'future', 'unpublished', 'excluded-folder']) assert.ok(!ids.some((id) => id.endsWith(`/${absent}`)), absent);
  const feedIds = jekyllFeed('feed.xml').entries.map((e) => e.id);
  assert.equal(feedIds.length, 16);
  assert.deepEqual(feedIds, ids.slice(0, 16), 'newest first, the first posts_limit of site.posts');
  assert.deepEqual(ids.slice(16), [`${BASE}/tech/2024/02/10/quotes`, `${BASE}/tech/notes/2024/01/05/plain-ascii`]);
});

test("id is the URL's folder plus the raw slug, percent-encoded, without extension; link is the URL", () => {
  const quotes = entry('/tech/2024/02/10/quotes', 'feed/tech.xml');
  assert.equal(quotes.link, `${BASE}/tech/2024/02/10/quotes.html`);
  const slug = entry('/tech/2024/03/10/My%20Custom%20Slug');
  assert.equal(slug.link, `${BASE}/tech/2024/03/10/My-Custom-Slug.html`);
  assert.equal(entry('/archive/2024/own-permalink').link, `${BASE}/archive/2024/own-permalink/`);
  assert.equal(entry('/news/big%20news/2024/06/11/nested-string').link, `${BASE}/news/big%20news/2024/06/11/nested-string.html`);
  assert.equal(entry('/%E9%9A%8F%E7%AC%94/2024/03/01/chinese').link, `${BASE}/%E9%9A%8F%E7%AC%94/2024/03/01/chinese.html`);
  assert.equal(entry('/news/2024/04/20/html-post').link, `${BASE}/news/2024/04/20/html-post.html`);
});

test('titles: smartified, HTML stripped, written as type="html" (so & is &amp; once decoded as XML)', () => {
  assert.equal(entry('/tech/2024/02/10/quotes', 'feed/tech.xml').title, '“Quoted” title with ‘single’ quotes, it’s – and — and…');
  const html = entry('/2024/03/01/html-title');
  assert.equal(html.titleHtml, 'An HTML post &amp; more');
  assert.equal(html.title, 'An HTML post & more');
  assert.equal(entry('/news/2024/04/20/html-post').title, 'Tom & Jerry (c) `code` – an HTML post');
  assert.equal(entry('/%E9%9A%8F%E7%AC%94/2024/03/01/chinese').title, '中文标题：“引号”与‘单引号’');
  assert.equal(entry('/2024/05/20/no-title-here').title, 'No Title Here');
});

test('dates: written in the site timezone; YAML timestamps without offset are UTC, strings and file-name dates are local', () => {
  const cases: [string, string][] = [
    ['/2024/03/01/html-title', '2024-03-01T07:30:00+08:00'], // date: 2024-02-29 23:30:00 (a YAML timestamp: UTC)
    ['/%E9%9A%8F%E7%AC%94/2024/03/01/chinese', '2024-03-01T08:30:00+08:00'], // 2024-03-01 00:30:00 (UTC)
    ['/2024/06/20/quoted-date', '2024-06-20T09:15:00+08:00'], // "2024-06-20 09:15:00" (a string: Asia/Shanghai)
    ['/2024/06/21/short-time', '2024-06-21T09:15:00+08:00'], // 2024-06-21 09:15 (not a YAML timestamp: local)
    ['/2024/06/26/date-only', '2024-06-26T00:00:00+08:00'], // date: 2024-06-26 beats the file name's 06-25
    ['/2024/06/03/date-override', '2024-06-03T13:30:00+08:00'], // 2024-06-02 22:30:00 -0700
  ];
  for (const [id, published] of cases) {
    const e = entry(id);
    assert.equal(e.published, published, id);
    assert.equal(e.updated, published, `${id}: updated is the date without last_modified_at`);
  }
  assert.equal(entry('/tech/notes/2024/01/05/plain-ascii', 'feed/tech.xml').published, '2024-01-05T00:00:00+08:00');
  const modified = entry('/2024/04/01/author-key');
  assert.equal(modified.published, '2024-04-01T09:00:00+08:00');
  assert.equal(modified.updated, '2024-04-04T00:45:00+08:00', 'last_modified_at: 2024-04-03 18:45:00 +0200');
});

test('categories then tags as <category>; a front matter `category` hides the folder category', () => {
  const nested = entry('/news/release/2024/06/10/nested');
  assert.deepEqual([nested.categories, nested.tags], [['news', 'release'], ['alpha']]);
  const single = entry('/news/big%20news/2024/06/11/nested-string');
  assert.deepEqual(single.terms, ['Big News'], 'post.category wins in the template, though post.categories is [news, Big News]');
  assert.deepEqual(jekyllReference().posts.find((p) => p.id === single.id)?.categories, ['news', 'Big News']);
  const plain = entry('/tech/notes/2024/01/05/plain-ascii', 'feed/tech.xml');
  assert.deepEqual(
    [plain.categories, plain.tags],
    [
      ['tech', 'notes'],
      ['alpha', 'Ruby'],
    ],
    'strings split on whitespace',
  );
  assert.deepEqual(entry('/2024/03/01/html-title').tags, ['beta', 'two words']);
  // news.xml has the nested posts and the HTML post, not the draft.
  assert.deepEqual(
    jekyllFeed('feed/news.xml').entries.map((e) => e.id),
    [`${BASE}/news/big%20news/2024/06/11/nested-string`, `${BASE}/news/release/2024/06/10/nested`, `${BASE}/news/2024/04/20/html-post`],
  );
});

test('authors: site author by default, a _data/authors.yml key resolved, an unknown string as the name', () => {
  const site = entry('/2024/05/05/empty');
  assert.deepEqual([site.authorName, site.authorEmail], ['Site Owner', 'owner@example.org']);
  const ada = entry('/2024/04/01/author-key');
  assert.deepEqual([ada.authorName, ada.authorEmail, ada.authorUri], ['Ada Lovelace', 'ada@example.org', 'https://example.org/people/ada/']);
  const guest = entry('/2024/04/02/author-plain');
  assert.deepEqual([guest.authorName, guest.authorEmail], ['Guest Writer', undefined]);
  assert.equal(entry('/%E9%9A%8F%E7%AC%94/2024/03/01/chinese').authorName, '王小明');
});

test('content and summary: an empty post has empty content and summary; description wins over the excerpt', () => {
  const empty = entry('/2024/05/05/empty');
  assert.deepEqual([empty.content, empty.summary], ['', '']);
  assert.equal(entry('/2024/04/02/author-plain').summary, 'A short description');
  assert.equal(entry('/2024/04/02/author-plain').lang, 'en');
});
