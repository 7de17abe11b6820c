// judgeDrop (src/triggers/drop-guard.ts): when a rescan that drops posts may publish.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { judgeDrop, type DropVerdict, type PendingDrop, type PostKey } from '../../src/rescan/drop-guard.js';

const policy = { maxDropShare: 0.5, confirmAfter: 3 };
/** Posts p<from>.md … with bytes that hash to h<i>. */
const posts = (n: number, from = 0): PostKey[] => Array.from({ length: n }, (_, i) => ({ path: `p${from + i}.md`, hash: `h${from + i}` }));
const ten = posts(10);

function held(v: DropVerdict): Extract<DropVerdict, { publish: false }> {
  assert.equal(v.publish, false, 'expected the rescan to be held back');
  return v as Extract<DropVerdict, { publish: false }>;
}

test('the first publish, growth, and drops up to the share are published', () => {
  assert.equal(judgeDrop(undefined, [], undefined, policy).publish, true);
  assert.equal(judgeDrop([], posts(3), undefined, policy).publish, true);
  assert.equal(judgeDrop(ten, posts(20), undefined, policy).publish, true);
  assert.equal(judgeDrop(ten, posts(5), undefined, policy).publish, true, 'exactly half is not more than half');
});

test('more than the share is held back, and published when the same set is seen confirmAfter times', () => {
  const first = held(judgeDrop(ten, posts(4), undefined, policy));
  assert.deepEqual(first.held, { dropped: 6, of: 10, seen: 1, needed: 3 });
  const second = held(judgeDrop(ten, posts(4).reverse(), first.pending, policy));
  assert.equal(second.held.seen, 2, 'order does not make a different set');
  assert.equal(judgeDrop(ten, posts(4), second.pending, policy).publish, true);
});

test('a set that keeps changing (a sync in progress) starts the count again', () => {
  const first = held(judgeDrop(ten, posts(4), undefined, policy));
  const changed = held(judgeDrop(ten, posts(3), first.pending, policy));
  assert.equal(changed.held.seen, 1);
  const added = held(judgeDrop(ten, [...posts(3), { path: 'new.md', hash: 'new' }], changed.pending, policy));
  assert.equal(added.held.seen, 1);
});

test('renamed or moved files with the same bytes are not dropped; other paths with other bytes are', () => {
  const moved = ten.map((p) => ({ path: `archive/${p.path}`, hash: p.hash }));
  assert.equal(judgeDrop(ten, moved, undefined, policy).publish, true);
  assert.equal(held(judgeDrop(ten, posts(10, 100), undefined, policy)).held.dropped, 10);
});

test('a drop to nothing is never confirmed by repetition', () => {
  let pending: PendingDrop | undefined;
  for (let i = 1; i <= 10; i++) {
    const v = held(judgeDrop(ten, [], pending, policy));
    assert.deepEqual(v.held, { dropped: 10, of: 10, seen: i, needed: undefined });
    pending = v.pending;
  }
});

test('maxDropShare 1 turns the guard off; confirmAfter 1 publishes any non-empty set at once', () => {
  assert.equal(judgeDrop(ten, [], undefined, { maxDropShare: 1, confirmAfter: 3 }).publish, true);
  assert.equal(judgeDrop(ten, posts(1), undefined, { maxDropShare: 0.5, confirmAfter: 1 }).publish, true);
  assert.equal(judgeDrop(ten, [], undefined, { maxDropShare: 0.5, confirmAfter: 1 }).publish, false);
});
