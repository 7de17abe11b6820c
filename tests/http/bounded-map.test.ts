// The least recently used entries go first, past a count or a weight (src/http/bounded-map.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BoundedMap } from '../../src/http/bounded-map.js';

test('past the count, the least recently used goes; a get counts as a use, a peek does not', () => {
  const m = new BoundedMap<number>(2, 1000, () => 1);
  m.set('a', 1);
  m.set('b', 2);
  assert.equal(m.get('a'), 1);
  m.set('c', 3);
  assert.deepEqual([m.has('a'), m.has('b'), m.has('c')], [true, false, true]);
  assert.equal(m.peek('a'), 1);
  m.set('d', 4);
  assert.deepEqual([m.has('a'), m.has('c'), m.has('d')], [false, true, true]);
});

test('past the weight, the oldest go; one heavier than the whole is not kept; replacing re-weighs', () => {
  const m = new BoundedMap<string>(100, 10, (s) => s.length);
  m.set('a', 'xxxx');
  m.set('b', 'yyyy');
  m.set('c', 'zzzz');
  assert.deepEqual([m.has('a'), m.weight], [false, 8]);
  m.set('huge', 'x'.repeat(11));
  assert.equal(m.has('huge'), false);
  m.set('b', 'y');
  assert.equal(m.weight, 5);
  m.delete('c');
  assert.deepEqual([m.size, m.weight], [1, 1]);
  assert.deepEqual([...m.values()], ['y']);
});

test('a map of no entries keeps nothing', () => {
  const m = new BoundedMap<number>(0, 100, () => 1);
  m.set('a', 1);
  assert.equal(m.size, 0);
});
