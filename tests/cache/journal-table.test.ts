// A warm start with a journal compares the folder with the cache's file table patched by the journal's
// frames (applyingToFirst). A table patched wrong would only cost the start its cached documents (the
// bytes stay right), so the patch is checked here against its definition: the base table as a map, each
// frame's records set and its gone ones deleted, in order.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { applyingToFirst, type JournalDelta } from '../../src/cache/journal.js';
import type { FirstPart, SnapshotFields } from '../../src/cache/state-parts.js';
import { joinedTable, sameFiles, type FileRecord, type FileTable } from '../../src/posts/scanned-file.js';
import type { Snapshot } from '../../src/snapshot/snapshot.js';
import { runToEnd } from '../../src/slices.js';

const record = (size: number, mtimeMs: number): FileRecord => ({ kind: 'rejected', problems: [], size, mtimeMs, hash: `h${size}` });

function delta(records: readonly (readonly [string, FileRecord])[], recordsGone: readonly string[]): JournalDelta {
  const none: never[] = [];
  return {
    records,
    recordsGone,
    contents: none,
    contentsGone: none,
    items: none,
    itemsGone: none,
    entries: none,
    entriesGone: none,
    fields: { dueAt: null } as unknown as SnapshotFields,
  };
}

function firstPart(files: FileTable): FirstPart {
  return { snapshot: { entries: new Map() } as unknown as Snapshot, files, dueAt: undefined };
}

test('the file table patched by the frames holds what the frames say, whatever they add, change and delete', () => {
  const path = fc.constantFrom(...Array.from({ length: 12 }, (_, i) => `d${i % 3}/新闻-${i}.md`));
  const change = fc.tuple(fc.array(fc.tuple(path, fc.nat(5), fc.nat(5)), { maxLength: 4 }), fc.array(path, { maxLength: 3 }));
  fc.assert(
    fc.property(
      fc.uniqueArray(fc.tuple(path, fc.nat(5), fc.nat(5)), { selector: ([p]) => p }),
      fc.array(change, { maxLength: 4 }),
      fc.boolean(),
      (base, frames, joined) => {
        const paths = base.map(([p]) => p);
        const sizes = Float64Array.from(base.map(([, s]) => s));
        const mtimes = Float64Array.from(base.map(([, , m]) => m));
        const table: FileTable = joined ? joinedTable(paths.join('\0'), sizes, mtimes) : { paths, sizes, mtimes };
        const deltas = frames.map(([set, gone]) =>
          delta(
            set.map(([p, s, m]) => [p, record(s, m)] as const),
            gone,
          ),
        );
        // The definition: a map of the base, each frame's gone paths deleted and its records set.
        const expected = new Map(base.map(([p, s, m]) => [p, [s, m]] as const));
        for (const d of deltas) {
          for (const p of d.recordsGone) expected.delete(p);
          for (const [p, r] of d.records) expected.set(p, [r.size, r.mtimeMs]);
        }
        const { files } = runToEnd(applyingToFirst(firstPart(table), deltas));
        const got = new Map(files.paths.map((p, i) => [p, [files.sizes[i], files.mtimes[i]]] as const));
        assert.equal(files.paths.length, got.size, 'no path twice');
        assert.deepEqual(got, expected);
        // And it compares as the same files with a listing of them in any order.
        const listing: FileTable = {
          paths: [...expected.keys()].sort(),
          sizes: Float64Array.from([...expected.keys()].sort().map((p) => expected.get(p)?.[0] ?? 0)),
          mtimes: Float64Array.from([...expected.keys()].sort().map((p) => expected.get(p)?.[1] ?? 0)),
        };
        assert.equal(runToEnd(sameFiles(files, listing)), true);
      },
    ),
    { numRuns: 400 },
  );
});

test('edits alone keep the paths joined as they were: the start compares one string', () => {
  const paths = Array.from({ length: 50_000 }, (_, i) => `${i % 100}/p${i}.md`);
  const table = joinedTable(paths.join('\0'), new Float64Array(paths.length), new Float64Array(paths.length));
  const steps = applyingToFirst(firstPart(table), [delta([['7/p7.md', record(9, 9)]], [])]);
  let yields = 0;
  let r = steps.next();
  for (; !r.done; r = steps.next()) yields++;
  assert.ok(yields >= 2, `${yields} yields`);
  const { files } = r.value;
  assert.equal(files.joined, table.joined);
  assert.deepEqual([files.sizes[7], files.mtimes[7], files.sizes[8]], [9, 9, 0]);
});
