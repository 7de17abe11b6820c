// The bundled posts/ with the bundled config: every document matches its golden copy byte for byte
// (determinism across machines and runs) and every feed passes the feed validator.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { loadConfig } from '../../src/config/load.js';
import { isFeedPath } from '../../src/snapshot/feeds.js';
import { exportPath, type Snapshot, type SnapshotEntry } from '../../src/snapshot/snapshot.js';
import { documentText, freshSnapshot } from '../helpers/build.js';
import { validateFeeds } from '../helpers/validate.js';
import { parseXml } from '../helpers/xml.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const EXPECTED = path.join(ROOT, 'tests/fixtures/expected');
// A fixed clock: the 2030 post stays in the future whatever the date of the run.
const NOW = Date.parse('2026-01-01T00:00:00Z');

async function bundled(): Promise<Snapshot> {
  const { snapshot, result } = await freshSnapshot(loadConfig({ env: {}, cwd: ROOT }), NOW);
  assert.deepEqual(result.problems, []);
  return snapshot;
}

const goldenName = (p: string): string => exportPath(p).replaceAll('/', '__');
// Assets are constants in src/render/pages/assets/, served as written: a golden copy would only repeat them.
const golden = (s: Snapshot): [string, SnapshotEntry][] => [...s.entries].filter(([p]) => !p.startsWith('/assets/'));

test('bundled posts: documents equal the golden files (UPDATE_GOLDEN=1 rewrites them)', async () => {
  const snapshot = await bundled();
  if (process.env.UPDATE_GOLDEN === '1') {
    rmSync(EXPECTED, { recursive: true, force: true });
    mkdirSync(EXPECTED, { recursive: true });
    for (const [p, entry] of golden(snapshot)) writeFileSync(path.join(EXPECTED, goldenName(p)), entry.body.bytes());
  }
  for (const [p, entry] of golden(snapshot)) {
    const file = path.join(EXPECTED, goldenName(p));
    assert.ok(existsSync(file), `no golden file for ${p}; run UPDATE_GOLDEN=1 npm test -- tests/snapshot/bundled.test.ts`);
    assert.equal(entry.body.bytes().toString('utf8'), readFileSync(file, 'utf8'), p);
  }
  assert.equal(snapshot.posts, 16);
});

test('bundled posts: every feed passes the validator, stylesheet instruction included', async () => {
  const snapshot = await bundled();
  const feeds = [...snapshot.entries].filter(([p]) => isFeedPath(p));
  assert.equal(feeds.length, 28 * 3);
  assert.match(
    snapshot.entries.get('/tags/c-plus-plus/atom.xml')?.body.bytes().toString() ?? '',
    /^<\?xml [^\n]*\n<\?xml-stylesheet href="\.\.\/\.\.\/atom\.xsl" type="text\/xsl"\?>\n<feed /,
  );
  const report = validateFeeds(Object.fromEntries(feeds.map(([p, e]) => [p, e.body.bytes()])));
  assert.equal(report.errors, 0, report.output);
  assert.ok(report.ok, report.output);
});

test('bundled posts: the OPML list and the XSLT stylesheets are well-formed XML', async () => {
  const snapshot = await bundled();
  for (const p of ['/feeds.opml', '/rss.xsl', '/atom.xsl']) {
    assert.doesNotThrow(() => parseXml(documentText(snapshot, p)), p);
  }
});
