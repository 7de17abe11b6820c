// The one text order: sortTexts (no comparator) and compareText agree, on every kind of text.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareText, sortTexts } from '../src/order.js';

test('sortTexts orders as compareText does: code units, not locale', () => {
  const texts = [
    'a/b.md',
    'a-c.md',
    'A.md',
    'é.md',
    'e.md',
    '中文/帖子.md',
    '中/x.md',
    '😀.md',
    '\uFFFD.md',
    'Z.md',
    '_x.md',
    '2024-01-02-a.md',
    '2024-01-10-a.md',
    '',
  ];
  const expected = [...texts].sort((a, b) => compareText(a, b));
  assert.deepEqual(sortTexts([...texts]), expected);
  // Not what a locale would say: upper case before lower, '-' before '/', astral characters by surrogates.
  assert.ok(expected.indexOf('Z.md') < expected.indexOf('a/b.md'));
  assert.ok(expected.indexOf('a-c.md') < expected.indexOf('a/b.md'));
  assert.ok(expected.indexOf('😀.md') < expected.indexOf('\uFFFD.md'));
});
