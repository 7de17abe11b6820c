// Reading User-Agents (src/subscribers/user-agent.ts against the table in agents.ts): every format of the
// corpus as its agent documents or shows it, clients that are no agent, and the ones that lie, run long
// or carry control characters.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AGENTS } from '../../src/subscribers/agents.js';
import { READ_CHARACTERS, readUserAgent } from '../../src/subscribers/user-agent.js';
import { CORPUS, OTHERS } from './user-agents.js';

const CAP = 1_000_000;

test('every User-Agent of the corpus names its agent, its count and its id of the feed', () => {
  for (const c of CORPUS) {
    const r = readUserAgent(c.userAgent, CAP);
    assert.ok(r, `not recognised: ${c.userAgent}`);
    assert.equal(r.source, c.source, c.userAgent);
    assert.equal(r.subscribers, c.subscribers, c.userAgent);
    assert.equal(r.feedId, c.feedId, c.userAgent);
  }
});

test('every agent of the table is in the corpus, with a count where it gives one', () => {
  const sources = new Set(CORPUS.map((c) => c.source));
  assert.deepEqual(
    AGENTS.map((a) => a.source).filter((s) => !sources.has(s)),
    [],
  );
  assert.equal(new Set(AGENTS.map((a) => a.source)).size, AGENTS.length, 'sources are unique');
});

test('browsers, self-hosted readers and unknown agents are no agent (they count as pollers)', () => {
  for (const ua of OTHERS) assert.equal(readUserAgent(ua, CAP), undefined, ua);
  assert.equal(readUserAgent(undefined, CAP), undefined);
  assert.equal(readUserAgent('', CAP), undefined);
});

test('a configured hub that says its subscribers is counted as websub:<host>; without a count it is a poller', () => {
  const hubs = ['hub.example.net'];
  assert.deepEqual(readUserAgent('ExampleHub/1.0 (+https://hub.example.net/; 12 subscribers)', CAP, hubs), {
    source: 'websub:hub.example.net',
    kind: 'hub',
    subscribers: 12,
    feedId: undefined,
  });
  assert.equal(readUserAgent('ExampleHub/1.0 (+https://hub.example.net/)', CAP, hubs), undefined);
  assert.equal(readUserAgent('ExampleHub/1.0 (+https://hub.example.net/; 12 subscribers)', CAP), undefined, 'not configured: not believed');
});

test('a count past the cap is not believed, and flagged; thousands separators are read', () => {
  const liar = readUserAgent('Feedly/1.0 (+http://www.feedly.com/fetcher.html; 9999999999 subscribers; )', CAP);
  assert.deepEqual(liar, { source: 'feedly', kind: 'aggregator', subscribers: undefined, feedId: undefined, rejected: true });
  assert.equal(readUserAgent('Feedly/1.0 (+http://www.feedly.com/fetcher.html; 1,204 subscribers; )', CAP)?.subscribers, 1204);
  // More digits than a count can have are no count at all.
  assert.equal(readUserAgent('Feedly/1.0 (+http://www.feedly.com/fetcher.html; 1234567890123456 subscribers; )', CAP)?.subscribers, undefined);
  assert.equal(readUserAgent('Feedly/1.0 (+http://www.feedly.com/fetcher.html; 0 subscribers; )', CAP)?.subscribers, 0);
});

test('only the first characters are read: a count past them is no count, and a long one costs no more', () => {
  const long = `Feedly/1.0 (+http://www.feedly.com/fetcher.html; ${'x'.repeat(READ_CHARACTERS)} 50 subscribers)`;
  assert.equal(readUserAgent(long, CAP)?.subscribers, undefined);
  const huge = `${'a; '.repeat(40_000)}1 subscribers`;
  assert.equal(readUserAgent(huge, CAP), undefined);
});

test("a User-Agent with control characters is nobody's", () => {
  for (const ua of [
    'Feedly/1.0 (\u0000; 5 subscribers)',
    'Feedly/1.0 (+http://www.feedly.com/fetcher.html;\n 5 subscribers)',
    'Feedly/1.0 (\u001b[31m; 5 subscribers)',
  ]) {
    assert.equal(readUserAgent(ua, CAP), undefined, JSON.stringify(ua));
  }
  // A tab is allowed in a header value.
  assert.equal(readUserAgent('Feedly/1.0 (+http://www.feedly.com/fetcher.html;\t5 subscribers)', CAP)?.subscribers, 5);
});
