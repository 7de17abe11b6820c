// sameFiles (src/posts/scanned-file.ts): whether two file tables hold the same files with the same sizes
// and mtimes, whatever their order; compared in step while the paths line up, by path after.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { type FileTable, joinedCount, joinedTable, sameFiles } from '../../src/posts/scanned-file.js';
import { runToEnd } from '../../src/slices.js';

function tableOf(files: readonly (readonly [string, number, number])[]): FileTable {
  return { paths: files.map(([p]) => p), sizes: Float64Array.from(files.map(([, s]) => s)), mtimes: Float64Array.from(files.map(([, , m]) => m)) };
}

function run(a: FileTable, b: FileTable): boolean {
  return runToEnd(sameFiles(a, b));
}

/** The answer by its definition: the same set of (path, size, mtime). */
function reference(a: FileTable, b: FileTable): boolean {
  const key = (t: FileTable, i: number): string => JSON.stringify([t.paths[i], t.sizes[i], t.mtimes[i]]);
  const set = new Set(a.paths.map((_, i) => key(a, i)));
  return a.paths.length === b.paths.length && b.paths.every((_, i) => set.has(key(b, i)));
}

test('same files in step, shuffled from any point, or with one size, time or name changed: as the definition says', () => {
  const files = fc.uniqueArray(fc.tuple(fc.string({ minLength: 1, maxLength: 6 }), fc.nat(9), fc.nat(9)), { selector: ([p]) => p, maxLength: 40 });
  fc.assert(
    fc.property(files, fc.nat(), fc.nat(), fc.constantFrom('same', 'size', 'mtime', 'name'), (list, cut, pick, change) => {
      const from = list.length === 0 ? 0 : cut % list.length;
      // The same files, in step up to `from`, reversed after it.
      const other = [...list.slice(0, from), ...list.slice(from).reverse()].map(([p, s, m]) => [p, s, m] as [string, number, number]);
      const at = other.length === 0 ? -1 : pick % other.length;
      const hit = other[at];
      if (hit && change === 'size') hit[1] += 1;
      if (hit && change === 'mtime') hit[2] += 0.5;
      if (hit && change === 'name') hit[0] = `${hit[0]}~`;
      const a = tableOf(list);
      const b = tableOf(other);
      assert.equal(run(a, b), reference(a, b));
      assert.equal(run(a, b), change === 'same' || !hit);
      // Joined (a cache's table, a helper's listing), one or both: the same answers.
      const joined = (t: FileTable): FileTable => joinedTable(t.paths.join('\0'), t.sizes, t.mtimes);
      for (const [x, y] of [
        [joined(a), joined(b)],
        [joined(a), b],
        [a, joined(b)],
      ] as const)
        assert.equal(run(x, y), reference(a, b));
    }),
    { numRuns: 500 },
  );
});

test('two hundred thousand files in step are compared in slices, a turn every 65,536 (well under a millisecond of work)', () => {
  const n = 200_000;
  const files = (): (readonly [string, number, number])[] => Array.from({ length: n }, (_, i) => [`d${i % 97}/p${i}.md`, i, i * 2] as const);
  for (const [a, b] of [
    [tableOf(files()), tableOf(files())],
    [
      joinedTable(tableOf(files()).paths.join('\0'), tableOf(files()).sizes, tableOf(files()).mtimes),
      joinedTable(tableOf(files()).paths.join('\0'), tableOf(files()).sizes, tableOf(files()).mtimes),
    ],
  ]) {
    const steps = sameFiles(a as FileTable, b as FileTable);
    let yields = 0;
    let r = steps.next();
    for (; !r.done; r = steps.next()) yields++;
    assert.equal(r.value, true);
    assert.ok(yields >= Math.floor(n / 65_536), `${yields} yields`);
  }
  // One joined and one not (a cache's table, a listing made on the main thread): joined in slices, never
  // split whole (the split is a million strings in one piece); and two arrays compared in slices too.
  const t = tableOf(files());
  let splits = 0;
  const joinedOnly: FileTable = {
    joined: t.paths.join('\0'),
    sizes: t.sizes,
    mtimes: t.mtimes,
    get paths(): readonly string[] {
      splits++;
      return t.paths;
    },
  };
  for (const [a, b] of [
    [joinedOnly, tableOf(files())],
    [tableOf(files()), joinedOnly],
    [tableOf(files()), tableOf(files())],
  ] as const) {
    const steps = sameFiles(a, b);
    let yields = 0;
    let r = steps.next();
    for (; !r.done; r = steps.next()) yields++;
    assert.equal(r.value, true);
    assert.ok(yields >= Math.floor(n / 4096), `${yields} yields`);
  }
  assert.equal(splits, 0);
});

test('a joined table splits its paths only when asked, into what was joined; its count is the paths', () => {
  for (const paths of [[], ['a'], ['', 'b'], ['新闻/一.md', 'x/y.html', 'z']]) {
    const joined = paths.join('\0');
    const t = joinedTable(joined, new Float64Array(paths.length), new Float64Array(paths.length));
    assert.equal(t.joined, joined);
    assert.deepEqual(t.paths, paths);
    assert.equal(t.paths, t.paths);
    assert.equal(joinedCount(joined), joined === '' ? 0 : paths.length);
  }
});

test('joined tables of thousands of paths (longer than one compared chunk): a change early, late, in the last path, an added path, or none', () => {
  const n = 12_000;
  const base = Array.from({ length: n }, (_, i) => [`${String(i % 120).padStart(3, '0')}/新闻-post-${i}.md`, i, i * 2] as [string, number, number]);
  const joined = (files: readonly (readonly [string, number, number])[]): FileTable => {
    const t = tableOf(files);
    return joinedTable(t.paths.join('\0'), t.sizes, t.mtimes);
  };
  const variants: Record<string, (files: [string, number, number][]) => void> = {
    none: () => undefined,
    'renamed early': (f) => ((f[3] as [string, number, number])[0] = '000/renamed.md'),
    'renamed late': (f) => ((f[n - 40] as [string, number, number])[0] += 'x'),
    'last path longer': (f) => ((f[n - 1] as [string, number, number])[0] += '.bak'),
    'mtime late': (f) => ((f[n - 2] as [string, number, number])[2] += 1),
    'swapped in the middle': (f) => f.splice(6000, 2, f[6001] as [string, number, number], f[6000] as [string, number, number]),
    'one gone, one added at the end': (f) => {
      f.splice(500, 1);
      f.push(['999/added.md', 1, 1]);
    },
  };
  for (const [name, change] of Object.entries(variants)) {
    const other = base.map((f) => [...f] as [string, number, number]);
    change(other);
    const a = tableOf(base);
    const b = tableOf(other);
    for (const [x, y] of [
      [joined(base), joined(other)],
      [joined(other), joined(base)],
      [a, joined(other)],
    ] as const) {
      assert.equal(run(x, y), reference(a, b), name);
    }
    assert.equal(reference(a, b), name === 'none' || name === 'swapped in the middle', name);
  }
});
