import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { foldName } from '../../src/posts/taxonomy.js';
import { assignSlugs, baseSlug } from '../../src/scopes/slug.js';

/** Slugs for display names, keyed by display name (the module works on folded keys). */
function slugsFor(names: readonly string[]): Record<string, string> {
  const slugs = assignSlugs(names.map(foldName));
  return Object.fromEntries(names.map((n) => [n, slugs.get(foldName(n)) ?? '(missing)']));
}

/** The documented hash: the first 8 hex digits of SHA-256 of the folded name. */
function hash8(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

describe('assignSlugs: readable slugs', () => {
  const names = ['C++', 'C#', 'C', '.NET', 'HTTP/2', 'Q&A', '常州日报新闻', 'node.js', 'Open Source'];

  test('each name gets its readable slug', () => {
    assert.deepEqual(slugsFor(names), {
      'C++': 'c-plus-plus',
      'C#': 'c-sharp',
      C: 'c',
      '.NET': 'dot-net',
      'HTTP/2': 'http-2',
      'Q&A': 'q-and-a',
      常州日报新闻: '常州日报新闻',
      'node.js': 'node-js',
      'Open Source': 'open-source',
    });
  });

  test('all distinct', () => {
    const slugs = Object.values(slugsFor(names));
    assert.equal(new Set(slugs).size, names.length);
  });

  test('the same names give the same slugs in any order, on every call', () => {
    const forward = slugsFor(names);
    const backward = slugsFor([...names].reverse());
    assert.deepEqual(backward, forward);
    assert.deepEqual(slugsFor(names), forward);
  });

  test('only names of the same kind are passed in; a map keyed by folded name comes back', () => {
    assert.deepEqual(
      assignSlugs(['c++', 'c']),
      new Map([
        ['c', 'c'],
        ['c++', 'c-plus-plus'],
      ]),
    );
  });
});

describe('assignSlugs: clashes', () => {
  test('a plain name keeps its slug when a clashing non-plain name appears; the other gets base_<8 hex>', () => {
    assert.deepEqual(slugsFor(['c-plus-plus']), { 'c-plus-plus': 'c-plus-plus' });
    assert.deepEqual(slugsFor(['C++']), { 'C++': 'c-plus-plus' });
    assert.deepEqual(slugsFor(['C++', 'c-plus-plus']), { 'C++': `c-plus-plus_${hash8('c++')}`, 'c-plus-plus': 'c-plus-plus' });
  });

  test('the hashed slug is the same whichever name comes first', () => {
    assert.deepEqual(slugsFor(['c-plus-plus', 'C++']), slugsFor(['C++', 'c-plus-plus']));
  });

  test('two non-plain names with the same base both get hashed slugs, distinct from each other', () => {
    const slugs = slugsFor(['a b', 'a.b']);
    assert.deepEqual(slugs, { 'a b': `a-b_${hash8('a b')}`, 'a.b': `a-b_${hash8('a.b')}` });
    assert.notEqual(slugs['a b'], slugs['a.b']);
  });

  test('a hashed slug has the documented shape', () => {
    assert.match(slugsFor(['C++', 'c-plus-plus'])['C++'] ?? '', /^c-plus-plus_[0-9a-f]{8}$/);
  });

  test('punctuation-only names get _<8 hex>, distinct from each other', () => {
    const slugs = slugsFor(['!!!', '???']);
    assert.deepEqual(slugs, { '!!!': `_${hash8('!!!')}`, '???': `_${hash8('???')}` });
    assert.notEqual(slugs['!!!'], slugs['???']);
  });

  test('a lone punctuation-only name is hashed too (an empty slug is no URL segment)', () => {
    assert.deepEqual(slugsFor(['——']), { '——': `_${hash8('——')}` });
  });
});

describe('baseSlug', () => {
  test('lower-case letters and digits of any script are kept, other runs become one hyphen', () => {
    assert.equal(baseSlug('open  source -- 2024'), 'open-source-2024');
    assert.equal(baseSlug('日本語 テキスト'), '日本語-テキスト');
  });

  test('a leading dot is spelled; other dots separate', () => {
    assert.equal(baseSlug('.net'), 'dot-net');
    assert.equal(baseSlug('asp.net'), 'asp-net');
  });

  test('meaningful symbols are spelled out', () => {
    assert.equal(baseSlug('c++'), 'c-plus-plus');
    assert.equal(baseSlug('f#'), 'f-sharp');
    assert.equal(baseSlug('at&t'), 'at-and-t');
    assert.equal(baseSlug('100%'), '100-percent');
  });

  test('nothing readable is the empty string', () => {
    assert.equal(baseSlug('!!!'), '');
  });
});
