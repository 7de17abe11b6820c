import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Post } from '../../src/posts/post.js';
import { buildScopes, byNewest, encodePath, scopeDir, type Scope } from '../../src/scopes/scopes.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2022, 0, 11, 1, 0, 0);

function post(path: string, date: number, categories: readonly string[] = [], tags: readonly string[] = []): Post {
  const link = `https://news.example.cn/${path.replace(/\.md$/, '')}/`;
  return {
    path,
    hash: `hash-of-${path}`,
    title: path,
    date,
    updated: date,
    categories,
    tags,
    author: undefined,
    excerpt: undefined,
    link,
    id: link,
    image: undefined,
  };
}

/** `kind:slug` of each scope, in order. */
const outline = (scopes: readonly Scope[]): string[] => scopes.map((s) => `${s.kind}:${s.slug}`);
const paths = (scope: Scope | undefined): string[] => (scope ? scope.posts.map((p) => p.path) : ['(no scope)']);
const find = (scopes: readonly Scope[], kind: Scope['kind'], slug: string): Scope | undefined => scopes.find((s) => s.kind === kind && s.slug === slug);

describe('buildScopes', () => {
  test('site first, then categories, then tags, each kind sorted by slug', () => {
    const scopes = buildScopes([post('a.md', T0, ['新闻', 'Tech'], ['zeta', 'C++']), post('b.md', T0 + DAY, ['Art'], ['alpha', 'C'])], T0 + 10 * DAY);
    assert.deepEqual(outline(scopes), ['site:', 'category:art', 'category:tech', 'category:新闻', 'tag:alpha', 'tag:c', 'tag:c-plus-plus', 'tag:zeta']);
  });

  test('the site scope has every published post and empty key, name and slug', () => {
    const [site] = buildScopes([post('a.md', T0), post('b.md', T0 + DAY)], T0 + 10 * DAY);
    assert.equal(site?.kind, 'site');
    assert.equal(site?.key, '');
    assert.equal(site?.name, '');
    assert.equal(site?.slug, '');
    assert.deepEqual(paths(site), ['b.md', 'a.md']);
  });

  test('a category and a tag with the same name are two scopes', () => {
    const scopes = buildScopes([post('a.md', T0, ['News'], ['News'])], T0);
    assert.deepEqual(outline(scopes), ['site:', 'category:news', 'tag:news']);
  });

  test('JavaScript and javascript are one scope named by the most used spelling', () => {
    const scopes = buildScopes(
      [post('a.md', T0, [], ['javascript']), post('b.md', T0 + 1, [], ['JavaScript']), post('c.md', T0 + 2, [], ['javascript'])],
      T0 + DAY,
    );
    const tags = scopes.filter((s) => s.kind === 'tag');
    assert.equal(tags.length, 1);
    assert.equal(tags[0]?.key, 'javascript');
    assert.equal(tags[0]?.name, 'javascript');
    assert.equal(tags[0]?.slug, 'javascript');
    assert.deepEqual(paths(tags[0]), ['c.md', 'b.md', 'a.md']);
  });

  test('full-width spelling folds into the same scope', () => {
    const scopes = buildScopes(
      [post('a.md', T0, [], ['ＪａｖａＳｃｒｉｐｔ']), post('b.md', T0 + 1, [], ['JavaScript']), post('c.md', T0 + 2, [], ['JavaScript'])],
      T0 + DAY,
    );
    assert.deepEqual(
      scopes.filter((s) => s.kind === 'tag').map((s) => [s.name, s.posts.length]),
      [['JavaScript', 3]],
    );
  });

  test('a tie between spellings goes to the one that sorts first, whatever the post order', () => {
    const one = buildScopes([post('a.md', T0, [], ['javascript']), post('b.md', T0 + 1, [], ['JavaScript'])], T0 + DAY);
    const two = buildScopes([post('a.md', T0 + 1, [], ['javascript']), post('b.md', T0, [], ['JavaScript'])], T0 + DAY);
    assert.equal(find(one, 'tag', 'javascript')?.name, 'JavaScript');
    assert.equal(find(two, 'tag', 'javascript')?.name, 'JavaScript');
  });

  test('posts dated after now are excluded from every scope; a post dated exactly now is in', () => {
    const scopes = buildScopes(
      [post('past.md', T0 - DAY, ['新闻'], ['x']), post('now.md', T0, ['新闻']), post('future.md', T0 + 1, ['新闻', '明日'], ['x'])],
      T0,
    );
    assert.deepEqual(paths(scopes[0]), ['now.md', 'past.md']);
    assert.deepEqual(paths(find(scopes, 'category', '新闻')), ['now.md', 'past.md']);
    assert.deepEqual(paths(find(scopes, 'tag', 'x')), ['past.md']);
    assert.equal(find(scopes, 'category', '明日'), undefined);
  });

  test('a future post appears once now has passed its date', () => {
    const posts = [post('future.md', T0 + DAY, ['明日'])];
    assert.equal(find(buildScopes(posts, T0), 'category', '明日'), undefined);
    assert.deepEqual(paths(find(buildScopes(posts, T0 + DAY), 'category', '明日')), ['future.md']);
  });

  test('newest first; equal dates by path', () => {
    const scopes = buildScopes(
      [post('b.md', T0, ['x']), post('old.md', T0 - DAY, ['x']), post('a.md', T0, ['x']), post('new.md', T0 + DAY, ['x'])],
      T0 + 10 * DAY,
    );
    assert.deepEqual(paths(scopes[0]), ['new.md', 'a.md', 'b.md', 'old.md']);
    assert.deepEqual(paths(find(scopes, 'category', 'x')), ['new.md', 'a.md', 'b.md', 'old.md']);
  });

  test('the input order does not matter', () => {
    const posts = [post('b.md', T0, ['x'], ['C++']), post('a.md', T0, ['X'], ['c-plus-plus']), post('c.md', T0 + 1, ['y'])];
    assert.deepEqual(buildScopes([...posts].reverse(), T0 + DAY), buildScopes(posts, T0 + DAY));
  });

  test('clashing tag names get distinct slugs', () => {
    const scopes = buildScopes([post('a.md', T0, [], ['C++', 'c-plus-plus', 'C#', 'C'])], T0);
    const slugs = scopes.filter((s) => s.kind === 'tag').map((s) => s.slug);
    assert.equal(new Set(slugs).size, 4);
    assert.ok(slugs.includes('c-plus-plus'));
    assert.ok(slugs.includes('c-sharp'));
    assert.ok(slugs.includes('c'));
  });

  test('no posts: only the site scope, empty', () => {
    assert.deepEqual(buildScopes([], T0), [{ kind: 'site', key: '', name: '', slug: '', posts: [] }]);
  });

  test('does not reorder the caller’s array', () => {
    const posts = [post('old.md', T0 - DAY), post('new.md', T0)];
    buildScopes(posts, T0);
    assert.deepEqual(
      posts.map((p) => p.path),
      ['old.md', 'new.md'],
    );
  });
});

describe('byNewest', () => {
  test('later date first, then path ascending', () => {
    assert.ok(byNewest(post('a.md', T0), post('b.md', T0 + 1)) > 0);
    assert.ok(byNewest(post('a.md', T0), post('b.md', T0)) < 0);
    assert.equal(byNewest(post('a.md', T0), post('a.md', T0)), 0);
  });
});

describe('scopeDir and encodePath', () => {
  test('site, category and tag folders', () => {
    assert.equal(scopeDir({ kind: 'site', slug: '' }), '/');
    assert.equal(scopeDir({ kind: 'category', slug: 'c-plus-plus' }), '/categories/c-plus-plus/');
    assert.equal(scopeDir({ kind: 'tag', slug: '常州日报新闻' }), '/tags/常州日报新闻/');
  });

  test('each segment is percent-encoded as UTF-8; slashes stay', () => {
    assert.equal(encodePath('/tags/常州日报新闻/rss.xml'), '/tags/%E5%B8%B8%E5%B7%9E%E6%97%A5%E6%8A%A5%E6%96%B0%E9%97%BB/rss.xml');
    assert.equal(encodePath('/tags/c-plus-plus_0a1b2c3d/feed.json'), '/tags/c-plus-plus_0a1b2c3d/feed.json');
  });

  test('characters reserved in URLs are encoded inside a segment', () => {
    assert.equal(encodePath('/a b/?#/'), '/a%20b/%3F%23/');
  });
});
