// cached: made once per key, for Map and WeakMap alike, and a made value is what later asks get; once: a load made once.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cached, once } from '../src/memo.js';

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

test('once: one load for every caller, its value once there, and a failed load tried again', async () => {
  let runs = 0;
  let fail = true;
  const loaded = once(async () => {
    runs++;
    if (fail) throw new Error('not yet');
    return { module: runs };
  });
  assert.equal(loaded.value, undefined);
  await assert.rejects(loaded.load(), /not yet/);
  assert.equal(loaded.value, undefined);
  fail = false;
  const [a, b] = await Promise.all([loaded.load(), loaded.load()]);
  assert.equal(a, b);
  assert.equal(loaded.value, a);
  assert.equal(runs, 2);
  assert.equal(await loaded.load(), a);
  assert.equal(runs, 2);
});
