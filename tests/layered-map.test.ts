// LayeredMap (src/layered-map.ts): a view never changes after it is taken, whatever is done to the map
// afterwards (sets, deletes, folds of the changes into a new base), and the map reads as a plain Map would.
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
