// Which posts a query feed shows (src/scopes/query-select.ts): scopes intersected or joined, a date, words
// in the title or the text (asked for in batches, a bounded number of posts), newest first, as many as
// the limit; a name nobody has leaves an empty feed.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { FeedQuery } from '../../src/feed-query.js';
import type { Post } from '../../src/posts/post.js';
import { resolveNames, scopeLookup, selectPosts, TEXT_BATCH, type Selection } from '../../src/scopes/query-select.js';
import { buildScopes, scopeDir, type Scope } from '../../src/scopes/scopes.js';

const T0 = Date.UTC(2024, 0, 1);
const HOUR = 3_600_000;

function post(n: number, categories: readonly string[], tags: readonly string[], title = `Post ${n}`): Post {
  const link = `https://news.example.cn/p${n}/`;
  return {
    path: `p${String(n).padStart(3, '0')}.md`,
    hash: `h${n}`,
    title,
    date: T0 + n * HOUR,
    updated: T0 + n * HOUR,
    categories,
    tags,
    author: undefined,
    excerpt: undefined,
    link,
    id: link,
    image: undefined,
  };
}

// 0..9: even posts are in Metro, every third is tagged Harbour, every fifth Ferry; titles of 4 and 7 say "harbour".
const posts = Array.from({ length: 10 }, (_, n) =>
  post(
    n,
    n % 2 === 0 ? ['Metro'] : ['Sport'],
    [...(n % 3 === 0 ? ['Harbour'] : []), ...(n % 5 === 0 ? ['Ferry'] : []), 'C++'],
    n === 4 || n === 7 ? `The HARBOUR at ${n}` : `Post ${n}`,
  ),
);
const scopes = buildScopes(posts, T0 + 100 * HOUR);
const index = new Map(scopes.map((s) => [scopeDir(s), s]));
const lookup = scopeLookup(index);
const site = index.get('/') as Scope;
const texts = new Map(posts.map((p, n) => [p, n % 4 === 1 ? 'a story about the ferry and the harbour' : n === 8 ? 'the bus to the harbour' : 'nothing here']));

const q = (over: Partial<FeedQuery>): FeedQuery => ({
  category: [],
  tag: [],
  author: [],
  match: 'all',
  terms: [],
  in: 'all',
  since: undefined,
  limit: 20,
  ...over,
});

/** Runs a selection to its end, answering every batch it asks for; `asked` records them. */
function run(base: Scope, query: FeedQuery, maxScan = 1000, textOf = (p: Post): string | undefined => texts.get(p), asked: Post[][] = []): Selection {
  const gen = selectPosts(base, resolveNames(query, lookup), lookup, textOf, maxScan);
  for (;;) {
    const step = gen.next();
    if (step.done) return step.value;
    asked.push([...step.value]);
  }
}
const numbers = (s: Selection): number[] => s.posts.map((p) => Number(p.path.slice(1, 4)));

describe('scopes', () => {
  test("all: in the path's scope and every named one; any: in at least one", () => {
    assert.deepEqual(numbers(run(site, q({ category: ['metro'], tag: ['harbour'] }))), [6, 0]);
    assert.deepEqual(numbers(run(site, q({ tag: ['harbour', 'ferry'], match: 'any' }))), [9, 6, 5, 3, 0]);
    assert.deepEqual(numbers(run(site, q({ tag: ['harbour', 'ferry'] }))), [0]);
    const metro = index.get('/categories/metro/') as Scope;
    assert.deepEqual(numbers(run(metro, q({ tag: ['harbour', 'ferry'], match: 'any' }))), [6, 0]);
  });

  test('a slug names its scope too, and resolves to the name; a name nobody has leaves nothing (all) or nothing more (any)', () => {
    assert.deepEqual(resolveNames(q({ tag: ['c-plus-plus'] }), lookup).tag, ['c++']);
    assert.equal(run(site, q({ tag: ['c-plus-plus'] })).posts.length, 10);
    assert.deepEqual(numbers(run(site, q({ tag: ['nobody'] }))), []);
    assert.deepEqual(numbers(run(site, q({ tag: ['nobody', 'ferry'], match: 'any' }))), [5, 0]);
    assert.deepEqual(numbers(run(site, q({ tag: ['nobody', 'nothing'], match: 'any' }))), []);
  });

  test('since and limit: newest first, as many as asked, none older than the date', () => {
    assert.deepEqual(numbers(run(site, q({ since: T0 + 7 * HOUR }))), [9, 8, 7]);
    assert.deepEqual(numbers(run(site, q({ limit: 2 }))), [9, 8]);
    assert.deepEqual(numbers(run(site, q({ since: T0 + 100 * HOUR }))), []);
  });
});

describe('words', () => {
  test('in the title, the text or both; exclusions leave posts out', () => {
    const harbour = { text: 'harbour', exclude: false };
    assert.deepEqual(numbers(run(site, q({ terms: [harbour], in: 'title' }))), [7, 4]);
    assert.deepEqual(numbers(run(site, q({ terms: [harbour], in: 'content' }))), [9, 8, 5, 1]);
    assert.deepEqual(numbers(run(site, q({ terms: [harbour] }))), [9, 8, 7, 5, 4, 1]);
    assert.deepEqual(numbers(run(site, q({ terms: [harbour, { text: 'bus', exclude: true }] }))), [9, 7, 5, 4, 1]);
    assert.deepEqual(numbers(run(site, q({ terms: [harbour, { text: 'harbour', exclude: true }] }))), []);
  });

  test('texts are asked for in batches, only of posts the title does not decide, never for title-only words', () => {
    const asked: Post[][] = [];
    run(site, q({ terms: [{ text: 'harbour', exclude: false }] }), 1000, (p) => texts.get(p), asked);
    assert.equal(asked.length, 1);
    assert.deepEqual(asked[0]?.map((p) => p.path).includes('p007.md'), false, 'the title says harbour');
    const none: Post[][] = [];
    run(site, q({ terms: [{ text: 'harbour', exclude: false }], in: 'title' }), 1000, (p) => texts.get(p), none);
    assert.deepEqual(none, []);
  });

  test('a text that cannot be read leaves its post out and the selection inexact', () => {
    const r = run(site, q({ terms: [{ text: 'ferry', exclude: false }] }), 1000, (p) => (p.path === 'p009.md' ? undefined : texts.get(p)));
    assert.deepEqual(numbers(r), [5, 1]);
    assert.equal(r.exact, false);
  });

  test('no more than maxScan posts are looked at, newest first: the same answer every time', () => {
    const many = Array.from({ length: 200 }, (_, n) => post(n, [], ['t']));
    const big = buildScopes(many, T0 + 1000 * HOUR);
    const bigIndex = new Map(big.map((s) => [scopeDir(s), s]));
    const bigLookup = scopeLookup(bigIndex);
    const textOf = (p: Post): string => (Number(p.path.slice(1, 4)) % 50 === 0 ? 'needle' : 'hay');
    const select = (maxScan: number): Selection => {
      const gen = selectPosts(bigIndex.get('/') as Scope, q({ terms: [{ text: 'needle', exclude: false }] }), bigLookup, textOf, maxScan);
      for (;;) {
        const step = gen.next();
        if (step.done) return step.value;
        assert.ok(step.value.length <= TEXT_BATCH);
      }
    };
    assert.deepEqual(numbers(select(1000)), [150, 100, 50, 0]);
    const bounded = select(120);
    assert.deepEqual(numbers(bounded), [150, 100]);
    assert.equal(bounded.scanned, 120);
    assert.deepEqual(numbers(select(120)), numbers(bounded));
  });
});
