// The config's queries: and subscribers: sections (src/config/queries.ts): defaults, bounds, saved
// queries checked at load with the key named, and a page behind a secret that must exist.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError } from '../../src/errors.js';
import { testConfig } from '../helpers/config.js';

test('defaults: query feeds on with bounds, no saved query; subscribers counted, no page', () => {
  const config = testConfig('/srv/posts');
  assert.deepEqual(config.queries, {
    enabled: true,
    maxParameters: 16,
    maxKeywordLength: 100,
    maxLimit: 100,
    maxScan: 1000,
    cached: 500,
    renderBudgetMs: 250,
    cpuShare: 0.05,
    perClientPerMinute: 60,
    saved: [],
  });
  assert.deepEqual(config.subscribers, { enabled: true, page: 'off', maxReported: 1_000_000, maxFeeds: 2000, maxPollersPerFeed: 100_000 });
});

test('a saved query is checked at load, its key named', () => {
  const bad = (saved: unknown, message: RegExp): void => {
    assert.throws(
      () => testConfig('/srv/posts', { queries: { saved } } as never),
      (err: unknown) => err instanceof ConfigError && message.test(err.message),
    );
  };
  bad([{ name: 'Bad Name', query: 'q=x' }], /queries\.saved\.0\.name: must be 1–64 lower-case letters/);
  bad([{ name: 'x', query: 'limit=1e9' }], /queries\.saved\.0\.query: limit must be a whole number/);
  bad(
    [
      { name: 'x', query: 'q=a' },
      { name: 'x', query: 'q=b' },
    ],
    /queries\.saved: must not repeat a name/,
  );
  bad([{ name: 'x', scope: '/tag/x/', query: 'q=a' }], /queries\.saved\.0\.scope: must be \/ or a scope folder/);
  bad([{ name: 'x', query: 'since=soon' }], /queries\.saved\.0\.query: since must be a date/);
  assert.equal(
    testConfig('/srv/posts', { queries: { saved: [{ name: 'a-b-1', scope: '/tags/港口/', query: 'q=ferry -bus&since=2024-01-01' }] } }).queries.saved[0]?.scope,
    '/tags/港口/',
  );
});

test('bounds are bounded; the page behind a secret needs one', () => {
  assert.throws(() => testConfig('/srv/posts', { queries: { cpuShare: 0 } }), /queries\.cpuShare/);
  assert.throws(() => testConfig('/srv/posts', { queries: { maxLimit: 5000 } }), /queries\.maxLimit/);
  assert.throws(() => testConfig('/srv/posts', { subscribers: { page: 'secret' } }), /subscribers\.page: secret needs webhook\.secret/);
  assert.equal(testConfig('/srv/posts', { subscribers: { page: 'secret' }, webhook: { secret: 'sixteen-chars-at-least' } }).subscribers.page, 'secret');
});
