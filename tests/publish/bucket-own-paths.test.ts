// The manifest in the bucket is untrusted: a publish deletes only paths feedwright can show it wrote —
// inside the prefix, no `..`, `.` or empty segment, no backslash or control character, of a shape it
// writes, named with a record as it writes them — and warns once about the others, which it leaves alone.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { parseCommandArgs } from '../../src/cli/args.js';
import { COMMANDS } from '../../src/cli/commands.js';
import { publish } from '../../src/cli/publish.js';
import { rescanOnce } from '../../src/cli/rescan-once.js';
import { loadConfig } from '../../src/config/load.js';
import { checkManifest, MANIFEST_NAME, parseManifest, serializeManifest, type StoredRecord } from '../../src/publish/bucket/manifest.js';
import { aliasShapes, refusal } from '../../src/publish/bucket/own-paths.js';
import { publishSnapshot } from '../../src/publish/bucket/publish.js';
import { S3Store } from '../../src/publish/bucket/s3-store.js';
import { renderAllArchivePages } from '../../src/rescan/all-archive-pages.js';
import { exportPath } from '../../src/snapshot/snapshot.js';
import { testConfigFile } from '../helpers/config.js';
import { bundledPostsCopy, startS3, useS3rverCredentials, type S3Server } from '../helpers/s3-server.js';
import { get } from '../helpers/service.js';

const TARGET = { bucket: 'site', prefix: 'news' };

test('paths that are refused, and why; paths feedwright writes are not', () => {
  const refused: [string, RegExp][] = [
    ['../victim/important.txt', /\.\. segment/],
    ['tags/../../victim.xml', /\.\. segment/],
    ['./rss.xml', /\. or \.\. segment/],
    ['tags//rss.xml', /empty/],
    ['tags/x/', /empty/],
    ['/rss.xml', /not a relative path/],
    ['', /not a relative path/],
    ['tags\\..\\rss.xml', /not a relative path/],
    ['x\u0000.xml', /control character/],
    ['x\u001b[2J.xml', /control character/],
    ['x\u0085.xml', /control character/],
    ['\ud800.xml', /broken Unicode/],
    ['important.txt', /not a kind of file/],
    ['uploads/photo.jpg', /not a kind of file/],
    ['backup', /not a kind of file/],
    [MANIFEST_NAME, /the manifest itself/],
    [`tags/${'x'.repeat(1100)}.xml`, /longer than an S3 key/],
  ];
  for (const [rel, why] of refused) assert.match(refusal(rel, TARGET) ?? 'accepted', why, JSON.stringify(rel));
  for (const rel of [
    'rss.xml',
    'index.html',
    'tags/常州日报新闻/feed.json',
    'categories/c-plus-plus/atom.xml',
    'assets/site.css',
    'archive/3/rss.xml',
    'feeds.opml',
    'rss.xsl',
  ]) {
    assert.equal(refusal(rel, TARGET), undefined, rel);
    assert.equal(refusal(rel, { bucket: 'site', prefix: '' }), undefined, rel);
  }
  // feeds.aliases may name files of any extension, or none: those are feedwright's too.
  const aliases = aliasShapes(['/feed', '/feed/by_tag/:name', '/:slug.rdf']);
  for (const rel of ['feed', 'feed/by_tag/天气', 'news.rdf']) assert.equal(refusal(rel, TARGET, aliases), undefined, rel);
  for (const rel of ['feed/by_tag/a/b', 'feedx', 'feed/by_tag/../x']) assert.notEqual(refusal(rel, TARGET, aliases), undefined, rel);
});

test('every document a snapshot holds (archive pages and aliases included) is a path feedwright may delete', async () => {
  const posts = bundledPostsCopy('fw-own-paths-');
  const aliases = [
    { path: '/feed.xml', scope: 'site', format: 'rss' },
    { path: '/feed', scope: 'site', format: 'atom' },
    { path: '/feed/by_tag/:name', scope: 'tag', format: 'atom' },
  ] as const;
  const config = loadConfig({
    env: {},
    overrides: { configPath: testConfigFile(posts, { diskCache: { enabled: false }, feeds: { limit: 2, archive: { pageSize: 2 }, aliases: [...aliases] } }) },
  });
  const { snapshot } = await rescanOnce(config, 'test');
  assert.ok(snapshot);
  const paths = new Set([...snapshot.entries.keys(), ...renderAllArchivePages(snapshot, config).map((e) => e.path)]);
  assert.ok(paths.has('/feed') && [...paths].some((p) => p.startsWith('/feed/by_tag/')) && [...paths].some((p) => p.startsWith('/archive/')));
  const shapes = aliasShapes(aliases.map((a) => a.path));
  const refused = [...paths].map(exportPath).filter((rel) => refusal(rel, TARGET, shapes) !== undefined);
  assert.deepEqual(refused, []);
});

const RECORD: StoredRecord = {
  sha256: 'a'.repeat(64),
  contentType: 'application/rss+xml; charset=utf-8',
  contentEncoding: 'gzip',
  cacheControl: 'public, max-age=60',
  metadata: {},
  etag: '"x"',
  size: 10,
};

test('only a version-1 manifest is read, and in it only records as feedwright writes them', () => {
  for (const text of ['', 'null', '[]', '{"version":2,"objects":{}}', '{"version":1,"objects":[]}', '{"version":"1","objects":{}}', '{"objects":{}}']) {
    assert.equal(checkManifest(text), undefined, text);
  }
  const text = JSON.stringify({
    version: 1,
    objects: {
      'rss.xml': RECORD,
      'no-hash.xml': { ...RECORD, sha256: 'nope' },
      'bad-size.xml': { ...RECORD, size: -1 },
      'bad-meta.xml': { ...RECORD, metadata: { a: 1 } },
      'brotli.xml': { ...RECORD, contentEncoding: 'br' },
      constructor: RECORD,
    },
  }).replace('"constructor"', `"__proto__":${JSON.stringify(RECORD)},"constructor"`);
  const checked = checkManifest(text, (rel) => refusal(rel, TARGET));
  assert.ok(checked);
  assert.deepEqual(Object.keys(checked.manifest.objects), ['rss.xml']);
  assert.deepEqual(
    checked.refused.map((r) => [r.rel, r.reason]),
    [
      ['no-hash.xml', 'not a record feedwright writes'],
      ['bad-size.xml', 'not a record feedwright writes'],
      ['bad-meta.xml', 'not a record feedwright writes'],
      ['brotli.xml', 'not a record feedwright writes'],
      ['__proto__', 'not a kind of file feedwright writes'],
      ['constructor', 'not a kind of file feedwright writes'],
    ],
  );
  // What feedwright writes, it reads back whole.
  const own = serializeManifest({
    version: 1,
    objects: { 'rss.xml': RECORD, 'tags/x/index.html': { ...RECORD, contentEncoding: undefined, etag: undefined, inputs: 'abc' } },
  });
  assert.equal(serializeManifest(parseManifest(own) ?? { version: 1, objects: {} }), own);
});

useS3rverCredentials();

let s3: S3Server;
before(async () => {
  s3 = await startS3(['site']);
});
after(() => s3.close());

async function runPublish(config: string, target: string, store = s3.endpoint): Promise<{ status: number; out: string; err: string }> {
  const command = COMMANDS.find((c) => c.name === 'publish');
  assert.ok(command);
  let out = '';
  let err = '';
  const status = await publish(parseCommandArgs(command, ['--config', config, target]), {
    env: { AWS_ENDPOINT_URL_S3: store },
    out: { write: (s: string) => (out += s) },
    err: { write: (s: string) => (err += s) },
  });
  return { status, out, err };
}

const statusOf = async (key: string): Promise<number> => (await get(`${s3.endpoint}/site/${key.split('/').map(encodeURIComponent).join('/')}`)).status;

test('a forged manifest deletes nothing outside the prefix nor anything feedwright did not write; one warning; the rest is published', async () => {
  const posts = bundledPostsCopy('fw-forged-');
  const config = testConfigFile(posts, { diskCache: { enabled: false } });
  assert.equal((await runPublish(config, 's3://site/own')).status, 0);

  const root = new S3Store({ bucket: 'site', prefix: '' }, { endpoint: s3.endpoint, region: 'us-east-1', pathStyle: true });
  const own = new S3Store({ bucket: 'site', prefix: 'own' }, { endpoint: s3.endpoint, region: 'us-east-1', pathStyle: true });
  try {
    const other = { ...RECORD, contentType: 'text/plain', contentEncoding: undefined };
    for (const key of ['victim/important.txt', 'own/uploads/photo.jpg', 'own/notes']) await root.put(key, Buffer.from('not feedwright’s'), other);
    const read = await own.readManifest();
    assert.ok(read && 'text' in read);
    const manifest = JSON.parse(read.text) as { version: 1; objects: Record<string, unknown> };
    const record = manifest.objects['rss.xml'];
    const forged = ['../victim/important.txt', 'uploads/photo.jpg', 'notes', 'x\u001b[2J.xml', 'tags/..\\..\\victim.xml'];
    for (const rel of forged) manifest.objects[rel] = record;
    await own.writeManifest(JSON.stringify(manifest));

    // The same publish deletes what is feedwright's: the rain forecast's tag 天气 goes.
    const rain = path.join(posts, '2024', '2024-04-03-rain-forecast.md');
    writeFileSync(rain, readFileSync(rain, 'utf8').replace(/^tags: 江南晨报新闻 天气$/m, 'tags: 江南晨报新闻'));
    const second = await runPublish(config, 's3://site/own');
    assert.equal(second.status, 0, second.err);
    const warnings = second.err.trimEnd().split('\n');
    assert.equal(warnings.length, 1, second.err);
    assert.match(
      warnings[0] as string,
      /^feedwright publish: warning: the manifest names 5 paths feedwright does not write or that are not inside s3:\/\/site\/own: "\.\.\/victim\/important\.txt" \(an empty, \. or \.\. segment\), "uploads\/photo\.jpg" \(not a kind of file feedwright writes\), "notes" \(not a kind of file feedwright writes\), and 2 more; they are not deleted, and left out of the manifest$/,
    );
    assert.ok(!second.err.includes('\u001b'), 'a control character is never printed raw');
    assert.match(second.out, /, 4 deleted, /);
    for (const file of ['rss.xml', 'atom.xml', 'feed.json', 'index.html'])
      assert.equal(await statusOf(`own/tags/天气/${file}`), 404, `feedwright’s own ${file} is deleted`);
    for (const key of ['victim/important.txt', 'own/uploads/photo.jpg', 'own/notes']) assert.equal(await statusOf(key), 200, key);

    const after = await own.readManifest();
    assert.ok(after && 'text' in after);
    for (const rel of forged) assert.ok(!(rel in (JSON.parse(after.text) as { objects: object }).objects), rel);
    const third = await runPublish(config, 's3://site/own');
    assert.deepEqual([third.status, third.err], [0, ''], 'warned once');

    // With nothing to upload the manifest is written all the same, without the path it does not believe.
    const again = JSON.parse(after.text) as { objects: Record<string, unknown> };
    again.objects.notes = record;
    await own.writeManifest(JSON.stringify(again));
    const quiet = await runPublish(config, 's3://site/own');
    assert.match(quiet.out, /: 0 uploaded \(0 bytes\), 0 deleted, /);
    assert.match(quiet.err, /^feedwright publish: warning: the manifest names 1 path .*"notes"/);
    assert.equal((await runPublish(config, 's3://site/own')).err, '');
  } finally {
    root.close();
    own.close();
  }
});

test('a manifest over the size bound is not read: every document is uploaded, nothing deleted', async () => {
  const posts = bundledPostsCopy('fw-huge-manifest-');
  const config = testConfigFile(posts, { diskCache: { enabled: false } });
  assert.equal((await runPublish(config, 's3://site/huge')).status, 0);
  const rain = path.join(posts, '2024', '2024-04-03-rain-forecast.md');
  writeFileSync(rain, readFileSync(rain, 'utf8').replace(/^tags: 江南晨报新闻 天气$/m, 'tags: 江南晨报新闻'));
  const { snapshot } = await rescanOnce(loadConfig({ env: {}, overrides: { configPath: config } }), 'test');
  assert.ok(snapshot);
  const small = new S3Store({ bucket: 'site', prefix: 'huge' }, { endpoint: s3.endpoint, region: 'us-east-1', pathStyle: true }, undefined, 1024);
  try {
    assert.deepEqual(await small.readManifest(), { tooLarge: (await get(`${s3.endpoint}/site/huge/${MANIFEST_NAME}`)).body.length });
    const warnings: string[] = [];
    const r = await publishSnapshot(snapshot, small, {
      cacheControl: 'public, max-age=60',
      gzip: true,
      delete: true,
      concurrency: 4,
      dryRun: false,
      warn: (m) => warnings.push(m),
    });
    assert.deepEqual(warnings, ['the manifest in the bucket is over 1024 bytes, so not one feedwright wrote; every document is uploaded, nothing deleted']);
    assert.deepEqual([r.uploaded, r.deleted], [snapshot.entries.size, 0]);
    assert.equal(await statusOf('huge/tags/天气/rss.xml'), 200, 'the gone tag’s feed is left');
  } finally {
    small.close();
  }
});
