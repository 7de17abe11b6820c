// The posts stage on a Jekyll site's root (posts.layout jekyll): which files are posts, the categories
// folders give, drafts, and the fields read as Jekyll and jekyll-feed read them (ids, dates, titles,
// authors). tests/jekyll/ compares the whole against the real jekyll-feed; these pin each rule.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { categoriesFromPath, jekyllKind } from '../../src/posts/jekyll-layout.js';
import type { ReadOptions, ScanOptions } from '../../src/posts/options.js';
import type { Post } from '../../src/posts/post.js';
import { readPost } from '../../src/posts/read-post.js';
import { PostScanner } from '../../src/posts/scan.js';
import { scanNow } from '../helpers/scan.js';

const READ: ReadOptions = {
  timeZone: 'Asia/Shanghai',
  siteUrl: 'https://example.org/blog/',
  permalink: '/:categories/:year/:month/:day/:title:output_ext',
  markdown: ['md'],
  layout: 'jekyll',
  ids: 'jekyll',
  titles: 'jekyll',
  authors: { bob: { name: 'Bob B', email: 'bob@example.org' } },
};

function post(rel: string, text: string, options: Partial<ReadOptions> = {}, mtimeMs?: number): Post {
  const r = readPost({ path: rel, bytes: Buffer.from(text), hash: rel, ...(mtimeMs !== undefined ? { mtimeMs } : {}) }, { ...READ, ...options });
  if (r.kind !== 'post') assert.fail(`${rel}: ${r.kind} ${JSON.stringify(r.problems)}`);
  return r.post;
}

describe('Jekyll layout: which files are posts', () => {
  test('dated files in _posts (at any depth below non-underscore folders); drafts only when shown', () => {
    assert.equal(jekyllKind('_posts/2024-01-05-a.md', false), 'post');
    assert.equal(jekyllKind('_posts/2024/2024-01-05-a.md', false), 'post', 'sub-folders of _posts');
    assert.equal(jekyllKind('news/world/_posts/2024-1-5-a.html', false), 'post');
    assert.equal(jekyllKind('_posts/notes.md', false), undefined, 'no date in the name: Jekyll skips it');
    assert.equal(jekyllKind('about.md', false), undefined, 'a page');
    assert.equal(jekyllKind('_site/_posts/2024-01-05-a.md', false), undefined, "inside Jekyll's own _ folders");
    assert.equal(jekyllKind('_drafts/idea.md', false), undefined);
    assert.equal(jekyllKind('_drafts/idea.md', true), 'draft');
    assert.deepEqual(categoriesFromPath('news/world/_posts/2024-01-05-a.md'), ['news', 'world']);
    assert.deepEqual(categoriesFromPath('_posts/x/2024-01-05-a.md'), [], 'folders below _posts are no categories');
  });

  test('a scan of a site root finds exactly those', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fw-jekyll-site-'));
    const files: Record<string, string> = {
      '_posts/2024-01-05-first.md': '---\ntitle: First\n---\nHi',
      'news/_posts/2024-01-06-second.md': '---\ntitle: Second\n---\nHi',
      '_posts/README.md': '# not a post',
      '_drafts/idea.md': '---\ntitle: Idea\n---\n',
      '_site/2024/01/05/first.html': '<p>built</p>',
      'index.md': '---\ntitle: Home\n---\n',
      'vendor/_posts/2020-01-01-theirs.md': '---\ntitle: Theirs\n---\n',
    };
    for (const [rel, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      writeFileSync(path.join(dir, rel), text);
    }
    const options = (drafts: boolean): ScanOptions => ({
      dir,
      include: ['**/*.{md,html}'],
      exclude: ['vendor', 'vendor/**'],
      maxBytes: 1 << 20,
      layout: 'jekyll',
      drafts,
      read: READ,
    });
    assert.deepEqual([...scanNow(new PostScanner(options(false))).changed.keys()].sort(), ['_posts/2024-01-05-first.md', 'news/_posts/2024-01-06-second.md']);
    const withDrafts = scanNow(new PostScanner(options(true)));
    assert.ok(withDrafts.changed.has('_drafts/idea.md'));
    const draft = withDrafts.changed.get('_drafts/idea.md');
    assert.equal(draft?.kind, 'post', 'a draft without a date is dated by its file');
  });
});

describe('Jekyll layout: fields as jekyll-feed writes them', () => {
  test("ids: the URL's folder and the raw slug, no extension; front matter cannot set them", () => {
    const p = post('_posts/2024-02-10-quotes.md', '---\ntitle: Q\ncategories: tech\nid: urn:x:ignored\n---\n');
    assert.equal(p.link, 'https://example.org/blog/tech/2024/02/10/quotes.html');
    assert.equal(p.id, 'https://example.org/blog/tech/2024/02/10/quotes');
    const slugged = post('_posts/2024-03-10-x.md', '---\ntitle: S\nslug: My Custom Slug\n---\n');
    assert.equal(slugged.link, 'https://example.org/blog/2024/03/10/My-Custom-Slug.html');
    assert.equal(slugged.id, 'https://example.org/blog/2024/03/10/My%20Custom%20Slug');
    const own = post('_posts/2024-04-01-own-permalink.md', '---\ntitle: O\npermalink: /archive/:year/:title/\n---\n');
    assert.equal(own.id, 'https://example.org/blog/archive/2024/own-permalink');
    // A feedwright site keeps its ids: the link, or front matter's id.
    assert.equal(post('_posts/2024-02-10-quotes.md', '---\ntitle: Q\nid: urn:x:kept\n---\n', { ids: 'link' }).id, 'urn:x:kept');
  });

  test('dates: a plain YAML timestamp without offset is UTC; quoted, without seconds or a day alone, the site zone', () => {
    const at = (date: string): string => new Date(post('_posts/2024-01-01-d.md', `---\ntitle: D\ndate: ${date}\n---\n`).date).toISOString();
    assert.equal(at('2024-02-29 23:30:00'), '2024-02-29T23:30:00.000Z');
    assert.equal(at('"2024-02-29 23:30:00"'), '2024-02-29T15:30:00.000Z');
    assert.equal(at('2024-06-21 09:15'), '2024-06-21T01:15:00.000Z');
    assert.equal(at('2024-06-26'), '2024-06-25T16:00:00.000Z');
    assert.equal(at('2024-06-02 22:30:00 -0700'), '2024-06-03T05:30:00.000Z');
    // The UTC instant falls on the next day in Shanghai, and so does the link, as Jekyll's does.
    assert.match(post('_posts/2024-01-01-d.md', '---\ntitle: D\ndate: 2024-02-29 23:30:00\n---\n').link, /\/2024\/03\/01\/d\.html$/);
    // Outside a Jekyll site every date without an offset is in the site's zone.
    const folder = post('x.md', '---\ntitle: D\ndate: 2024-02-29 23:30:00\n---\n', { layout: 'folder' });
    assert.equal(new Date(folder.date).toISOString(), '2024-02-29T15:30:00.000Z');
  });

  test('a draft without a date is dated by its file time, in whole seconds', () => {
    const p = post('_drafts/idea.md', '---\ntitle: Idea\n---\n', {}, Date.UTC(2024, 4, 1, 12, 0, 0, 789));
    assert.equal(p.date, Date.UTC(2024, 4, 1, 12, 0, 0));
  });

  test('titles: smartified and stripped, entities decoded; untitled posts named after the slug', () => {
    assert.equal(
      post('_posts/2024-01-01-t.md', '---\ntitle: "An <span>HTML</span> post & \\"more\\" -- here..."\n---\n').title,
      'An HTML post & “more” – here…',
    );
    assert.equal(post('_posts/2024-01-01-no-title-here.md', '---\ndate: 2024-01-01\n---\n').title, 'No Title Here');
    assert.equal(
      post('2024-01-01-x.md', '---\ntitle: "Tom &amp; <b>Jerry</b> \\"q\\""\n---\n', { layout: 'folder', titles: 'plain' }).title,
      'Tom & Jerry "q"',
    );
  });

  test('categories: the folders above _posts first, then front matter', () => {
    assert.deepEqual(post('news/_posts/2024-01-01-c.md', '---\ntitle: C\ncategories: [release, news]\n---\n').categories, ['news', 'release']);
  });

  test('authors: a key of _data/authors.yml is that person; any other name is a name', () => {
    assert.deepEqual(post('_posts/2024-01-01-a.md', '---\ntitle: A\nauthor: bob\n---\n').author, { name: 'Bob B', email: 'bob@example.org' });
    assert.deepEqual(post('_posts/2024-01-01-a.md', '---\ntitle: A\nauthors: [bob, ann]\n---\n').author, { name: 'Bob B', email: 'bob@example.org' });
    assert.deepEqual(post('_posts/2024-01-01-a.md', '---\ntitle: A\nauthor: Guest Writer\n---\n').author, { name: 'Guest Writer' });
  });
});
