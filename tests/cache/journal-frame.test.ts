// A journal frame is decoded a piece at a time, yielding between pieces: a frame may be a quarter of the
// cache file's size, and the decoder decodes as it takes bytes (cache/codec.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CACHE_FORMAT } from '../../src/cache/codec.js';
import { encodeFrame, readFrame, type JournalDelta } from '../../src/cache/journal.js';
import type { SnapshotFields } from '../../src/cache/state-parts.js';
import type { FileRecord } from '../../src/posts/scanned-file.js';

test('a frame of a few MB is decoded in slices, and gives back what was written', () => {
  const records: [string, FileRecord][] = Array.from({ length: 30_000 }, (_, i) => [
    `drafts/${String(i).padStart(6, '0')}-草稿.md`,
    { kind: 'excluded', why: 'draft', problems: [], size: 100 + i, mtimeMs: 1_700_000_000_000 + i, hash: `h${i}` },
  ]);
  const delta: JournalDelta = {
    records,
    recordsGone: ['gone.md'],
    contents: [],
    contentsGone: [],
    items: [],
    itemsGone: [],
    entries: [],
    entriesGone: [],
    fields: { posts: records.length, dueAt: null } as unknown as SnapshotFields,
  };
  const frame = encodeFrame({ format: CACHE_FORMAT, version: 'v', build: 'b', config: 'c', id: 'file-1' }, delta);
  const body = frame.subarray(4);
  assert.ok(body.length > 2 * 1024 * 1024, `${body.length} bytes`);
  const steps = readFrame(body, 'file-1');
  let yields = 0;
  let r = steps.next();
  for (; !r.done; r = steps.next()) yields++;
  assert.ok(yields >= Math.floor(body.length / (1024 * 1024)), `${yields} yields for ${body.length} bytes`);
  assert.deepEqual(r.value?.records, records);
  assert.deepEqual(r.value?.recordsGone, ['gone.md']);
  // Another file's frame is not taken.
  const other = readFrame(body, 'file-2');
  let o = other.next();
  while (!o.done) o = other.next();
  assert.equal(o.value, undefined);
});
