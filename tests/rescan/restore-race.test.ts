// A warm start's restore takes the cache's records in slices (rescanner.ts restore); a rescan triggered
// before it ends waits for it, so the catalogue is never updated from a half-taken state.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rescanner } from '../../src/rescan/rescanner.js';
import { SnapshotStore } from '../../src/snapshot/store.js';
import { testConfig } from '../helpers/config.js';
import { snapshotDigest } from '../helpers/digest.js';
import { warmState } from '../helpers/warm-state.js';

test('a rescan triggered while a restore is under way waits for it, and serves what a cold build does', async () => {
  const { posts, state } = await warmState(40);
  const fresh = () => new Rescanner({ config: testConfig(posts.dir), store: new SnapshotStore() });
  const restarted = fresh();
  const cold = fresh();
  try {
    // An edit and a deletion made while the service was stopped, then a start that does not wait for its restore.
    posts.post('2024-03-05-p4.md', { title: 'Post 4, edited', tags: ['t9'], body: '<p>edited</p>' });
    posts.remove('2024-03-07-p6.md');
    const restoring = restarted.restore(state);
    const started = restarted.trigger('start');
    assert.equal(restarted.busy, false, 'the rescan is queued behind the restore, not running beside it');
    const first = await started;
    await restoring;
    assert.ok(first.ok);
    await cold.trigger('start');
    assert.deepEqual(snapshotDigest(restarted.warmState()?.snapshot), snapshotDigest(cold.warmState()?.snapshot));
    assert.equal(restarted.runs, 1);
  } finally {
    await Promise.all([restarted.close(), cold.close()]);
    posts.cleanup();
  }
});
