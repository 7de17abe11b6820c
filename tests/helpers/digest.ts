// A snapshot as a list of lines, one per document: its path, ETag, Last-Modified, type and the hash of
// its bytes. Two snapshots serve the same when their digests are equal (tests compare a rescan's with a
// cold build's this way).
import { createHash } from 'node:crypto';
import type { Snapshot } from '../../src/snapshot/snapshot.js';

export function snapshotDigest(snapshot: Snapshot | undefined): string[] {
  return [...(snapshot?.entries ?? [])].map(
    ([p, e]) => `${p} ${e.etags.identity} ${e.lastModified ?? '-'} ${e.contentType} ${createHash('sha256').update(e.body.bytes()).digest('hex')}`,
  );
}
