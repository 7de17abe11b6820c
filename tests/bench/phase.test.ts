// bench/phase.ts: the bounds that keep a benchmark phase from hanging a run, and the sums its table shows.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describe as describeBounded, median, pollUntil, startTimeoutS, summary, within } from '../../bench/phase.js';

test('within: a phase that finishes gives its value', async () => {
  assert.deepEqual(await within(5, async () => 42), { ok: true, value: 42 });
});

test('within: a phase that never finishes is reported as timed out, and its signal is aborted', async () => {
  let seen: AbortSignal | undefined;
  const result = await within(0.01, (signal) => {
    seen = signal;
    return new Promise<number>(() => {});
  });
  assert.deepEqual(result, { ok: false, timedOutS: 0.01 });
  assert.equal(seen?.aborted, true);
});

test('within: an error inside the phase still rejects', async () => {
  await assert.rejects(
    within(5, async () => {
      throw new Error('service exited');
    }),
    /service exited/,
  );
});

test('pollUntil: true once the condition holds, false once the signal aborts', async () => {
  let calls = 0;
  assert.equal(await pollUntil(async () => ++calls === 3, new AbortController().signal, 0), true);
  assert.equal(calls, 3);
  const controller = new AbortController();
  controller.abort();
  assert.equal(await pollUntil(async () => false, controller.signal, 0), false);
});

test('median: the middle sample (the upper of two), NaN for none', () => {
  assert.equal(median([5, 1, 3]), 3);
  assert.equal(median([4, 1, 3, 2]), 3);
  assert.ok(Number.isNaN(median([])));
});

test('summary: the median of the samples, or the time out when one ran out of time', () => {
  assert.deepEqual(
    summary([
      { ok: true, value: 10.4 },
      { ok: true, value: 30 },
      { ok: true, value: 20 },
    ]),
    { ok: true, value: 20 },
  );
  assert.deepEqual(
    summary([
      { ok: true, value: 10 },
      { ok: false, timedOutS: 60 },
    ]),
    { ok: false, timedOutS: 60 },
  );
  assert.equal(summary([]), undefined);
  assert.equal(describeBounded({ ok: false, timedOutS: 60 }), 'timed out after 60 s');
  assert.equal(describeBounded({ ok: true, value: 12.6 }), '13 ms');
});

test('startTimeoutS: two minutes at least, a millisecond a post above', () => {
  assert.equal(startTimeoutS(10_000), 120);
  assert.equal(startTimeoutS(1_000_000), 1000);
});
