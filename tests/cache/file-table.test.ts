// The warm cache's file table (state-parts.ts): encoded from the records in slices, and read back as the
// same paths, sizes and mtimes, in the records' order.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeTable, tableOf } from '../../src/cache/state-parts.js';

test("the records' table is made in slices and reads back as the same paths and numbers, in order", () => {
  for (const n of [0, 1, 16_384, 40_000]) {
    const records = new Map(Array.from({ length: n }, (_, i) => [`${i % 7}/新闻-${i}.md`, { size: i, mtimeMs: i + 0.5 }] as const));
    const steps = tableOf(records);
    let yields = 0;
    let r = steps.next();
    for (; !r.done; r = steps.next()) yields++;
    assert.equal(yields, Math.floor(n / 16_384), `${n} records`);
    const table = decodeTable(r.value);
    assert.deepEqual(table.paths, [...records.keys()]);
    assert.deepEqual(
      [...table.sizes],
      [...records.values()].map((v) => v.size),
    );
    assert.deepEqual(
      [...table.mtimes],
      [...records.values()].map((v) => v.mtimeMs),
    );
  }
});
