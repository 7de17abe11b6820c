// The catalogue's sorted lists (src/scopes/sorted-posts.ts): a batch of removals and additions merged in
// steps gives what sorting the whole list again gives, at any size (past one run of 16,384 posts too).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { Post } from '../../src/posts/post.js';
import { byNewest } from '../../src/scopes/scopes.js';
import { mergedSteps } from '../../src/scopes/sorted-posts.js';

const post = (i: number, date: number): Post => ({ path: `p/${i}.md`, date }) as Post;

function run(list: readonly Post[], removals: readonly Post[], additions: readonly Post[]): { out: Post[]; yields: number } {
  const steps = mergedSteps(list, removals, additions, byNewest);
  for (let yields = 0; ; yields++) {
    const r = steps.next();
    if (r.done) return { out: r.value, yields };
  }
}

test('merged in steps = the whole list sorted again, for random lists, removals and additions', () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 60 }),
      fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 60 }),
      fc.array(fc.boolean(), { maxLength: 60 }),
      (dates, added, drop) => {
        const list = dates.map((d, i) => post(i, d)).sort(byNewest);
        const removals = list.filter((_, i) => drop[i] === true);
        const additions = added.map((d, i) => post(1000 + i, d));
        const want = [...list.filter((p) => !removals.includes(p)), ...additions].sort(byNewest);
        assert.deepEqual(run(list, removals, additions).out, want);
      },
    ),
    { numRuns: 300 },
  );
});

test("a cold start's additions (100,000 posts, many runs) are sorted in steps, each a small share of the work", () => {
  const additions = Array.from({ length: 100_000 }, (_, i) => post(i, (i * 7919) % 5000));
  const list = Array.from({ length: 3000 }, (_, i) => post(200_000 + i, (i * 31) % 5000)).sort(byNewest);
  const removals = list.slice(0, 1000);
  const { out, yields } = run(list, removals, additions);
  assert.deepEqual(out, [...list.slice(1000), ...additions].sort(byNewest));
  assert.ok(yields >= 100_000 / 16_384, `${yields} yields`);
});
