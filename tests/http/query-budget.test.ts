// What query feeds may cost (src/http/query-budget.ts): a CPU bucket refilled by time, and renderings per
// client and minute in a table that stays bounded whatever the number of clients. Clocks are variables.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ClientLimiter, CpuBudget } from '../../src/http/query-budget.js';

test("the CPU bucket: a second's share to start, spent down, then a wait that refills it", () => {
  const clock = { now: 0 };
  const budget = new CpuBudget(0.1, () => clock.now);
  assert.equal(budget.waitMs(), 0);
  budget.spend(150);
  // 100 ms of budget, 150 spent: 50 ms owed at 0.1 ms per ms is 500 ms of waiting.
  assert.equal(budget.waitMs(), 501);
  clock.now += 400;
  assert.equal(budget.waitMs(), 101);
  clock.now += 101;
  assert.equal(budget.waitMs(), 0);
  clock.now += 1_000_000;
  budget.spend(99);
  assert.equal(budget.waitMs(), 0, "never more than a second's share saved up");
  budget.spend(2);
  assert.ok(budget.waitMs() > 0);
});

test('renderings per client and minute; each client its own; the next minute starts afresh', () => {
  const clock = { now: 1_000_000 };
  const limiter = new ClientLimiter(3, () => clock.now);
  for (let i = 0; i < 3; i++) assert.equal(limiter.take('a'), undefined);
  assert.equal(limiter.take('a'), 60);
  assert.equal(limiter.take('b'), undefined);
  clock.now += 45_000;
  assert.equal(limiter.take('a'), 15);
  clock.now += 15_000;
  assert.equal(limiter.take('a'), undefined);
});

test('a flood of clients leaves the table bounded', () => {
  const limiter = new ClientLimiter(1, () => 0);
  for (let i = 0; i < 50_000; i++) limiter.take(`client-${i}`);
  assert.ok(limiter.size <= 10_000, String(limiter.size));
});
