// Every archive document as `feedwright build` renders them (src/rescan/all-archive-pages.ts, in the
// sweep's order, each post prepared once) is what the archive cache renders on a request for its path:
// bytes, ETags, type, Last-Modified, Cache-Control and headers. An old address at an archive path is skipped.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { allArchivePages, type SweepFigures } from '../../src/rescan/all-archive-pages.js';
import { ArchiveCache } from '../../src/rescan/archive-cache.js';
import { allArchiveDocuments } from '../../src/snapshot/archives.js';
import { writeCorpus } from '../../bench/corpus.js';
import { freshSnapshot } from '../helpers/build.js';
import { testConfig } from '../helpers/config.js';

const NOW = Date.parse('2026-01-01T00:00:00Z');
const dir = mkdtempSync(path.join(os.tmpdir(), 'fw-all-archives-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('each document equals the one the cache renders on request; each post is prepared once', async () => {
  writeCorpus(dir, { posts: 400 });
  const config = testConfig(dir, { feeds: { limit: 4, archive: { pageSize: 3 } } });
  const { snapshot } = await freshSnapshot(config, NOW);
  const index = snapshot.archive ?? assert.fail('no archive index');
  const figures: SweepFigures = { prepared: 0, peakHeld: 0 };
  const built = [...allArchivePages(snapshot, config, undefined, undefined, figures)];
  const expected = [...allArchiveDocuments(index)];
  assert.deepEqual(built.map((e) => e.path).sort(), expected.map((d) => d.path).sort());
  assert.equal(figures.prepared, new Set(expected.flatMap((d) => d.posts)).size);
  // A cache big enough for none to be kept: each request renders its page from the files.
  const cache = new ArchiveCache(config, undefined, 0);
  for (const entry of built) {
    const served = await cache.find(snapshot, entry.path);
    assert.ok(served, entry.path);
    assert.ok(served.body.bytes().equals(entry.body.bytes()), entry.path);
    assert.deepEqual({ ...served, body: undefined }, { ...entry, body: undefined }, `${entry.path}: the same type, validators, caching and headers`);
  }
});

test('a path the snapshot holds is not rendered again', async () => {
  const config = testConfig(dir, { feeds: { limit: 4, archive: { pageSize: 3 } } });
  const { snapshot } = await freshSnapshot(config, NOW);
  const skipped = new Set(['/archive/1/atom.xml', '/archive/2/']);
  const paths = [...allArchivePages(snapshot, config, undefined, (p) => skipped.has(p))].map((e) => e.path);
  assert.ok(paths.includes('/archive/1/rss.xml') && paths.includes('/archive/1/'));
  for (const p of skipped) assert.ok(!paths.includes(p), p);
});
