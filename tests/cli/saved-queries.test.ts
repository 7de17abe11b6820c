// Saved queries in the commands that write a whole tree (src/cli/saved-queries.ts): `feedwright build`
// writes each at /queries/<name>/ in every format, the bytes `serve` sends there, valid; a bucket
// publish is given them with what they are made of, so an unchanged one is not uploaded again.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { onRequestForBucket, savedQueryDocuments } from '../../src/cli/saved-queries.js';
import { loadConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/schema.js';
import type { Service } from '../../src/service.js';
import { freshSnapshot } from '../helpers/build.js';
import { runCli } from '../helpers/cli.js';
import { testConfigFile } from '../helpers/config.js';
import { PostsDir } from '../helpers/posts-dir.js';
import { get, startTestService } from '../helpers/service.js';
import { validateFeeds } from '../helpers/validate.js';

const SAVED = [
  { name: 'harbour-ferries', scope: '/tags/harbour/', query: 'q=ferry', title: 'Ferries in the harbour' },
  { name: 'metro-late', scope: '/categories/metro/', query: 'q=late&limit=2' },
];
const PATHS = SAVED.flatMap((s) => ['rss.xml', 'atom.xml', 'feed.json'].map((f) => `/queries/${s.name}/${f}`));

describe('saved queries written and published', () => {
  const posts = new PostsDir();
  const work = mkdtempSync(path.join(os.tmpdir(), 'fw-saved-'));
  let configFile = '';
  let config: Config;
  let service: Service;

  before(async () => {
    posts.post('a.md', { title: 'Ferry late', date: '2024-03-01 10:00:00 +0800', categories: 'metro', tags: ['harbour'], body: '<p>The ferry was late.</p>' });
    posts.post('b.md', { title: 'Bus', date: '2024-03-02 10:00:00 +0800', categories: 'metro', tags: ['harbour'], body: '<p>The bus was late.</p>' });
    posts.post('c.md', { title: 'Ferry on time', date: '2024-03-03 10:00:00 +0800', categories: 'sport', tags: ['harbour'], body: '<p>A ferry on time.</p>' });
    configFile = testConfigFile(posts.dir, { queries: { saved: SAVED } });
    config = loadConfig({ env: {}, overrides: { configPath: configFile } });
    service = await startTestService(config);
  });
  after(async () => {
    await service.close();
    posts.cleanup();
  });

  test('build writes every saved query in every format: the bytes serve sends, valid', async () => {
    const res = runCli(['build', '--config', configFile, '--out', 'public'], { cwd: work });
    assert.equal(res.status, 0, res.stderr);
    const base = service.url.replace(/\/$/, '');
    const bodies: Record<string, Buffer> = {};
    for (const p of PATHS) {
      const file = path.join(work, 'public', p.slice(1));
      assert.ok(existsSync(file), p);
      const served = await get(base + p);
      assert.equal(served.status, 200, p);
      assert.ok(readFileSync(file).equals(served.body), `${p}: the file is what serve sends`);
      bodies[p] = served.body;
    }
    assert.match(bodies['/queries/harbour-ferries/rss.xml']?.toString() ?? '', /<title>Ferries in the harbour<\/title>[\s\S]*Ferry on time[\s\S]*Ferry late/);
    assert.doesNotMatch(bodies['/queries/harbour-ferries/rss.xml']?.toString() ?? '', /<title>Bus<\/title>/);
    const report = validateFeeds(bodies);
    assert.equal(report.errors, 0, report.output);
    assert.equal(report.warnings, 0, report.output);
  });

  test('a bucket publish is given them with what they are made of: the same inputs, the same hash', async () => {
    const { snapshot } = await freshSnapshot(config, Date.now());
    const first = onRequestForBucket(config, 'build')(snapshot);
    for (const p of PATHS) assert.ok(first.documents.has(p), p);
    const again = onRequestForBucket(config, 'build')(snapshot);
    assert.deepEqual(
      [...again.documents].filter(([p]) => p.startsWith('/queries/')),
      [...first.documents].filter(([p]) => p.startsWith('/queries/')),
    );
    const rendered = await first.render(new Set(['/queries/metro-late/atom.xml']));
    assert.deepEqual(
      rendered.map((e) => e.path),
      ['/queries/metro-late/atom.xml'],
    );
    assert.equal([...savedQueryDocuments(snapshot, config)].length, PATHS.length);
  });
});
