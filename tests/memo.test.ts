// cached: made once per key, for Map and WeakMap alike, and a made value is what later asks get.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cached } from '../src/memo.js';

test('cached makes a value on the first ask only, and keeps it in the map', () => {
  const map = new Map<string, string[]>();
  const made: string[] = [];
  const make = (key: string): string[] => {
    made.push(key);
    return [key];
  };
  const a = cached(map, 'a', make);
  assert.equal(cached(map, 'a', make), a);
  cached(map, 'b', make);
  assert.deepEqual(made, ['a', 'b']);
  assert.equal(map.get('a'), a);
});

test('cached works on a WeakMap, and a falsy value made once is kept (only undefined means "not yet")', () => {
  const weak = new WeakMap<object, number>();
  const key = {};
  let calls = 0;
  const zero = (): number => {
    calls++;
    return 0;
  };
  assert.equal(cached(weak, key, zero), 0);
  assert.equal(cached(weak, key, zero), 0);
  assert.equal(calls, 1);
});
