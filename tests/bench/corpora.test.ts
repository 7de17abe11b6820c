// bench/corpora.ts: a corpus is written once, kept, and put back as it was before each run.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { corpusAt, defaultCorporaDir } from '../../bench/corpora.js';
import { writeCorpus } from '../../bench/corpus.js';

test("written once, then kept; a run's edit and added posts are undone; a half-written corpus is written again", async () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'fw-corpora-test-'));
  let writes = 0;
  const writer = async (dir: string): Promise<{ newest: string }> => {
    writes++;
    return writeCorpus(dir, { posts: 50, kind: 'long' });
  };
  try {
    const first = await corpusAt(root, 'long', 50, () => {}, writer);
    assert.equal(first.written, true);
    const newest = path.join(first.posts, first.newest);
    const bytes = readFileSync(newest);
    writeFileSync(newest, 'edited by the benchmark');
    writeFileSync(path.join(first.posts, 'fresh-bench-0.md'), 'added');
    writeFileSync(path.join(first.posts, 'keep-me.md'), "not the benchmark's");

    const second = await corpusAt(root, 'long', 50, () => {}, writer);
    assert.equal(second.written, false);
    assert.equal(writes, 1);
    assert.equal(second.newest, first.newest);
    assert.deepEqual(readFileSync(newest), bytes);
    assert.equal(existsSync(path.join(first.posts, 'fresh-bench-0.md')), false);
    assert.equal(existsSync(path.join(first.posts, 'keep-me.md')), true);

    rmSync(path.join(root, 'long-50', 'corpus.json'));
    const third = await corpusAt(root, 'long', 50, () => {}, writer);
    assert.equal(third.written, true);
    assert.equal(writes, 2);
    assert.equal(existsSync(path.join(first.posts, 'keep-me.md')), false);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a corpus of generator 2 (the same posts, its newest picked by the digits) is kept and its newest picked again', async () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'fw-corpora-test-'));
  try {
    const posts = path.join(root, 'short-3000', 'posts');
    const { newest } = writeCorpus(posts, { posts: 3000 });
    const wrong = '000/post-1.md';
    assert.notEqual(newest, wrong);
    writeFileSync(path.join(root, 'short-3000', 'newest.original'), readFileSync(path.join(posts, wrong)));
    writeFileSync(path.join(posts, wrong), 'edited by an older benchmark');
    writeFileSync(path.join(root, 'short-3000', 'corpus.json'), JSON.stringify({ newest: wrong, generator: 2 }));
    const kept = await corpusAt(
      root,
      'short',
      3000,
      () => {},
      async () => assert.fail('the posts are written again'),
    );
    assert.equal(kept.written, false);
    assert.equal(kept.newest, newest);
    assert.notEqual(readFileSync(path.join(posts, wrong), 'utf8'), 'edited by an older benchmark', 'the old newest post is put back');
    assert.deepEqual(readFileSync(path.join(root, 'short-3000', 'newest.original')), readFileSync(path.join(posts, newest)));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('the corpora folder: FEEDWRIGHT_BENCH_CORPORA, else one in the temporary folder', () => {
  assert.equal(defaultCorporaDir({ FEEDWRIGHT_BENCH_CORPORA: '/data/corpora' }), '/data/corpora');
  assert.equal(defaultCorporaDir({}), path.join(os.tmpdir(), 'feedwright-bench-corpora'));
});
