// The bundled posts/ with the bundled config: every document matches its golden copy byte for byte
// (determinism across machines and runs) and every feed passes the feed validator.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { loadConfig } from '../../src/config/load.js';
import { scanPosts } from '../../src/posts/scan.js';
import { buildSnapshot } from '../../src/snapshot/build.js';
import type { Snapshot } from '../../src/snapshot/snapshot.js';
import { scanOptionsFrom } from '../../src/triggers/rescan.js';
import { validateFeeds } from '../helpers/validate.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const EXPECTED = path.join(ROOT, 'tests/fixtures/expected');
// A fixed clock: the 2030 post stays in the future whatever the date of the run.
const NOW = Date.parse('2026-01-01T00:00:00Z');

async function bundled(): Promise<Snapshot> {
  const config = loadConfig({ env: {}, cwd: ROOT });
  const scan = await scanPosts(scanOptionsFrom(config));
  assert.deepEqual(scan.problems, []);
  return (await buildSnapshot({ posts: scan.posts, config, now: NOW })).snapshot;
}

const goldenName = (p: string): string => p.slice(1).replaceAll('/', '__');

test('bundled posts: documents equal the golden files (UPDATE_GOLDEN=1 rewrites them)', async () => {
  const snapshot = await bundled();
  if (process.env.UPDATE_GOLDEN === '1') {
    rmSync(EXPECTED, { recursive: true, force: true });
    mkdirSync(EXPECTED, { recursive: true });
    for (const [p, entry] of snapshot.entries) writeFileSync(path.join(EXPECTED, goldenName(p)), entry.identity.body);
  }
  for (const [p, entry] of snapshot.entries) {
    const file = path.join(EXPECTED, goldenName(p));
    assert.ok(existsSync(file), `no golden file for ${p}; run UPDATE_GOLDEN=1 npm test -- tests/snapshot/bundled.test.ts`);
    assert.equal(entry.identity.body.toString('utf8'), readFileSync(file, 'utf8'), p);
  }
  assert.equal(snapshot.posts, 11);
});

test('bundled posts: every feed passes the validator', async () => {
  const snapshot = await bundled();
  const report = validateFeeds(Object.fromEntries([...snapshot.entries].map(([p, e]) => [p, e.identity.body])));
  assert.equal(report.errors, 0, report.output);
  assert.ok(report.ok, report.output);
});
