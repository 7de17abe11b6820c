// What `feedwright build` prints while it works: on a terminal, a progress line redrawn in place (files
// read, posts rendered, documents written), cleared before the summary; elsewhere only the summary line.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { BuildProgress } from '../../src/cli/progress.js';
import { rescanOnce } from '../../src/cli/rescan-once.js';
import { writeTree } from '../../src/cli/write-tree.js';
import { runCli } from '../helpers/cli.js';
import { testConfig, testConfigFile } from '../helpers/config.js';
import { PostsDir } from '../helpers/posts-dir.js';

// The line is redrawn by a 100 ms interval: the tests move a fake clock (node:test's mock timers) past it
// instead of sleeping, so a slow machine cannot make a redraw late and a fast one cannot make it early.
const REDRAW_MS = 100;
const fakeInterval = (t: TestContext): void => t.mock.timers.enable({ apis: ['setInterval'] });

test('without a terminal: the two summary lines on stdout, nothing else, no carriage return', () => {
  const posts = new PostsDir();
  posts.post('2024-03-01-a.md', { title: 'A', tags: ['t'] });
  try {
    const work = mkdtempSync(path.join(os.tmpdir(), 'fw-progress-'));
    const res = runCli(['build', '--config', testConfigFile(posts.dir), '--out', 'public'], { cwd: work });
    assert.equal(res.status, 0, res.stderr);
    assert.match(
      res.stdout,
      /^feedwright build: \d+ documents \(1 posts\) → public, \d+ files, \d+ bytes, \d+ ms\nfeedwright build: 0 documents reused from the previous tree \(linked with their \.gz and \.br, 0 of them archive pages not rendered again\), \d+ written; archive pages: 0 documents, 0 bytes \(0 % of the bytes\)\n$/,
    );
    assert.equal(res.stderr, '');
  } finally {
    posts.cleanup();
  }
});

test('on a terminal: files read, posts rendered and documents written, redrawn in place, then cleared', async (t) => {
  fakeInterval(t);
  const posts = new PostsDir();
  for (let i = 1; i <= 3; i++) posts.post(`2024-03-0${i}-p.md`, { title: `P${i}` });
  posts.write('bad.md', '---\ntitle: [\n---\n');
  try {
    const writes: string[] = [];
    const progress = new BuildProgress({ isTTY: true, columns: 120, write: (t) => writes.push(t) });
    const { snapshot } = await rescanOnce(testConfig(posts.dir), 'build', progress);
    assert.ok(snapshot);
    assert.equal(progress.line(), '4 files read, 3 posts rendered');
    assert.deepEqual(writes, [], 'nothing drawn before the first tick');
    t.mock.timers.tick(REDRAW_MS);
    assert.equal(writes.at(-1), '\r\x1b[Kfeedwright build: 4 files read, 3 posts rendered');
    const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'fw-progress-')), 'public');
    await writeTree(snapshot.entries.values(), out, (done) => progress.writing(done, snapshot.entries.size));
    const n = snapshot.entries.size;
    assert.equal(progress.line(), `4 files read, 3 posts rendered, ${n}/${n} documents written`);
    const before = writes.length;
    t.mock.timers.tick(REDRAW_MS - 1);
    assert.equal(writes.length, before, 'at most ten redraws a second');
    t.mock.timers.tick(1);
    assert.equal(writes.at(-1), `\r\x1b[Kfeedwright build: 4 files read, 3 posts rendered, ${n}/${n} documents written`);
    const drawn = writes.length;
    t.mock.timers.tick(3 * REDRAW_MS);
    assert.equal(writes.length, drawn, 'nothing redrawn when nothing moved');
    progress.stop();
    assert.equal(writes.at(-1), '\r\x1b[K', 'the line is cleared for the summary');
  } finally {
    posts.cleanup();
  }
});

test('a line wider than the terminal is cut, so \\r redraws it whole; no terminal, nothing drawn', (t) => {
  fakeInterval(t);
  const narrow: string[] = [];
  const progress = new BuildProgress({ isTTY: true, columns: 30, write: (t) => narrow.push(t) });
  progress.read(123456);
  t.mock.timers.tick(REDRAW_MS);
  progress.stop();
  assert.equal(narrow[0], '\r\x1b[Kfeedwright build: 123456 file', '29 characters: one column spare');
  const piped: string[] = [];
  const quiet = new BuildProgress({ isTTY: false, write: (t) => piped.push(t) });
  quiet.read(5);
  t.mock.timers.tick(3 * REDRAW_MS);
  quiet.stop();
  assert.deepEqual(piped, []);
});
