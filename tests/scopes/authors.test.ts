// authorGroups (src/scopes/authors.ts) and author scopes from buildScopes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Post } from '../../src/posts/post.js';
import type { PostAuthor } from '../../src/posts/post-media.js';
import { authorGroups } from '../../src/scopes/authors.js';
import { buildScopes, scopeDir } from '../../src/scopes/scopes.js';

function post(path: string, date: string, authors?: PostAuthor[]): Post {
  const link = `https://news.example.cn/${path}/`;
  return {
    path,
    hash: path,
    title: path,
    date: Date.parse(date),
    updated: Date.parse(date),
    categories: [],
    tags: [],
    author: authors?.[0],
    excerpt: undefined,
    link,
    id: link,
    image: undefined,
    ...(authors ? { authors } : {}),
  };
}

const liming: PostAuthor = { key: 'liming', known: true, name: '李明', email: 'liming@news.example.cn' };
const guest = (name: string, extra: Partial<PostAuthor> = {}): PostAuthor => ({ key: name.toLowerCase(), known: false, name, ...extra });

test('a scope per author after the tags, posts newest first, the person for its feeds', () => {
  const posts = [post('a', '2024-03-01T00:00:00Z', [liming]), post('b', '2024-03-03T00:00:00Z', [liming, guest('赵磊')]), post('c', '2024-03-02T00:00:00Z')];
  const scopes = buildScopes(posts, Date.parse('2025-01-01T00:00:00Z'));
  const authors = scopes.filter((s) => s.kind === 'author');
  assert.deepEqual(
    authors.map((s) => [s.slug, s.name, s.posts.map((p) => p.path)]),
    [
      ['liming', '李明', ['b', 'a']],
      ['赵磊', '赵磊', ['b']],
    ],
  );
  assert.deepEqual(authors[0]?.person, { name: '李明', email: 'liming@news.example.cn' });
  assert.equal(scopeDir(authors[1] as (typeof authors)[number]), '/authors/赵磊/');
  assert.equal(scopes.at(-1)?.kind, 'author');
});

test('posts without authors (feeds.authors off) make no author scope', () => {
  const scopes = buildScopes([post('a', '2024-03-01T00:00:00Z')], Date.parse('2025-01-01T00:00:00Z'));
  assert.deepEqual(
    scopes.map((s) => s.kind),
    ['site'],
  );
});

test("a name-only author's details come from the newest post that names them", () => {
  const [group] = authorGroups([
    post('new', '2024-03-03T00:00:00Z', [guest('Zoe', { url: 'https://zoe.example.net/' })]),
    post('old', '2024-03-01T00:00:00Z', [guest('Zoe')]),
  ]);
  assert.equal(group?.person.url, 'https://zoe.example.net/');
});

test('two people whose names make the same slug never share an address (slug.ts: the one that is its own slug keeps it)', () => {
  const groups = authorGroups([post('a', '2024-03-01T00:00:00Z', [guest('Li Ming')]), post('b', '2024-03-01T00:00:00Z', [guest('Li-Ming')])]);
  const slugs = groups.map((g) => g.slug).sort();
  assert.equal(slugs[0], 'li-ming');
  assert.match(slugs[1] ?? '', /^li-ming_[0-9a-f]{8}$/);
  const both = authorGroups([
    post('a', '2024-03-01T00:00:00Z', [guest('Li Ming')]),
    post('b', '2024-03-01T00:00:00Z', [guest('Li  Ming!', { key: 'li  ming!' })]),
  ]);
  for (const g of both) assert.match(g.slug, /^li-ming_[0-9a-f]{8}$/);
  // A key of the authors data is its own slug, whatever else is named like it.
  const keyed = authorGroups([post('a', '2024-03-01T00:00:00Z', [liming]), post('b', '2024-03-01T00:00:00Z', [guest('Li.Ming', { key: 'li.ming' })])]);
  assert.deepEqual(keyed.map((g) => g.slug).sort(), ['li-ming', 'liming']);
});

test('10,000 authors: one pass over the posts, one scope each', () => {
  const posts = Array.from({ length: 10_000 }, (_, i) => post(`p${i}`, '2024-03-01T00:00:00Z', [guest(`记者${i}`, { key: `记者${i}` })]));
  const groups = authorGroups(posts);
  assert.equal(groups.length, 10_000);
  assert.equal(new Set(groups.map((g) => g.slug)).size, 10_000);
});
