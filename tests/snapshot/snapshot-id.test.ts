// The snapshot id: equal for equal (path, ETag) sets whatever the order, different when any ETag differs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Snapshot, SnapshotEntry } from '../../src/snapshot/snapshot.js';
import { snapshotId } from '../../src/snapshot/snapshot-id.js';

const snap = (pairs: readonly [string, string][]): Snapshot => ({
  entries: new Map(pairs.map(([path, etag]) => [path, { path, etags: { identity: etag, gzip: `${etag}-gz`, br: `${etag}-br` } } as unknown as SnapshotEntry])),
  scopes: [],
  posts: 0,
});

test('the same documents in any order have one id; a changed, added or removed document changes it', () => {
  const base = snapshotId(
    snap([
      ['/rss.xml', '"a"'],
      ['/atom.xml', '"b"'],
    ]),
  );
  assert.match(base, /^[A-Za-z0-9_-]{16}$/);
  assert.equal(
    snapshotId(
      snap([
        ['/atom.xml', '"b"'],
        ['/rss.xml', '"a"'],
      ]),
    ),
    base,
  );
  assert.notEqual(
    snapshotId(
      snap([
        ['/rss.xml', '"a2"'],
        ['/atom.xml', '"b"'],
      ]),
    ),
    base,
  );
  assert.notEqual(snapshotId(snap([['/rss.xml', '"a"']])), base);
  assert.notEqual(
    snapshotId(
      snap([
        ['/rss.xml', '"a"'],
        ['/atom.xml', '"b"'],
        ['/feed.json', '"c"'],
      ]),
    ),
    base,
  );
});
