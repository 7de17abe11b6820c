import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { foldName } from '../../src/posts/taxonomy.js';
import { assignSlugs, baseSlug, SLUG_BYTES } from '../../src/scopes/slug.js';

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

describe('assignSlugs: long names', () => {
  const bytes = (s: string): number => Buffer.byteLength(s);

  test('a name over SLUG_BYTES of UTF-8 is cut at a character and hashed, so a folder can be named after it', () => {
    const long = '标签'.repeat(50); // 100 characters, 300 bytes
    const slug = slugsFor([long])[long] ?? '';
    assert.equal(slug, `${'标签'.repeat(33)}_${hash8(foldName(long))}`); // 66 characters, 198 bytes
    assert.ok(bytes(slug) <= 255, `${bytes(slug)} bytes`);
  });

  test('letters outside the BMP (4 bytes, a surrogate pair) are cut at a code point, never inside one', () => {
    const long = `a${'𠮷'.repeat(99)}`;
    const slug = slugsFor([long])[long] ?? '';
    const readable = slug.replace(/_[0-9a-f]{8}$/, '');
    assert.equal(readable, `a${'𠮷'.repeat(49)}`); // 197 bytes: a 50th would make 201
    assert.doesNotMatch(readable, /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/); // no half of a pair
  });

  test('a cut never leaves a hyphen before the hash', () => {
    const long = `${'x'.repeat(199)} tail`;
    assert.match(slugsFor([long])[long] ?? '', /^x{199}_[0-9a-f]{8}$/);
  });

  test('two long names that share their first 200 bytes get distinct slugs', () => {
    const a = `${'新'.repeat(90)}甲`;
    const b = `${'新'.repeat(90)}乙`;
    const slugs = slugsFor([a, b]);
    assert.notEqual(slugs[a], slugs[b]);
    assert.ok(bytes(slugs[a] ?? '') <= 255 && bytes(slugs[b] ?? '') <= 255);
  });

  test('a name of exactly SLUG_BYTES keeps its plain slug', () => {
    const name = 'y'.repeat(SLUG_BYTES);
    assert.equal(slugsFor([name])[name], name);
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
