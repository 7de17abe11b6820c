// LayeredMap (src/layered-map.ts): a view never changes after it is taken, whatever is done to the map
// afterwards (sets, deletes, folds of the changes into a new base), the map reads as a plain Map would,
// and `changes` between two views (the warm cache's journal: cache/journal.ts) is what a pass over both says.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { LayeredMap } from '../src/layered-map.js';

type Op = { readonly op: 'set'; readonly key: number; readonly value: number } | { readonly op: 'delete'; readonly key: number } | { readonly op: 'view' };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('set' as const), key: fc.integer({ min: 0, max: 30 }), value: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ op: fc.constant('delete' as const), key: fc.integer({ min: 0, max: 30 }) }),
  fc.record({ op: fc.constant('view' as const) }),
);

const sorted = (m: Iterable<[number, number]>): [number, number][] => [...m].sort((a, b) => a[0] - b[0]);

test('a LayeredMap reads as a plain Map, and each view stays as it was taken', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 20 }), fc.array(op, { maxLength: 120 }), (initial, ops) => {
      const start = new Map(initial.map((k): [number, number] => [k, 0]));
      const map = LayeredMap.adopt(new Map(start));
      const reference = new Map(start);
      const views: { view: ReadonlyMap<number, number>; was: [number, number][] }[] = [];
      for (const o of ops) {
        if (o.op === 'set') {
          map.set(o.key, o.value);
          reference.set(o.key, o.value);
        } else if (o.op === 'delete') {
          assert.equal(map.delete(o.key), reference.delete(o.key));
        } else {
          views.push({ view: map.view(), was: sorted(reference) });
        }
        assert.equal(map.size, reference.size);
        assert.deepEqual(sorted(map), sorted(reference));
        for (let k = 0; k <= 30; k++) {
          assert.equal(map.get(k), reference.get(k));
          assert.equal(map.has(k), reference.has(k));
        }
      }
      for (const { view, was } of views) {
        assert.deepEqual(sorted(view), was, 'a view never changes');
        assert.equal(view.size, was.length);
        for (let k = 0; k <= 30; k++)
          assert.equal(
            view.has(k),
            was.some(([w]) => w === k),
          );
      }
    }),
    { numRuns: 500 },
  );
});

/** What a pass over both maps says changed: keys set or changed (by identity), keys gone. */
function diff<V>(before: ReadonlyMap<number, V>, after: ReadonlyMap<number, V>): { set: number[]; gone: number[] } {
  return {
    set: [...after]
      .filter(([k, v]) => !before.has(k) || before.get(k) !== v)
      .map(([k]) => k)
      .sort((a, b) => a - b),
    gone: [...before.keys()].filter((k) => !after.has(k)).sort((a, b) => a - b),
  };
}

test('changes between two views of one map are the entries that differ, or undefined once they share no base', () => {
  let told = 0;
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 20 }), fc.boolean(), fc.array(op, { maxLength: 120 }), (initial, shared, ops) => {
      // Objects, so that a set of an equal value is a change of identity (as a record read again is).
      const start = new Map(initial.map((k): [number, { v: number }] => [k, { v: 0 }]));
      const map = LayeredMap.adopt(start, shared);
      // A shared base is the first view: the warm cache holds the records it loaded.
      const views: { view: ReadonlyMap<number, { v: number }>; at: Map<number, { v: number }> }[] = shared ? [{ view: start, at: new Map(start) }] : [];
      const reference = new Map(start);
      for (const o of ops) {
        if (o.op === 'set') {
          const value = { v: o.value };
          map.set(o.key, value);
          reference.set(o.key, value);
        } else if (o.op === 'delete') {
          map.delete(o.key);
          reference.delete(o.key);
        } else {
          views.push({ view: map.view(), at: new Map(reference) });
        }
      }
      for (let i = 0; i + 1 < views.length; i++) {
        for (let j = i + 1; j < views.length; j++) {
          const a = views[i] as (typeof views)[number];
          const b = views[j] as (typeof views)[number];
          const changes = LayeredMap.changes(a.view, b.view);
          if (!changes) continue;
          told++;
          const got = { set: changes.set.map(([k]) => k).sort((x, y) => x - y), gone: [...changes.gone].sort((x, y) => x - y) };
          assert.deepEqual(got, diff(a.at, b.at));
          for (const [k, v] of changes.set) assert.equal(v, b.at.get(k));
        }
      }
    }),
    { numRuns: 500 },
  );
  // Not a test of undefined only: most pairs of views share their base.
  assert.ok(told > 500, `${told} pairs told`);
});

test('changes are told over a shared base, and not once the changes were folded into a new one', () => {
  const base = new Map(Array.from({ length: 80 }, (_, i): [number, number] => [i, i]));
  const map = LayeredMap.adopt(base, true);
  map.set(1, 100);
  map.delete(2);
  map.set(200, 1);
  const a = map.view();
  assert.deepEqual(LayeredMap.changes(base, a), {
    set: [
      [1, 100],
      [200, 1],
    ],
    gone: [2],
  });
  assert.equal(base.get(1), 1, 'a shared base is never changed');
  map.delete(200);
  map.set(2, 2);
  const b = map.view();
  assert.deepEqual(LayeredMap.changes(a, b), { set: [[2, 2]], gone: [200] });
  for (let i = 10; i < 30; i++) map.set(i, -i);
  const c = map.view();
  assert.equal(LayeredMap.changes(b, c), undefined, 'a fold makes a new base');
  assert.equal(LayeredMap.changes(new Map(base), a), undefined, 'a copy is another base');
});
