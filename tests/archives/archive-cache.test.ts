// What an archive page is made of (src/archives/archive-cache.ts archiveInputs), which `feedwright build`
// and a bucket publish compare to reuse a page without rendering it: the same page under another build of
// feedwright (its code, a byte-shaping package, Node's zlib or ICU) has other inputs, so a dependency
// updated under the same version renders every page again instead of keeping the old markup for ever.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { archiveInputs } from '../../src/archives/archive-cache.js';
import { allArchiveDocuments } from '../../src/snapshot/archives.js';
import { writeCorpus } from '../../bench/corpus.js';
import { freshSnapshot } from '../helpers/build.js';
import { testConfig } from '../helpers/config.js';

const NOW = Date.parse('2026-01-01T00:00:00Z');
const dir = mkdtempSync(path.join(os.tmpdir(), 'fw-archive-inputs-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test("an archive page's inputs name the build key: under another build of the same version they differ", async () => {
  writeCorpus(dir, { posts: 40 });
  const config = testConfig(dir, { feeds: { limit: 4, archive: { pageSize: 3 } } });
  const { snapshot } = await freshSnapshot(config, NOW);
  const pages = [...allArchiveDocuments(snapshot.archive ?? assert.fail('no archive index'))];
  assert.ok(pages.length > 0);
  const before = archiveInputs(config, 'build-before-the-update')(snapshot);
  const again = archiveInputs(config, 'build-before-the-update')(snapshot);
  const after = archiveInputs(config, 'build-after-the-update')(snapshot);
  for (const page of pages) {
    assert.equal(again(page), before(page), `${page.path}: the same build, the same inputs`);
    assert.notEqual(after(page), before(page), `${page.path}: another build, other inputs`);
  }
});
