// The query feeds' parameters (src/feed-query.ts): what each means, its bounds with a clear reason, and
// the one canonical form, in which order, case, repeats and defaults make no second document.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalQuery, describeQuery, MAX_TERMS, parseFeedQuery, type FeedQuery, type QueryBounds } from '../src/feed-query.js';

const bounds: QueryBounds = { maxParameters: 16, maxKeywordLength: 100, maxLimit: 100, defaultLimit: 20 };
const readInstant = (text: string): number | undefined =>
  /^\d{4}-\d{2}-\d{2}(T[\d:]+Z)?$/.test(text) ? Date.parse(text.length === 10 ? `${text}T00:00:00Z` : text) : undefined;

function query(search: string, b: QueryBounds = bounds): FeedQuery | undefined {
  const r = parseFeedQuery(search, b, readInstant);
  if (!r.ok) assert.fail(`${search}: ${r.reason}`);
  return r.query;
}
function reason(search: string, b: QueryBounds = bounds): string {
  const r = parseFeedQuery(search, b, readInstant);
  assert.ok(!r.ok, `${search} should be refused`);
  return r.reason;
}
const canonical = (search: string): string => canonicalQuery(query(search) ?? assert.fail(`${search}: no query`), bounds.defaultLimit);

test('scopes, words, date and length read into one normal form', () => {
  assert.deepEqual(query('tag=Harbour&tag=ferry&category=Metro&author=li&match=any&q=Ferry%20-bus%20%22night%20boat%22&in=title&since=2024-05-01&limit=50'), {
    category: ['metro'],
    tag: ['ferry', 'harbour'],
    author: ['li'],
    match: 'any',
    terms: [
      { text: 'ferry', exclude: false },
      { text: 'night boat', exclude: false },
      { text: 'bus', exclude: true },
    ],
    in: 'title',
    since: Date.parse('2024-05-01T00:00:00Z'),
    limit: 50,
  });
});

test('order, case, repeats, + for spaces and full-width letters make the same canonical string', () => {
  const one = canonical('tag=harbour&q=ferry%20-bus&limit=50');
  assert.equal(one, 'tag=harbour&q=ferry%20-bus&limit=50');
  for (const other of [
    'limit=50&q=-bus+ferry&tag=Harbour',
    'TAG=HARBOUR&Q=FERRY%20-BUS&LIMIT=50',
    'tag=harbour&tag=harbour&q=ferry%20ferry%20-bus&limit=50',
    'tag=%EF%BD%88arbour&q=ferry -bus&limit=50',
  ]) {
    assert.equal(canonical(other), one, other);
  }
});

test('what changes nothing is left out: match with one scope, in without words, the default limit; nothing left is no query', () => {
  assert.equal(canonical('tag=a&match=any'), 'tag=a');
  assert.equal(canonical('tag=a&tag=b&match=any'), 'tag=a&tag=b&match=any');
  assert.equal(canonical('tag=a&match=all&in=title&limit=20'), 'tag=a');
  for (const search of ['', 'limit=20', 'match=any', 'in=content', 'utm_source=x&fbclid=y', 'q=&tag=&limit=', 'q=%20%20']) {
    assert.equal(query(search), undefined, search);
  }
});

test('the canonical string reads back as the same query', () => {
  for (const search of [
    'tag=a&category=b&author=c&match=any&q=x%20-y%20%22p%20q%22%20%22-z%22&in=content&since=2024-05-01&limit=7',
    'q=%22%20a%20%20b%20%22',
  ]) {
    const first = query(search) ?? assert.fail('no query');
    const again = query(canonicalQuery(first, bounds.defaultLimit));
    assert.deepEqual(again, first, search);
  }
});

test('bad parameters are refused with the reason', () => {
  assert.match(reason('limit=1e9'), /limit must be a whole number from 1 to 100/);
  assert.match(reason('limit=101'), /from 1 to 100/);
  assert.match(reason('limit=0'), /from 1 to 100/);
  assert.match(reason('limit=-5'), /from 1 to 100/);
  assert.match(reason('limit=5&limit=6'), /limit is given twice/);
  assert.match(reason('q=a&q=b'), /q is given twice/);
  assert.match(reason('match=some'), /match must be all or any/);
  assert.match(reason('in=body'), /in must be title, content or all/);
  assert.match(reason('since=yesterday'), /since must be a date/);
  assert.match(reason(`q=${'a'.repeat(101)}`), /q: 101 characters; at most 100/);
  assert.match(reason(`q=${Array.from({ length: MAX_TERMS + 1 }, (_, i) => `w${i}`).join('+')}`), /more than 16 words/);
  assert.match(reason(`tag=${'t'.repeat(201)}`), /longer than 200 characters/);
  assert.match(reason(Array.from({ length: 17 }, (_, i) => `x${i}=1`).join('&')), /17 query parameters; at most 16/);
  assert.match(reason('tag=%E0%A4%A'), /malformed percent-encoding/);
  // The same value twice is no conflict.
  assert.equal(query('limit=5&limit=5')?.limit, 5);
});

test('a phrase may lose its closing quote; a lone - or quote is no word; a word that starts with - is quoted back', () => {
  assert.deepEqual(query('q=%22night%20boat')?.terms, [{ text: 'night boat', exclude: false }]);
  assert.equal(query('q=-%20%22%22'), undefined);
  const dash = query('q=%22-x%22') ?? assert.fail('no query');
  assert.deepEqual(dash.terms, [{ text: '-x', exclude: false }]);
  assert.equal(canonicalQuery(dash, 20), 'q=%22-x%22');
});

test("a query described for a feed's title", () => {
  assert.equal(
    describeQuery(query('tag=b&tag=a&q=x -y&since=2024-05-01&limit=5') ?? assert.fail(), 20),
    'tag: a · tag: b · q: x -y · since: 2024-05-01T00:00:00Z · limit: 5',
  );
});
