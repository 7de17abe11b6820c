// Bounded exponential backoff, and the pause a stop ends early.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Backoff, pause } from '../../src/rescan/backoff.js';

test('Backoff doubles up to its bound and starts over after a success; pause ends early on abort', async () => {
  const b = new Backoff({ firstMs: 100, maxMs: 500 });
  assert.deepEqual([b.next(), b.next(), b.next(), b.next(), b.next()], [100, 200, 400, 500, 500]);
  assert.equal(b.failures, 5);
  b.reset();
  assert.equal(b.next(), 100);
  const stop = new AbortController();
  const waiting = pause(60_000, stop.signal);
  stop.abort();
  assert.equal(await waiting, false);
  assert.equal(await pause(1), true);
  assert.equal(await pause(1, stop.signal), false);
});
