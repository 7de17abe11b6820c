// The per-file cache of the scanner: what a rescan reads again, and what it reports as changed.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { symlinkSync } from 'node:fs';
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

  posts.write('touched.md', text); // a new mtime, the same bytes: a git checkout, a sync tool
  const touched = scanNow(scanner);
  assert.deepEqual([...touched.changed.keys()], []);
  assert.deepEqual(touched.removed, []);

  posts.write('touched.md', text.replace('触碰', '改了'));
  const edited = scanNow(scanner);
  const result = edited.changed.get('touched.md');
  assert.equal(result?.kind === 'post' ? result.post.title : undefined, '改了');
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
