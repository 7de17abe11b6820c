// The one retry policy of publish/ (WebSub, purge, upload), with an injected clock: which failures are
// retried, how long each wait is, Retry-After and its cap, and a stop that ends a wait at once.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  Backoff,
  backoffDelay,
  httpFailure,
  nextDelay,
  pause,
  realWaiter,
  retryableStatus,
  retryAfterMs,
  retrying,
  type AttemptEnd,
  type Failure,
  type Waiter,
} from '../src/retry.js';

/** Waits nothing: records each wait's length, and moves its own clock on by it. */
class FakeWaiter implements Waiter {
  readonly waits: number[] = [];
  now = 0;
  /** Called at each wait, before it returns (a test may abort there). */
  during: (() => void) | undefined;

  wait(ms: number, signal: AbortSignal | undefined): Promise<void> {
    this.waits.push(ms);
    this.during?.();
    if (!signal?.aborted) this.now += ms;
    return Promise.resolve();
  }
}

const POLICY = { retries: 3, delayMs: 100, maxRetryAfterMs: 1000 };
const busy: Failure = { reason: 'HTTP 503', retryable: true };

test('which HTTP answers are worth another try', () => {
  for (const s of [408, 425, 429, 500, 502, 503, 504]) assert.ok(retryableStatus(s), String(s));
  for (const s of [200, 301, 400, 401, 403, 404, 410, 413, 501, 505]) assert.ok(!retryableStatus(s), String(s));
});

test('Retry-After in seconds or as an HTTP-date; nothing, rubbish or the past is 0', () => {
  const now = Date.parse('2024-05-01T12:00:00Z');
  assert.equal(retryAfterMs('120', now), 120_000);
  assert.equal(retryAfterMs(' 7 ', now), 7000);
  assert.equal(retryAfterMs('Wed, 01 May 2024 12:00:30 GMT', now), 30_000);
  assert.equal(retryAfterMs('Wed, 01 May 2024 11:00:00 GMT', now), 0);
  for (const v of [null, undefined, '', 'soon', '-5', '1.5']) assert.equal(retryAfterMs(v, now), 0, String(v));
  assert.deepEqual(httpFailure(429, 'HTTP 429', '3', now), { reason: 'HTTP 429', retryable: true, retryAfterMs: 3000 });
  assert.equal(httpFailure(403, 'HTTP 403', null, now).retryable, false);
});

test('the delay doubles, Retry-After wins when longer (up to its cap), and the retries are bounded', () => {
  assert.deepEqual(
    [1, 2, 3].map((n) => nextDelay(POLICY, n, busy)),
    [100, 200, 400],
  );
  assert.equal(nextDelay(POLICY, 4, busy), undefined, 'three retries, then give up');
  assert.equal(nextDelay(POLICY, 1, { ...busy, retryAfterMs: 700 }), 700);
  assert.equal(nextDelay(POLICY, 3, { ...busy, retryAfterMs: 50 }), 400, 'a shorter Retry-After does not shorten the backoff');
  assert.equal(nextDelay(POLICY, 1, { ...busy, retryAfterMs: 86_400_000 }), 1000, 'a day is capped');
  assert.equal(nextDelay({ ...POLICY, maxRetryAfterMs: 0 }, 1, { ...busy, retryAfterMs: 5000 }), 100, 'cap 0: Retry-After ignored');
  assert.equal(nextDelay(POLICY, 1, { reason: 'HTTP 401', retryable: false }), undefined, 'a refusal is not retried');
  assert.equal(nextDelay({ ...POLICY, retries: 0 }, 1, busy), undefined);
});

test('retrying: attempts until success, with the waits of the policy, each end reported', async () => {
  const waiter = new FakeWaiter();
  const ends: AttemptEnd[] = [];
  const r = await retrying(POLICY, async (n) => (n < 3 ? busy : undefined), { waiter, ended: (e) => ends.push(e) });
  assert.deepEqual(r, { attempts: 3, failure: undefined });
  assert.deepEqual(waiter.waits, [100, 200]);
  assert.deepEqual(
    ends.map((e) => [e.attempt, e.outcome, e.retryInMs]),
    [
      [1, 'retry', 100],
      [2, 'retry', 200],
      [3, 'ok', undefined],
    ],
  );
});

test('retrying: gives up after the retries, or at once on a refusal, with the last failure', async () => {
  const waiter = new FakeWaiter();
  const spent = await retrying(POLICY, async (n) => ({ reason: `try ${n}`, retryable: true }), { waiter });
  assert.deepEqual(spent, { attempts: 4, failure: { reason: 'try 4', retryable: true } });
  assert.deepEqual(waiter.waits, [100, 200, 400]);
  assert.equal(waiter.now, 700);

  const refused = await retrying(POLICY, async () => ({ reason: 'HTTP 403', retryable: false }), { waiter: new FakeWaiter() });
  assert.deepEqual(refused, { attempts: 1, failure: { reason: 'HTTP 403', retryable: false } });
});

test('retrying: an abort during a wait ends it and the retries; an abort before a failure means no wait', async () => {
  const stop = new AbortController();
  const waiter = new FakeWaiter();
  waiter.during = () => stop.abort();
  const ends: AttemptEnd[] = [];
  let attempts = 0;
  const r = await retrying(
    POLICY,
    async () => {
      attempts++;
      return busy;
    },
    { waiter, signal: stop.signal, ended: (e) => ends.push(e) },
  );
  assert.deepEqual([r.attempts, attempts, waiter.now], [1, 1, 0]);
  assert.deepEqual(
    ends.map((e) => e.outcome),
    ['retry', 'failed'],
  );

  const aborted = new AbortController();
  const quiet = new FakeWaiter();
  const s = await retrying(
    POLICY,
    async () => {
      aborted.abort();
      return busy;
    },
    { waiter: quiet, signal: aborted.signal },
  );
  assert.deepEqual([s.attempts, quiet.waits], [1, []]);
});

test('the real waiter waits, and an abort ends its wait at once (no rejection)', async () => {
  const stop = new AbortController();
  const waiting = realWaiter.wait(60_000, stop.signal);
  stop.abort();
  await waiting;
  await realWaiter.wait(1, undefined);
});

test('Backoff doubles up to its bound and starts over after a success; pause ends early on abort', async () => {
  const b = new Backoff({ delayMs: 100, maxDelayMs: 500 });
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

test('backoffDelay: the same doubling for both, bounded by maxDelayMs', () => {
  assert.deepEqual(
    [1, 2, 3, 4].map((n) => backoffDelay({ delayMs: 10 }, n)),
    [10, 20, 40, 80],
  );
  assert.deepEqual(
    [1, 2, 3, 4].map((n) => backoffDelay({ delayMs: 10, maxDelayMs: 25 }, n)),
    [10, 20, 25, 25],
  );
  assert.equal(nextDelay({ retries: 9, delayMs: 10, maxDelayMs: 25, maxRetryAfterMs: 0 }, 5, { reason: 'x', retryable: true }), 25);
});
