// Jekyll's front matter defaults (src/posts/defaults.ts): which sets apply to a path and type, which wins
// (frontmatter_defaults.rb), and how they reach a post through readPost.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withDefaults, type DefaultsSet } from '../../src/posts/defaults.js';
import { readPost } from '../../src/posts/read-post.js';
import { FOLDER_DEFAULTS } from '../helpers/read-options.js';

const POST = '_posts/2024-01-02-x.md';

test('no sets, or none that applies: the front matter itself', () => {
  const data = { title: 'X' };
  assert.equal(withDefaults(data, POST, 'posts', []), data);
  assert.equal(withDefaults(data, POST, 'posts', [{ scope: { type: 'pages' }, values: { a: 1 } }]), data);
});

test("scopes: an empty path or none matches all; a path is a string prefix, as Jekyll's start_with?", () => {
  const sets: DefaultsSet[] = [
    { values: { all: 1 } },
    { scope: { path: '' }, values: { empty: 1 } },
    { scope: { path: '/_posts/2024' }, values: { prefix: 1 } },
    { scope: { path: 'news' }, values: { news: 1 } },
  ];
  assert.deepEqual(withDefaults({}, POST, 'posts', sets), { all: 1, empty: 1, prefix: 1 });
});

test('a glob names the file or a folder above it', () => {
  const sets: DefaultsSet[] = [
    { scope: { path: '_posts/*.md' }, values: { md: true } },
    { scope: { path: '*/_posts' }, values: { nested: true } },
    { scope: { path: '_posts/*.html' }, values: { html: true } },
  ];
  assert.deepEqual(withDefaults({}, POST, 'posts', sets), { md: true });
  assert.deepEqual(withDefaults({}, 'news/_posts/2024-01-02-y.md', 'posts', sets), { nested: true });
});

test('precedence against the set that won so far (checked with jekyll 4.3: "long a t"); the post wins over all', () => {
  const sets: DefaultsSet[] = [
    { scope: { path: '_posts' }, values: { layout: 'long', author: 'a' } },
    { scope: { path: '' }, values: { layout: 'short', tags: ['t'] } },
    { scope: { path: '', type: 'posts' }, values: { tags: ['typed'] } },
  ];
  // The typed set is compared with `_posts`, the longer path that won before it, not with the untyped one.
  assert.deepEqual(withDefaults({}, POST, 'posts', sets), { layout: 'long', author: 'a', tags: ['t'] });
  assert.deepEqual(withDefaults({}, POST, 'posts', sets.slice(1)), { layout: 'short', tags: ['typed'] }, 'at equal length, the typed set wins');
  assert.deepEqual(
    withDefaults({ author: 'own', extra: { b: 2 } }, POST, 'posts', [{ values: { extra: { a: 1 } } }, ...sets]),
    {
      layout: 'long',
      author: 'own',
      tags: ['t'],
      extra: { a: 1, b: 2 },
    },
    'maps are merged key by key (deep_merge_hashes)',
  );
});

test('readPost: defaults fill the front matter, and published: false from a default keeps the post out', () => {
  const options = { timeZone: 'UTC', siteUrl: 'https://example.org/', permalink: '/:year/:title/', markdown: ['md'], ...FOLDER_DEFAULTS };
  const defaults: DefaultsSet[] = [
    { scope: { path: '_posts' }, values: { author: 'Default Author', tags: ['from-default'], image: '/img/card.png' } },
    { scope: { path: '_posts/2019' }, values: { published: false } },
  ];
  const read = (rel: string, text: string) => readPost({ path: rel, bytes: Buffer.from(text), hash: 'h' }, { ...options, defaults, keepFront: true });
  const r = read(POST, '---\ntitle: X\ntags: [own]\n---\nbody\n');
  assert.equal(r.kind, 'post');
  if (r.kind !== 'post') return;
  assert.equal(r.post.author?.name, 'Default Author');
  assert.deepEqual(r.post.tags, ['own'], 'the post’s own value wins');
  assert.deepEqual(r.post.front, { author: 'Default Author', tags: ['own'], image: '/img/card.png', title: 'X' });
  assert.equal(read('_posts/2019-05-01-old.md', '---\ntitle: Old\n---\n').kind, 'excluded');
});

test("jekyll flavour: image paths under baseurl (absolute_url); description before excerpt, as jekyll-feed's summary", () => {
  const options = { timeZone: 'UTC', siteUrl: 'https://example.org/blog/', permalink: '/:year/:title/', markdown: ['md'], ...FOLDER_DEFAULTS };
  const read = (text: string, flavour?: 'jekyll') => {
    const r = readPost({ path: POST, bytes: Buffer.from(text), hash: 'h' }, { ...options, ...(flavour ? { flavour } : {}) });
    if (r.kind !== 'post') assert.fail(r.kind);
    return r.post;
  };
  const text = '---\ntitle: X\nimage: /assets/x.png\nexcerpt: "The <em>excerpt</em> &amp; more"\ndescription: " The   description "\n---\n';
  assert.equal(read(text).image, 'https://example.org/assets/x.png', 'a plain folder: the host root, as before');
  assert.equal(read(text, 'jekyll').image, 'https://example.org/blog/assets/x.png');
  assert.equal(read('---\nimage: assets/y.png\n---\n', 'jekyll').image, 'https://example.org/blog/assets/y.png');
  assert.equal(read('---\nimage: https://cdn.example/z.png\n---\n', 'jekyll').image, 'https://cdn.example/z.png');
  assert.equal(read(text).excerpt, 'The excerpt & more');
  assert.equal(read(text, 'jekyll').excerpt, 'The description');
  assert.equal(read('---\nexcerpt: "The <em>excerpt</em> &amp; more"\n---\n', 'jekyll').excerpt, 'The excerpt & more');
});
