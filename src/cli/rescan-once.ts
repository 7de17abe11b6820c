// One rescan in this thread, through the same Rescanner the server runs (with the in-process post
// source): what `check` reports is what a rescan reports, and what `build` writes is what the server serves.
import type { Config } from '../config/schema.js';
import { requirePostsDir } from '../posts/posts-dir.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import { SnapshotStore } from '../snapshot/store.js';
import { Rescanner, type RescanResult } from '../rescan/rescanner.js';

export interface RescanOnce {
  readonly result: RescanResult;
  /** What the rescan built; undefined when it failed (result.ok is false). */
  readonly snapshot: Snapshot | undefined;
}

export async function rescanOnce(config: Config, reason: string): Promise<RescanOnce> {
  await requirePostsDir(config.posts.dir);
  const store = new SnapshotStore();
  const rescanner = new Rescanner({ config, store });
  try {
    const result = await rescanner.trigger(reason);
    return { result, snapshot: result.ok ? store.current : undefined };
  } finally {
    await rescanner.close();
  }
}
