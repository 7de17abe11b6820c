// Issue 12: front matter that costs too much to read is refused early, with its path, line and code, and
// nothing about it is expanded to say so (src/posts/budget.ts, front-matter.ts, read-post.ts).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { FRONT_MATTER_BUDGET, measureFrontMatter } from '../../src/posts/budget.js';
import { preview } from '../../src/posts/preview.js';
import { readPost, type ReadResult } from '../../src/posts/read-post.js';
import { type ReadOptions } from '../../src/posts/options.js';
import { aliasChain, bigFrontMatter, billionLaughs, longTags, post } from '../helpers/hostile-files.js';
import { FOLDER_DEFAULTS } from '../helpers/read-options.js';

const OPTIONS: ReadOptions = {
  timeZone: 'Asia/Shanghai',
  siteUrl: 'https://news.example.cn/',
  permalink: '/:year/:title/',
  markdown: ['md'],
  ...FOLDER_DEFAULTS,
};

function read(text: string, rel = 'hostile.md'): ReadResult {
  const bytes = Buffer.from(text);
  return readPost({ path: rel, bytes, hash: createHash('sha256').update(bytes).digest('hex') }, OPTIONS);
}

function rejectedWith(result: ReadResult): { code: string; line: number | undefined; reason: string; path: string } {
  assert.equal(result.kind, 'rejected', `expected a rejection, got ${result.kind}`);
  const [p, ...rest] = result.problems.filter((x) => x.severity === 'error');
  assert.ok(p && rest.length === 0, JSON.stringify(result.problems));
  return { code: p.code, line: p.line, reason: p.reason, path: p.path };
}

describe('front matter budget (readPost)', () => {
  test('billion laughs with lists: refused as too many aliases, at the line of the first key past the budget', () => {
    const text = billionLaughs('list');
    assert.ok(Buffer.byteLength(text) < 700);
    const p = rejectedWith(read(text));
    // l4 is the first anchor whose expansion (9^4 lists) passes 1,000 alias uses; it is on line 8.
    assert.deepEqual([p.code, p.path, p.line], ['FW_POST_OVER_BUDGET', 'hostile.md', 8]);
    assert.match(p.reason, /: "l4": more than 1000 aliases$/);
  });

  test('billion laughs with maps: refused the same way, and the reason stays short', () => {
    const p = rejectedWith(read(billionLaughs('map')));
    assert.equal(p.code, 'FW_POST_OVER_BUDGET');
    assert.ok(p.reason.length < 200, p.reason);
  });

  test('an alias chain 20,000 deep is over the size budget; one 3,000 deep is refused as too deep, no stack overflow', () => {
    assert.equal(rejectedWith(read(aliasChain(20_000))).code, 'FW_POST_OVER_BUDGET');
    const text = aliasChain(3_000);
    assert.ok(text.length < FRONT_MATTER_BUDGET.chars);
    const p = rejectedWith(read(text));
    assert.equal(p.code, 'FW_POST_OVER_BUDGET');
    // Each key walks the chain below it again: the alias uses add up before the depth is reached.
    assert.match(p.reason, /: "c\d+": more than 1000 aliases$/);
    // 40 levels, then 30 more around one alias of them: 70 deep only once the alias is expanded.
    const nest = (n: number, inner: string): string => `${'['.repeat(n)}${inner}${']'.repeat(n)}`;
    const deep = rejectedWith(read(post(`a: &a ${nest(40, 'x')}\ntags: ${nest(30, '*a')}`)));
    assert.match(deep.reason, /: "tags": nested deeper than 64 \(aliases expanded\)$/);
  });

  test('flow collections nested 20,000 deep: the YAML parser refuses them', () => {
    const p = rejectedWith(read(post(`tags: ${'['.repeat(20_000)}${']'.repeat(20_000)}`)));
    assert.equal(p.code, 'FW_POST_BAD_YAML');
    assert.ok(p.reason.length < 300);
  });

  test('a 930 KB tags string is over the front matter budget before anything parses it', () => {
    const text = longTags(130_000);
    assert.ok(Buffer.byteLength(text) > 900_000);
    const p = rejectedWith(read(text));
    assert.deepEqual([p.code, p.line], ['FW_POST_OVER_BUDGET', 1]);
    assert.match(p.reason, /front matter longer than 131072 characters|characters of front matter/);
  });

  test('4.9 MB of front matter is refused before parsing; so is one that never closes within the budget', () => {
    const p = rejectedWith(read(bigFrontMatter(4_900_000)));
    assert.deepEqual([p.code, p.line], ['FW_POST_OVER_BUDGET', 1]);
    const unclosed = `---\n${'k: v\n'.repeat(200_000)}`;
    assert.equal(rejectedWith(read(unclosed)).code, 'FW_POST_OVER_BUDGET');
  });

  test('just under the character limit is parsed and published', () => {
    const text = bigFrontMatter(FRONT_MATTER_BUDGET.chars - 2_000);
    const result = read(text);
    assert.equal(result.kind, 'post', JSON.stringify(result.problems));
  });

  test('a tags string of 10,000 names under the budget: the first 100 kept, the rest counted up to the cap', () => {
    const result = read(longTags(10_000));
    assert.equal(result.kind, 'post');
    if (result.kind !== 'post') return;
    assert.equal(result.post.tags.length, 100);
    assert.ok(result.problems.some((p) => p.code === 'FW_POST_OVER_LIMIT' && /1000 names or more; the first 100 are kept/.test(p.reason)));
  });

  test('an anchor used a few times, as real sites do, is fine', () => {
    const result = read(post('defaults: &d {author: Li, tags: [a, b]}\nextra: *d\ntags: [x, y]\nmore: [*d, *d, *d]'));
    assert.equal(result.kind, 'post', JSON.stringify(result.problems));
  });
});

describe('measureFrontMatter', () => {
  const small = { ...FRONT_MATTER_BUDGET, nodes: 10, keys: 3, decodedChars: 20, depth: 3, aliases: 1 };

  test('each limit, and the top-level key that passed it', () => {
    assert.deepEqual(measureFrontMatter({ a: Array.from({ length: 20 }, () => 1) }, small), { key: 'a', reason: 'more than 10 values (aliases expanded)' });
    assert.deepEqual(measureFrontMatter({ a: 1, b: 2, c: { d: 1 } }, small), { key: 'c', reason: 'more than 3 keys' });
    assert.deepEqual(measureFrontMatter({ a: 'x'.repeat(30) }, small), { key: 'a', reason: 'more than 20 characters of text (aliases expanded)' });
    assert.deepEqual(measureFrontMatter({ a: [[[['deep']]]] }, small), { key: 'a', reason: 'nested deeper than 3 (aliases expanded)' });
    const shared = ['s'];
    assert.equal(measureFrontMatter({ a: [shared, shared] }, small), undefined);
    assert.deepEqual(measureFrontMatter({ a: [shared, shared, shared] }, small), { key: 'a', reason: 'more than 1 aliases' });
  });

  test('a shared string counts every time it is used (a scalar alias cannot be told apart)', () => {
    const s = 'y'.repeat(8);
    assert.equal(measureFrontMatter({ a: [s, s] }, small), undefined);
    assert.ok(measureFrontMatter({ a: [s, s, s] }, small));
  });
});

describe('preview', () => {
  test('bounded JSON of any value', () => {
    assert.equal(preview({ a: [1, 'b'] }), '{"a":[1,"b"]}');
    assert.equal(preview('x'.repeat(100), 10), `"${'x'.repeat(9)}…`);
    let deep: unknown = 1;
    for (let i = 0; i < 50; i++) deep = { k: deep };
    assert.ok(preview(deep, 20).length <= 21);
  });
});
