import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FailureLimiter } from '../../src/triggers/failure-limiter.js';

function limiter(maxKeys = 100): { l: FailureLimiter; clock: { t: number } } {
  const clock = { t: 1_000_000 };
  return { l: new FailureLimiter({ failures: 3, windowMs: 60_000, blockMs: 300_000, maxKeys }, () => clock.t), clock };
}

test('an address is blocked after `failures` failures within the window, until the block ends', () => {
  const { l, clock } = limiter();
  l.fail('a');
  l.fail('a');
  assert.equal(l.retryAfter('a'), 0);
  l.fail('a');
  assert.equal(l.retryAfter('a'), 300);
  assert.equal(l.retryAfter('b'), 0, 'other addresses are not affected');
  clock.t += 299_500;
  assert.equal(l.retryAfter('a'), 1);
  clock.t += 500;
  assert.equal(l.retryAfter('a'), 0);
});

test('failures spread wider than the window never block; a success forgets them', () => {
  const { l, clock } = limiter();
  for (let i = 0; i < 10; i++) {
    l.fail('a');
    l.fail('a');
    clock.t += 60_000;
  }
  assert.equal(l.retryAfter('a'), 0);
  l.fail('a');
  l.fail('a');
  l.succeed('a');
  l.fail('a');
  assert.equal(l.retryAfter('a'), 0);
});

test('memory is bounded: past maxKeys the least recently seen address is forgotten', () => {
  const { l } = limiter(50);
  for (let i = 0; i < 3; i++) l.fail('blocked');
  for (let i = 0; i < 49; i++) l.fail(`10.0.0.${i}`);
  assert.equal(l.size, 50);
  assert.ok(l.retryAfter('blocked') > 0);
  for (let i = 0; i < 10_000; i++) l.fail(`addr-${i}`);
  assert.equal(l.size, 50);
  assert.equal(l.retryAfter('blocked'), 0, 'evicted after 10,000 newer addresses');
});
