// The per-file cache of the scanner: what a rescan reads again, and what it reports as changed.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import fs, { symlinkSync } from 'node:fs';
import path from 'node:path';
import { runToEnd } from '../../src/slices.js';
import { PostScanner } from '../../src/posts/scan.js';
import type { FileResult } from '../../src/posts/scanned-file.js';
import { listNow, scanNow } from '../helpers/scan.js';
import { scanOptionsFrom } from '../../src/posts/options.js';
import { testConfig } from '../helpers/config.js';
import { PostsDir } from '../helpers/posts-dir.js';

const posts = new PostsDir();
after(() => posts.cleanup());

const reasons = (result: FileResult | undefined): string[] => (result?.problems ?? []).map((p) => `${p.code} ${p.reason ?? ''}`);

test('a file touched with the same bytes is no change; a real edit after it is one', () => {
  const text = '---\ntitle: "触碰"\ndate: 2024-03-01 10:00:00 +0800\n---\n<p>x</p>';
  posts.write('touched.md', text);
  const scanner = new PostScanner(scanOptionsFrom(testConfig(posts.dir)));
  const first = scanNow(scanner);
  assert.equal(first.changed.get('touched.md')?.kind, 'post');
  // A first scan's changes are its records, handed on as they are (not a second map of every file).
  assert.equal(first.changed, scanner.records());

  const before = scanner.records().get('touched.md');
  posts.write('touched.md', text); // a new mtime, the same bytes: a git checkout, a sync tool
  fs.utimesSync(path.join(posts.dir, 'touched.md'), new Date(2030, 0, 1), new Date(2030, 0, 1));
  const touched = scanNow(scanner);
  assert.deepEqual([...touched.changed.keys()], []);
  assert.deepEqual(touched.removed, []);
  // Counted apart, for what keeps the new times (the warm cache).
  assert.deepEqual([first.restamped, touched.restamped], [0, 1]);
  // Its record has the new time, and the post it had (not a copy: nothing downstream sees a change).
  const after = scanner.records().get('touched.md');
  assert.ok(before?.kind === 'post' && after?.kind === 'post');
  assert.notEqual(after.mtimeMs, before.mtimeMs);
  assert.equal(after.mtimeMs, fs.statSync(path.join(posts.dir, 'touched.md')).mtimeMs);
  assert.equal(after.post, before.post);
  assert.equal(after.problems, before.problems);
  assert.deepEqual(Object.keys(after), ['kind', 'post', 'problems', 'size', 'mtimeMs', 'hash']);

  posts.write('touched.md', text.replace('触碰', '改了'));
  const edited = scanNow(scanner);
  const result = edited.changed.get('touched.md');
  assert.equal(result?.kind === 'post' ? result.post.title : undefined, '改了');
  assert.equal(edited.restamped, 0);
});

test('a file over posts.maxBytes that grows is reported with its new size', () => {
  const options = { ...scanOptionsFrom(testConfig(posts.dir)), include: ['big.md'], maxBytes: 100 };
  posts.write('big.md', `---\ntitle: big\n---\n${'x'.repeat(200)}`);
  const scanner = new PostScanner(options);
  assert.match(reasons(scanNow(scanner).changed.get('big.md')).join(), /FW_POST_TOO_LARGE .*: 219 bytes, the limit is 100/);
  posts.write('big.md', `---\ntitle: big\n---\n${'x'.repeat(300)}`);
  assert.match(reasons(scanNow(scanner).changed.get('big.md')).join(), /FW_POST_TOO_LARGE .*: 319 bytes, the limit is 100/);
});

test('after a first scan, which takes sizes and times from the open files, the next one reads nothing again', () => {
  const dir = new PostsDir();
  try {
    dir.post('2024-03-01-a.md', { title: 'A' });
    dir.post('sub/2024-03-02-b.md', { title: 'B' });
    dir.write('big.md', `---\ntitle: big\n---\n${'x'.repeat(300)}`);
    symlinkSync(dir.path('sub/2024-03-02-b.md'), dir.path('2024-03-03-linked.md'));
    const scanner = new PostScanner({ ...scanOptionsFrom(testConfig(dir.dir)), maxBytes: 200 });
    const first = scanNow(scanner);
    assert.deepEqual([...first.changed.keys()].sort(), ['2024-03-01-a.md', '2024-03-03-linked.md', 'big.md', 'sub/2024-03-02-b.md']);
    assert.equal(first.changed.get('big.md')?.kind, 'rejected');
    // The listing's stat must agree with what the open file said, or every file would be read again.
    assert.deepEqual(listNow(scanner).toRead, []);
    const second = scanNow(scanner);
    assert.deepEqual([...second.changed.keys()], []);
    assert.deepEqual(second.removed, []);
  } finally {
    dir.cleanup();
  }
});

/** A scan of only the paths named, as a watcher or a check runs it (list, read, apply). */
function scanPathsNow(scanner: PostScanner, paths: string[]): ReturnType<PostScanner['apply']> {
  const listing = runToEnd(scanner.listPaths(paths));
  return scanner.apply(
    listing,
    listing.toRead.map((file) => scanner.read(file)),
  );
}

/** A posts folder that `write` fills, scanned once; `body` gets both, and the folder goes after. */
function scanned(write: (dir: PostsDir) => void, body: (dir: PostsDir, scanner: PostScanner) => void): void {
  const dir = new PostsDir();
  try {
    write(dir);
    const scanner = new PostScanner(scanOptionsFrom(testConfig(dir.dir)));
    scanNow(scanner);
    body(dir, scanner);
  } finally {
    dir.cleanup();
  }
}

test('a whole walk compares each file as it lists it: an edit, an addition and a deletion among unchanged files', () => {
  scanned(
    (dir) => {
      for (let i = 0; i < 30; i++) dir.post(`f${i % 3}/2024-03-${String(1 + (i % 28)).padStart(2, '0')}-p${i}.md`, { title: `P${i}` });
    },
    (dir, scanner) => {
      const before = scanner.records();
      dir.post('f1/2024-03-02-p1.md', { title: 'P1 edited' });
      dir.remove('f2/2024-03-03-p2.md');
      dir.post('f0/2024-04-01-new.md', { title: 'New' });
      const delta = scanNow(scanner);
      assert.deepEqual([...delta.changed.keys()].sort(), ['f0/2024-04-01-new.md', 'f1/2024-03-02-p1.md']);
      assert.deepEqual(delta.removed, ['f2/2024-03-03-p2.md']);
      const records = scanner.records();
      assert.equal(records.size, 30);
      // The unchanged files keep their records (the same objects), under the records' own keys.
      for (const [rel, record] of records) if (!delta.changed.has(rel)) assert.equal(record, before.get(rel), rel);
      assert.deepEqual(listNow(scanner).toRead, [], 'and the next walk finds nothing to read');
    },
  );
});

test('named paths: a file gone from a folder listed whole is found, though a folder that cannot be read lists as many known files', (t) => {
  scanned(
    (dir) => {
      dir.post('a/2024-03-01-kept.md', { title: 'Kept' });
      dir.post('a/locked/2024-03-02-locked.md', { title: 'Locked' });
      dir.post('b/2024-03-03-gone.md', { title: 'Gone' });
    },
    (dir, scanner) => {
      dir.remove('b/2024-03-03-gone.md');
      // `a` lists one known file but is not listed whole (a sub-folder cannot be read); `b/` is listed
      // whole, and lists none of its one record. One listed, one recorded: counts alone would say none gone.
      const readdir = fs.readdirSync;
      t.mock.method(fs, 'readdirSync', (p: fs.PathLike, ...rest: unknown[]) => {
        if (String(p).endsWith(`${path.sep}locked`)) throw Object.assign(new Error('EACCES'), { code: 'EACCES' });
        return (readdir as (...args: unknown[]) => unknown)(p, ...rest);
      });
      const delta = scanPathsNow(scanner, ['a', 'b/']);
      assert.deepEqual(delta.removed, ['b/2024-03-03-gone.md']);
      assert.deepEqual([...delta.changed.keys()], []);
      assert.ok(scanner.records().has('a/locked/2024-03-02-locked.md'), 'what a folder that cannot be read held stays');
      t.mock.restoreAll();
      // A check of every folder with nothing changed finds nothing gone.
      const check = scanPathsNow(scanner, scanner.sample(1000));
      assert.deepEqual([check.removed, [...check.changed.keys()]], [[], []]);
    },
  );
});

test('a listing yields every few hundred files, comparing as it goes (a rescan slices it between requests)', () => {
  scanned(
    (dir) => {
      for (let i = 0; i < 2000; i++) dir.write(`f${i % 4}/2024-03-01-p${i}.md`, `---\ntitle: P${i}\n---\nx`);
    },
    (dir, scanner) => {
      dir.write('f0/2024-03-01-p0.md', '---\ntitle: P0 edited\n---\nxy');
      let yields = 0;
      const steps = scanner.list();
      let step = steps.next();
      for (; !step.done; step = steps.next()) yields++;
      assert.ok(yields >= 3, `${yields} yields for 2,000 files`);
      assert.deepEqual(
        step.value.toRead.map((file) => file.rel),
        ['f0/2024-03-01-p0.md'],
      );
      assert.equal(step.value.kept?.size, 1999);
    },
  );
});

test('a check names a followed folder link by the link: its files are listed there, not found gone', () => {
  scanned(
    (dir) => {
      // `_hidden` is skipped by its name, so the walk reaches its posts only through the link.
      dir.post('_hidden/2024-03-01-x.md', { title: 'X' });
      dir.post('top/2024-03-02-y.md', { title: 'Y' });
      symlinkSync('_hidden', dir.path('L'));
    },
    (dir, scanner) => {
      assert.deepEqual([...scanner.records().keys()].sort(), ['L/2024-03-01-x.md', 'top/2024-03-02-y.md']);
      const check = scanPathsNow(scanner, scanner.sample(1000));
      assert.deepEqual([check.removed, [...check.changed.keys()]], [[], []]);
      assert.ok(scanner.records().has('L/2024-03-01-x.md'));
      // An edit behind the link is found by the check, under the link's path.
      dir.post('_hidden/2024-03-01-x.md', { title: 'X edited, longer' });
      const edited = scanPathsNow(scanner, scanner.sample(1000));
      assert.deepEqual([...edited.changed.keys()], ['L/2024-03-01-x.md']);
    },
  );
});

test('a file gone, named itself and by its folder, is removed once', () => {
  scanned(
    (dir) => {
      dir.post('a/2024-03-01-x.md', { title: 'X' });
      dir.post('a/2024-03-02-y.md', { title: 'Y' });
    },
    (dir, scanner) => {
      dir.remove('a/2024-03-01-x.md');
      assert.deepEqual(scanPathsNow(scanner, ['a/2024-03-01-x.md', 'a/']).removed, ['a/2024-03-01-x.md']);
    },
  );
});
