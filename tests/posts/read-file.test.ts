// Issue 12: what is at a post's path when it is opened, whatever the listing saw (src/posts/read-file.ts,
// and its use by the scanner and the body read-back in scan.ts). Nothing here may block or read past the
// limit: a test that hangs is the failure.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { FileReader } from '../../src/posts/read-file.js';
import { readBodies } from '../../src/posts/post-reader.js';
import { PostScanner } from '../../src/posts/scan.js';
import { runToEnd } from '../../src/slices.js';
import type { ListedFile } from '../../src/posts/scanned-file.js';
import type { ScanOptions } from '../../src/posts/options.js';
import { PostsDir } from '../helpers/posts-dir.js';
import { FOLDER_DEFAULTS } from '../helpers/read-options.js';

const posts = new PostsDir();
after(() => posts.cleanup());

const options = (maxBytes = 5 * 1024 * 1024): ScanOptions => ({
  dir: posts.dir,
  include: ['**/*.md'],
  exclude: [],
  maxBytes,
  layout: 'folder',
  drafts: false,
  read: { timeZone: 'UTC', siteUrl: 'https://example.org/', permalink: '/:title/', markdown: ['md'], ...FOLDER_DEFAULTS },
});

function mkfifo(file: string): void {
  fs.rmSync(file, { force: true });
  execFileSync('mkfifo', [file]);
}

/** Lists the folder as a rescan does, then lets `between` change the files before anything is read. */
function listThenRead(scanner: PostScanner, between: () => void) {
  const listing = runToEnd(scanner.list());
  between();
  const outcomes = listing.toRead.map((file: ListedFile) => scanner.read(file));
  return { listing, outcomes, delta: scanner.apply(listing, outcomes) };
}

describe('FileReader', () => {
  test('a named pipe is opened without blocking and judged not a file', () => {
    const fifo = path.join(posts.dir, 'pipe.fifo');
    mkfifo(fifo);
    const read = new FileReader().read(fifo, 1000);
    assert.deepEqual([read.kind, read.kind === 'not-a-file' && read.what], ['not-a-file', 'a named pipe']);
    fs.rmSync(fifo);
  });

  test('a final symbolic link is not followed (ELOOP)', () => {
    const target = posts.write('target.txt', 'secret');
    const link = path.join(posts.dir, 'link.txt');
    fs.symlinkSync(target, link);
    assert.throws(() => new FileReader().read(link, 1000), { code: 'ELOOP' });
    fs.rmSync(link);
  });

  test('a sparse 2 GB file is judged on its descriptor and never read', () => {
    const file = path.join(posts.dir, 'huge.bin');
    fs.writeFileSync(file, '');
    fs.truncateSync(file, 2 * 1024 ** 3);
    const before = process.resourceUsage().maxRSS;
    const read = new FileReader().read(file, 5 * 1024 * 1024);
    assert.deepEqual([read.kind, read.size], ['too-large', 2 * 1024 ** 3]);
    assert.ok(process.resourceUsage().maxRSS - before < 50 * 1024, 'peak RSS grew by 50 MB or more');
    fs.rmSync(file);
  });

  test('a big file gets a buffer of its own, sized to it; small ones share one', () => {
    const reader = new FileReader();
    const small = reader.read(posts.write('s.txt', 'abc'), 10_000_000);
    const big = reader.read(posts.write('b.txt', 'x'.repeat(2_000_000)), 10_000_000);
    assert.equal(small.kind === 'bytes' && small.bytes.toString(), 'abc');
    assert.equal(big.kind === 'bytes' && big.bytes.buffer.byteLength, 2_000_000);
    const again = reader.read(posts.write('s2.txt', 'def'), 10_000_000);
    assert.equal(again.kind === 'bytes' && again.bytes.buffer.byteLength, 64 * 1024);
  });
});

describe('PostScanner and the body read-back', () => {
  test('a post swapped for a named pipe between listing and reading is FW_POST_NOT_A_FILE, and the scan goes on', () => {
    posts.post('a-good.md', { title: 'Good' });
    const victim = posts.post('b-victim.md', { title: 'Victim' });
    const scanner = new PostScanner(options());
    const { delta } = listThenRead(scanner, () => mkfifo(victim));
    const victimResult = delta.changed.get('b-victim.md');
    assert.equal(victimResult?.kind, 'rejected');
    assert.deepEqual(
      victimResult?.problems.map((p) => [p.path, p.code, p.reason]),
      [['b-victim.md', 'FW_POST_NOT_A_FILE', 'the path is not a regular file (a named pipe, socket or device): a named pipe']],
    );
    assert.equal(delta.changed.get('a-good.md')?.kind, 'post');
    fs.rmSync(victim);
  });

  test('the body read-back of a post now a named pipe is missing, at once', () => {
    const file = posts.post('c-body.md', { title: 'Body' });
    mkfifo(file);
    const [answer] = readBodies(options(), [{ path: 'c-body.md', hash: 'h' }]);
    assert.deepEqual(answer, { path: 'c-body.md', hash: 'h', missing: true });
    fs.rmSync(file);
  });

  test('the body read-back through a symbolic link inside the folder works; one swapped to point outside is missing', () => {
    const inside = posts.post('sub/real.md', { title: 'Real', body: '<p>inside</p>' });
    fs.symlinkSync(inside, path.join(posts.dir, 'via-link.md'));
    const [ok] = readBodies(options(), [{ path: 'via-link.md', hash: 'h' }]);
    assert.ok(ok && 'body' in ok && Buffer.from(ok.body.bytes).toString().includes('inside'));
    const outside = path.join(path.dirname(posts.dir), `${path.basename(posts.dir)}-outside.md`);
    fs.writeFileSync(outside, fs.readFileSync(inside));
    fs.rmSync(path.join(posts.dir, 'via-link.md'));
    fs.symlinkSync(outside, path.join(posts.dir, 'via-link.md'));
    const [gone] = readBodies(options(), [{ path: 'via-link.md', hash: 'h' }]);
    assert.ok(gone && 'missing' in gone);
    fs.rmSync(outside);
    fs.rmSync(path.join(posts.dir, 'via-link.md'));
    fs.rmSync(path.join(posts.dir, 'sub'), { recursive: true });
  });

  test('a file small when listed and 2 GB when read is FW_POST_TOO_LARGE, read no further, peak RSS flat', () => {
    const file = posts.post('d-grows.md', { title: 'Grows' });
    const scanner = new PostScanner(options());
    listThenRead(scanner, () => undefined);
    posts.post('d-grows.md', { title: 'Grows again' }); // changed, so the next listing reads it
    const before = process.resourceUsage().maxRSS;
    const { delta } = listThenRead(scanner, () => fs.truncateSync(file, 2 * 1024 ** 3));
    const result = delta.changed.get('d-grows.md');
    assert.deepEqual(
      result?.problems.map((p) => [p.code, p.reason]),
      [['FW_POST_TOO_LARGE', `the file is larger than posts.maxBytes: ${2 * 1024 ** 3} bytes, the limit is 5242880`]],
    );
    assert.ok(process.resourceUsage().maxRSS - before < 50 * 1024, 'peak RSS grew by 50 MB or more');
    fs.rmSync(file);
  });
});
