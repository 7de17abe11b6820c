// bench/scale-report.ts: issue 26's targets by size, and how a figure is marked against them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mark, scaleTargets } from '../../bench/scale-report.js';

test('targets: a million posts, a hundred thousand, ten thousand', () => {
  assert.deepEqual(scaleTargets(1_000_000), { editMs: 250, checkCpuMs: 1000, healthzP99Ms: 100, coldMs: 120_000, warmMs: 5_000, peakRssMb: 1024 });
  assert.deepEqual(scaleTargets(100_000), { editMs: 250, checkCpuMs: 1000, healthzP99Ms: 100, warmMs: 1_000, peakRssMb: 300 });
  assert.deepEqual(scaleTargets(10_000), { editMs: 250, checkCpuMs: 1000, healthzP99Ms: 100, warmHugoShare: 0.2 });
});

test('mark: ✓ at or under the target, ✗ over it, nothing without one', () => {
  assert.equal(mark(250, 250), '  ≤ 250 ✓');
  assert.equal(mark(251, 250), '  > 250 ✗');
  assert.equal(mark(900, 3466, '0.2 × Hugo = '), '  ≤ 0.2 × Hugo = 3466 ✓');
  assert.equal(mark(5, undefined), '');
  assert.equal(mark(Number.NaN, 5), '');
});
