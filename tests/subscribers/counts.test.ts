// Subscriber counts (src/subscribers/counts.ts): reports summed per agent's id of a feed, the latest of
// each; distinct pollers per UTC day as salted hashes; every table bounded; nothing kept that names a
// client. Time is a variable here, never the clock.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_IDS, POLLERS, SubscriberCounts, feedTotals, type FeedCount, type Poll } from '../../src/subscribers/counts.js';
import { DailySalt, saltedHash, utcDay } from '../../src/subscribers/salt.js';
import { CORPUS, OTHERS } from './user-agents.js';

const DAY = Date.UTC(2024, 4, 1, 12);
const options = { maxReported: 1_000_000, maxFeeds: 100, maxPollersPerFeed: 1000 };

function counter(at: { now: number }, extra: Partial<typeof options> = {}): SubscriberCounts {
  return new SubscriberCounts({ ...options, ...extra, now: () => at.now });
}

const poll = (p: Partial<Poll>): Poll => ({ feed: '/atom.xml', fixed: true, userAgent: undefined, address: '192.0.2.1', target: '/atom.xml', ...p });
const of = (counts: readonly FeedCount[], feed: string): Record<string, number> =>
  Object.fromEntries(counts.filter((c) => c.feed === feed).map((c) => [c.source, c.subscribers]));

test("the corpus on one feed: each agent's ids summed (the latest report of each), every other client a poller", () => {
  const at = { now: DAY };
  const counts = counter(at);
  for (const [i, c] of CORPUS.entries()) counts.saw(poll({ userAgent: c.userAgent, address: `192.0.2.${i}`, target: `/atom.xml?from=${i}` }));
  for (const [i, ua] of OTHERS.entries()) counts.saw(poll({ userAgent: ua, address: `198.51.100.${i}` }));
  assert.deepEqual(of(counts.counts(), '/atom.xml'), {
    // Feedly from two addresses of the feed (123 and 1); Feedbin's two ids (3 and 13); NewsBlur's
    // three (12, 1, 2); the others one report each.
    feedly: 124,
    inoreader: 3,
    newsblur: 15,
    feedbin: 16,
    theoldreader: 1,
    bloglovin: 1,
    bazqux: 5,
    freshreader: 8,
    plainfeeder: 42,
    google: 4,
    overcast: 123,
    'tornado-hub': 3,
    // Feedly, Inoreader, Feedspot and Superfeedr without a count, and the six others.
    [POLLERS]: 10,
  });
  assert.equal(feedTotals(counts.counts())[0]?.total, 124 + 3 + 15 + 16 + 1 + 1 + 5 + 8 + 42 + 4 + 123 + 3 + 10);
});

test('a new report of the same id replaces the old; another address of the feed is another of its feeds', () => {
  const at = { now: DAY };
  const counts = counter(at);
  const feedly = (n: number): string => `Feedly/1.0 (+http://www.feedly.com/fetcher.html; ${n} subscribers; )`;
  counts.saw(poll({ userAgent: feedly(10) }));
  counts.saw(poll({ userAgent: feedly(12) }));
  assert.equal(of(counts.counts(), '/atom.xml').feedly, 12);
  counts.saw(poll({ userAgent: feedly(5), target: 'http://news.example.cn/atom.xml' }));
  assert.equal(of(counts.counts(), '/atom.xml').feedly, 17);
  // An agent inventing ids is held to MAX_IDS of them.
  for (let i = 0; i < 100; i++) counts.saw(poll({ userAgent: `Feedbin feed-id:${i} - 1 subscribers` }));
  assert.equal(of(counts.counts(), '/atom.xml').feedbin, MAX_IDS);
});

test("pollers: one per address and User-Agent a day; yesterday's count holds until today passes it; then it goes", () => {
  const at = { now: DAY };
  const counts = counter(at);
  counts.saw(poll({ address: '192.0.2.1', userAgent: 'Reader/1' }));
  counts.saw(poll({ address: '192.0.2.1', userAgent: 'Reader/1' }));
  counts.saw(poll({ address: '192.0.2.1', userAgent: 'Reader/2' }));
  counts.saw(poll({ address: '192.0.2.2', userAgent: 'Reader/1' }));
  assert.equal(of(counts.counts(), '/atom.xml')[POLLERS], 3);
  at.now += 86_400_000;
  counts.saw(poll({ address: '192.0.2.9', userAgent: 'Reader/1' }));
  assert.equal(of(counts.counts(), '/atom.xml')[POLLERS], 3, "yesterday's three, today one so far");
  for (let i = 0; i < 5; i++) counts.saw(poll({ address: `203.0.113.${i}` }));
  assert.equal(of(counts.counts(), '/atom.xml')[POLLERS], 6);
  at.now += 2 * 86_400_000;
  counts.saw(poll({ feed: '/rss.xml' }));
  assert.deepEqual(of(counts.counts(), '/atom.xml'), {}, 'a feed nobody polled for two days is gone');
});

test('reports older than yesterday are dropped; a report over the cap is not believed and is counted as rejected', () => {
  const at = { now: DAY };
  const counts = counter(at);
  counts.saw(poll({ userAgent: 'Inoreader/1.0 (+http://www.inoreader.com/feed-fetcher; 3 subscribers; )' }));
  counts.saw(poll({ userAgent: 'Inoreader/1.0 (+http://www.inoreader.com/feed-fetcher; 9999999 subscribers; )' }));
  assert.equal(of(counts.counts(), '/atom.xml').inoreader, 3);
  assert.equal(counts.status().rejectedReports, 1);
  at.now += 86_400_000;
  counts.saw(poll({ feed: '/rss.xml' }));
  assert.equal(of(counts.counts(), '/atom.xml').inoreader, 3, "yesterday's report still stands");
  at.now += 86_400_000;
  counts.saw(poll({ feed: '/rss.xml' }));
  assert.equal(of(counts.counts(), '/atom.xml').inoreader, undefined);
});

test("bounded: query feeds past maxFeeds are not counted (the snapshot's feeds are), pollers stop at their cap", () => {
  const at = { now: DAY };
  const counts = counter(at, { maxFeeds: 3, maxPollersPerFeed: 5 });
  for (let i = 0; i < 10; i++) counts.saw(poll({ feed: `/rss.xml?q=w${i}`, fixed: false }));
  counts.saw(poll({ feed: '/atom.xml', fixed: true }));
  assert.equal(new Set(counts.counts().map((c) => c.feed)).size, 4);
  assert.equal(counts.status().feedsOverLimit, 7);
  for (let i = 0; i < 50; i++) counts.saw(poll({ address: `10.0.0.${i}` }));
  assert.equal(of(counts.counts(), '/atom.xml')[POLLERS], 5);
  assert.equal(counts.status().cappedFeeds, 1);
});

test('nothing it keeps or hands over names a client: no address, no User-Agent, only salted hashes', () => {
  const at = { now: DAY };
  const counts = counter(at);
  const ua = 'Mozilla/5.0 (Private Browser 9.9; marker-7f3a)';
  counts.saw(poll({ address: '203.0.113.77', userAgent: ua }));
  counts.saw(poll({ address: '203.0.113.78', userAgent: 'Feedbin feed-id:55 - 2 subscribers' }));
  const handed = JSON.stringify({ counts: counts.counts(), status: counts.status(), delta: counts.takeDelta() }, (_k, v: unknown) =>
    v instanceof Map ? [...v] : v,
  );
  for (const secret of ['203.0.113.77', '203.0.113.78', 'marker-7f3a', 'Private Browser']) assert.ok(!handed.includes(secret), secret);
  assert.match(handed, /"pollers":\[\["\/atom.xml",\["[A-Za-z0-9_-]{16}"\]\]\]/);
});

test("the day's salt: the same client hashes alike within a day and differently the next; another replica's salt is adopted", () => {
  const at = { now: DAY };
  const salt = new DailySalt(() => at.now);
  const today = salt.current();
  assert.equal(today.day, utcDay(DAY));
  const a = saltedHash(today.key, ['192.0.2.1', 'Reader/1']);
  assert.match(a, /^[A-Za-z0-9_-]{16}$/);
  at.now += 3_600_000;
  assert.equal(saltedHash(salt.current().key, ['192.0.2.1', 'Reader/1']), a, 'the same within the day');
  assert.notEqual(saltedHash(today.key, ['192.0.2.1', 'Reader/2']), a);
  at.now += 86_400_000;
  assert.notEqual(salt.current().day, today.day);
  assert.notEqual(saltedHash(salt.current().key, ['192.0.2.1', 'Reader/1']), a);
  const shared = Buffer.alloc(32, 7);
  salt.adopt(utcDay(at.now), shared);
  assert.equal(salt.current().salt, shared);
  salt.adopt('2000-01-01', Buffer.alloc(32, 1));
  assert.equal(salt.current().salt, shared, "another day's salt is not taken");
});

test("a delta Redis did not take goes with the next one; a past day's is dropped", () => {
  const at = { now: DAY };
  const counts = counter(at);
  counts.saw(poll({ userAgent: 'Feedbin feed-id:1 - 4 subscribers' }));
  counts.saw(poll({ address: '192.0.2.50' }));
  const first = counts.takeDelta();
  assert.equal(first.reports.length, 1);
  assert.equal(first.pollers.get('/atom.xml')?.length, 1);
  counts.saw(poll({ address: '192.0.2.51' }));
  counts.restoreDelta(first);
  const second = counts.takeDelta();
  assert.equal(second.reports.length, 1);
  assert.equal(second.pollers.get('/atom.xml')?.length, 2);
  at.now += 86_400_000;
  counts.saw(poll({ address: '192.0.2.52' }));
  counts.restoreDelta(second);
  assert.equal(counts.takeDelta().pollers.get('/atom.xml')?.length, 1);
});
