// One short name for everything a snapshot serves, so replicas can tell at a glance whether they serve the
// same bytes: equal ids ⇔ equal (path, ETag) sets, whatever order the entries were built in.
import { createHash } from 'node:crypto';
import type { Snapshot } from './snapshot.js';

/** A hash over every document's path and identity ETag, sorted by path (code-unit order: locale-free). */
export function snapshotId(snapshot: Snapshot): string {
  const paths = [...snapshot.entries.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const hash = createHash('sha256');
  // NUL and newline never occur in a URL path or an ETag, so the joined text has one reading.
  for (const path of paths) hash.update(`${path}\0${snapshot.entries.get(path)?.etags.identity ?? ''}\n`);
  return hash.digest('base64url').slice(0, 16);
}
