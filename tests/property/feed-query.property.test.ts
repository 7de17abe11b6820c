// Property: whatever parameters a query feed's URL has, in whatever order and case, it reads as the same
// query as its canonical string (src/feed-query.ts), and that string reads back as itself; a refusal is
// a reason, never a throw. A bounded number of runs; a failure prints its seed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { canonicalQuery, parseFeedQuery, type QueryBounds } from '../../src/feed-query.js';

const RUNS = Number(process.env.FC_RUNS ?? 300);
const SEED = process.env.FC_SEED === undefined ? {} : { seed: Number(process.env.FC_SEED) };
const bounds: QueryBounds = { maxParameters: 16, maxKeywordLength: 100, maxLimit: 100, defaultLimit: 20 };
const readInstant = (text: string): number | undefined =>
  /^20\d\d-0[1-9]-[12]\d$/.test(text) ? Date.parse(`${text}T00:00:00Z`) : /^20\d\d-0[1-9]-[12]\dT00:00:00Z$/.test(text) ? Date.parse(text) : undefined;

const word = fc.constantFrom('harbour', 'Ferry', 'ＦＥＲＲＹ', '常州', 'c++', 'a&b', '-x', '"', 'x y', '😀', 'ß', '%', '+');
const pair = fc.oneof(
  fc.tuple(fc.constantFrom('tag', 'category', 'author', 'TAG', 'Tag'), word),
  fc.tuple(
    fc.constant('q'),
    fc.array(fc.tuple(fc.boolean(), word), { maxLength: 4 }).map((ws) => ws.map(([neg, w]) => `${neg ? '-' : ''}${w.includes(' ') ? `"${w}"` : w}`).join(' ')),
  ),
  fc.tuple(fc.constantFrom('match'), fc.constantFrom('all', 'any')),
  fc.tuple(fc.constantFrom('in'), fc.constantFrom('all', 'title', 'content')),
  fc.tuple(fc.constantFrom('limit'), fc.integer({ min: 1, max: 100 }).map(String)),
  fc.tuple(fc.constantFrom('since'), fc.constantFrom('2024-05-11', '2023-01-20')),
  fc.tuple(fc.constantFrom('utm_source', 'x'), word),
);

test('any order and case of the same parameters: one canonical string, which reads back as itself', () => {
  fc.assert(
    // Repeated single parameters are refused alike in any order: the reason names the parameter.
    fc.property(fc.array(pair, { maxLength: 8 }), fc.func(fc.integer()), (pairs, order) => {
      const encode = (list: readonly (readonly [string, string])[]): string => list.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
      const shuffled = [...pairs].sort((a, b) => order(a[0] + a[1]) - order(b[0] + b[1]));
      const a = parseFeedQuery(encode(pairs), bounds, readInstant);
      const b = parseFeedQuery(encode(shuffled), bounds, readInstant);
      assert.deepEqual(b, a);
      if (!a.ok || a.query === undefined) return;
      const canonical = canonicalQuery(a.query, bounds.defaultLimit);
      const again = parseFeedQuery(canonical, bounds, readInstant);
      assert.ok(again.ok && again.query, canonical);
      assert.equal(canonicalQuery(again.query, bounds.defaultLimit), canonical);
    }),
    { numRuns: RUNS, ...SEED },
  );
});

test('any string as a query string: a query, nothing, or a reason; never a throw', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 300, unit: 'binary' }), (search) => {
      const r = parseFeedQuery(search, bounds, readInstant);
      assert.ok(r.ok || (typeof r.reason === 'string' && r.reason.length > 0));
    }),
    { numRuns: RUNS, ...SEED },
  );
});
