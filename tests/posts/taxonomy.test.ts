import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { foldName, namesFrom } from '../../src/posts/taxonomy.js';

// What Jekyll's rules give; `more` (the cap on names read) has tests of its own below.
const withoutMore = ({ names, rejected }: ReturnType<typeof namesFrom>) => ({ names, rejected });
const categories = (data: Record<string, unknown>) => withoutMore(namesFrom(data, 'category', 'categories'));
const tags = (data: Record<string, unknown>) => withoutMore(namesFrom(data, 'tag', 'tags'));

describe('namesFrom: Jekyll rules', () => {
  test('a string is split on whitespace runs', () => {
    assert.deepEqual(categories({ categories: '  新闻  Tech\t本地 ' }), { names: ['新闻', 'Tech', '本地'], rejected: [] });
  });

  test('a YAML list is taken item by item; items with spaces stay whole', () => {
    assert.deepEqual(categories({ categories: ['城市 生活', 'Open Source', '新闻'] }), {
      names: ['城市 生活', 'Open Source', '新闻'],
      rejected: [],
    });
  });

  test('the singular key wins over the plural and is not split', () => {
    assert.deepEqual(categories({ category: '常州 日报', categories: '不会 被用' }), { names: ['常州 日报'], rejected: [] });
    assert.deepEqual(tags({ tag: 'Machine Learning', tags: ['ignored'] }), { names: ['Machine Learning'], rejected: [] });
  });

  test('a singular key that is null falls back to the plural', () => {
    assert.deepEqual(tags({ tag: null, tags: 'a b' }), { names: ['a', 'b'], rejected: [] });
  });

  test('a singular list is taken item by item', () => {
    assert.deepEqual(tags({ tag: ['web dev', 'CSS'] }), { names: ['web dev', 'CSS'], rejected: [] });
  });

  test('numbers and booleans become strings', () => {
    assert.deepEqual(tags({ tags: [2022, true, 3.5, false] }), { names: ['2022', 'true', '3.5', 'false'], rejected: [] });
    assert.deepEqual(categories({ category: 42 }), { names: ['42'], rejected: [] });
  });

  test('empty and blank names are dropped', () => {
    assert.deepEqual(tags({ tags: ['', '   ', '春节', null] }), { names: ['春节'], rejected: [] });
    assert.deepEqual(tags({ tags: '   ' }), { names: [], rejected: [] });
  });

  test('duplicates by foldName are dropped, first spelling kept', () => {
    assert.deepEqual(tags({ tags: ['JavaScript', 'javascript', 'ＪａｖａＳｃｒｉｐｔ', 'JAVASCRIPT', 'Go'] }), {
      names: ['JavaScript', 'Go'],
      rejected: [],
    });
  });

  test('a map, or a list holding maps, is rejected; the other items stay', () => {
    assert.deepEqual(tags({ tags: ['正常', { name: '映射' }] }), { names: ['正常'], rejected: ['{"name":"映射"}'] });
    assert.deepEqual(categories({ categories: { a: 1 } }), { names: [], rejected: ['{"a":1}'] });
  });

  test('nested lists are flattened', () => {
    assert.deepEqual(tags({ tags: [['a', ['b', 'c']], 'd'] }), { names: ['a', 'b', 'c', 'd'], rejected: [] });
  });

  test('whitespace inside a listed name is folded to one space', () => {
    assert.deepEqual(tags({ tags: ['Open\n  Source'] }), { names: ['Open Source'], rejected: [] });
  });

  test('characters XML forbids are removed from names', () => {
    assert.deepEqual(tags({ tags: ['新\u0001闻', 'a\uFFFEb'] }), { names: ['新闻', 'ab'], rejected: [] });
  });

  test('no key at all gives no names', () => {
    assert.deepEqual(tags({ title: 'x' }), { names: [], rejected: [] });
  });
});

describe('foldName', () => {
  test('case: JavaScript = javascript', () => {
    assert.equal(foldName('JavaScript'), 'javascript');
  });

  test('full-width letters: ＡＢＣ = abc', () => {
    assert.equal(foldName('ＡＢＣ'), 'abc');
  });

  test('ß folds to ss: Straße = strasse', () => {
    assert.equal(foldName('Straße'), 'strasse');
    assert.equal(foldName('Straße'), foldName('STRASSE'));
  });

  test('ligatures are decomposed: ﬁle = file', () => {
    assert.equal(foldName('ﬁle'), 'file');
  });

  test('CJK is unchanged', () => {
    assert.equal(foldName('常州日报新闻'), '常州日报新闻');
  });

  test('different names stay different', () => {
    assert.notEqual(foldName('C++'), foldName('C#'));
    assert.notEqual(foldName('C'), foldName('C++'));
  });
});

describe('namesFrom: bounded work', () => {
  test('a string of 130,000 names is read no further than the cap, without overflowing the stack', () => {
    const many = Array.from({ length: 130_000 }, (_, i) => `t${i}`).join(' ');
    const found = namesFrom({ tags: many }, 'tag', 'tags', 1000);
    assert.equal(found.names.length, 1000);
    assert.equal(found.names[999], 't999');
    assert.equal(found.more, true);
  });

  test('a list of 50,000 names, and lists nested 10,000 deep, are walked without recursion', () => {
    const found = namesFrom({ tags: Array.from({ length: 50_000 }, (_, i) => i) }, 'tag', 'tags', 1000);
    assert.deepEqual([found.names.length, found.more], [1000, true]);
    let deep: unknown = ['bottom'];
    for (let i = 0; i < 10_000; i++) deep = [deep];
    assert.deepEqual(namesFrom({ tags: deep }, 'tag', 'tags'), { names: ['bottom'], rejected: [], more: false });
  });

  test('exactly the cap is not more; repeats past it are', () => {
    assert.equal(namesFrom({ tags: 'a b c' }, 'tag', 'tags', 3).more, false);
    assert.equal(namesFrom({ tags: 'a b c d' }, 'tag', 'tags', 3).more, true);
  });

  test('a rejected map is shown in at most 60 characters, however big it is', () => {
    const big = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, 'x'.repeat(100)]));
    const found = namesFrom({ tags: [big] }, 'tag', 'tags');
    assert.equal(found.rejected.length, 1);
    assert.ok((found.rejected[0] as string).length <= 61);
    assert.match(found.rejected[0] as string, /^\{"k0":"x+…$/);
  });
});
