// Renderings in slices (src/http/query-scheduler.ts): one job at a time, requests before background work,
// each within its own budget and all within the CPU bucket; the queue is bounded. The CPU clock is a
// variable each step moves, so budgets are spent exactly.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { QueryBusyError } from '../../src/errors.js';
import { CpuBudget } from '../../src/http/query-budget.js';
import { SliceScheduler, type Job } from '../../src/http/query-scheduler.js';

function setup(jobBudgetMs = 100, maxQueued = 4): { clock: { now: number }; scheduler: SliceScheduler; order: string[] } {
  const clock = { now: 0 };
  const scheduler = new SliceScheduler({ budget: new CpuBudget(1, () => clock.now), jobBudgetMs, sliceMs: 2, maxQueued, now: () => clock.now });
  return { clock, scheduler, order: [] };
}

/** A job of `steps` steps of `ms` each, noting each step in `order`. */
function* job(name: string, steps: number, ms: number, clock: { now: number }, order: string[]): Job<string> {
  for (let i = 0; i < steps; i++) {
    clock.now += ms;
    order.push(`${name}${i}`);
    if (i < steps - 1) yield;
  }
  return name;
}

test('jobs run one after another, in slices; requests go before background work', async () => {
  const { clock, scheduler, order } = setup();
  const background = scheduler.run(job('b', 2, 1, clock, order), 'background');
  const first = scheduler.run(job('r', 3, 1, clock, order));
  assert.deepEqual(await Promise.all([first, background]), ['r', 'b']);
  assert.deepEqual(order, ['r0', 'r1', 'r2', 'b0', 'b1']);
});

test('a job over its budget is given up with a 503 that says to try again', async () => {
  const { clock, scheduler, order } = setup(10);
  const over = scheduler.run(job('x', 100, 3, clock, order));
  await assert.rejects(over, (err: unknown) => err instanceof QueryBusyError && err.status === 503 && err.headers['Retry-After'] === '1');
  assert.ok(order.length <= 5, `stopped early: ${order.length} steps`);
  assert.equal(await scheduler.run(job('y', 1, 1, clock, order)), 'y', 'the next one runs');
});

test("past the queue's bound a request is refused at once; close refuses the rest", async () => {
  const { clock, scheduler, order } = setup(100, 2);
  const a = scheduler.run(job('a', 2, 1, clock, order));
  const b = scheduler.run(job('b', 2, 1, clock, order));
  await assert.rejects(scheduler.run(job('c', 1, 1, clock, order)), QueryBusyError);
  assert.deepEqual(await Promise.all([a, b]), ['a', 'b']);
  const late = scheduler.run(job('d', 5, 1, clock, order));
  scheduler.close();
  await assert.rejects(late, QueryBusyError);
  await assert.rejects(scheduler.run(job('e', 1, 1, clock, order)), QueryBusyError);
});

test('a step that throws fails its job only', async () => {
  const { clock, scheduler, order } = setup();
  function* broken(): Job<string> {
    yield;
    throw new Error('boom');
  }
  await assert.rejects(scheduler.run(broken()), /boom/);
  assert.equal(await scheduler.run(job('ok', 1, 1, clock, order)), 'ok');
});
