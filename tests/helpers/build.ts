// Builds snapshots in-process through the real rescan lifecycle, with a clock the test sets.
import type { Config, ConfigInput } from '../../src/config/schema.js';
import type { Snapshot } from '../../src/snapshot/snapshot.js';
import { SnapshotStore } from '../../src/snapshot/store.js';
import { Rescanner, type RescanResult } from '../../src/rescan/rescanner.js';
import { testConfig } from './config.js';

/**
 * A rescanner whose clock is `clock.now`; its store holds what it built. Given the store of another
 * rescanner, it builds on that one's snapshot (as after a restart with another config).
 */
export function testRescanner(config: Config, clock: { now: number }, store = new SnapshotStore()): { rescanner: Rescanner; store: SnapshotStore } {
  return { rescanner: new Rescanner({ config, store, now: () => clock.now }), store };
}

/** A full build from scratch, as a fresh process would make it. */
export async function freshSnapshot(config: Config, now: number): Promise<{ snapshot: Snapshot; result: RescanResult }> {
  const { rescanner, store } = testRescanner(config, { now });
  const result = await rescanner.trigger('test');
  await rescanner.close();
  if (!store.current) throw new Error(`no snapshot: ${JSON.stringify(result.problems)}`);
  return { snapshot: store.current, result };
}

/** `freshSnapshot` of a posts folder with a test config (tests/helpers/config.ts). */
export async function snapshotOf(postsDir: string, input: ConfigInput, now: number): Promise<Snapshot> {
  return (await freshSnapshot(testConfig(postsDir, input), now)).snapshot;
}

/** Every document's identity bytes as text, by path; fails the test when there is no snapshot. */
export function bytesOf(s: Snapshot | undefined): Record<string, string> {
  if (!s) throw new Error('no snapshot');
  return Object.fromEntries([...s.entries].map(([p, e]) => [p, e.body.bytes().toString('utf8')]));
}

/** One document's identity bytes as text; fails the test when the snapshot has no such path. */
export function documentText(snapshot: Snapshot, path: string): string {
  const entry = snapshot.entries.get(path);
  if (!entry) throw new Error(`no document at ${path}`);
  return entry.body.bytes().toString('utf8');
}
