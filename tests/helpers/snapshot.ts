// The snapshot a rescan would build from a posts folder and a test config, at a fixed `now`.
import type { ConfigInput } from '../../src/config/schema.js';
import { scanPosts } from '../../src/posts/scan.js';
import { buildSnapshot } from '../../src/snapshot/build.js';
import type { Snapshot } from '../../src/snapshot/snapshot.js';
import { scanOptionsFrom } from '../../src/triggers/rescan.js';
import { testConfig } from './config.js';

export async function snapshotOf(postsDir: string, input: ConfigInput, now: number): Promise<Snapshot> {
  const config = testConfig(postsDir, input);
  const scan = await scanPosts(scanOptionsFrom(config));
  return (await buildSnapshot({ posts: scan.posts, config, now })).snapshot;
}

/** A document's identity bytes as text; fails the test when the snapshot has no such path. */
export function documentText(snapshot: Snapshot, path: string): string {
  const entry = snapshot.entries.get(path);
  if (!entry) throw new Error(`no document at ${path}`);
  return entry.identity.body.toString('utf8');
}
