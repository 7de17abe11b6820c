// `feedwright publish s3://…` against a real S3 server (s3rver) on loopback: every document with the
// server's bytes and headers, nothing uploaded twice, exactly the changed documents, deletions, and one
// line and exit 1 when the credentials, the bucket or the server fail, with the previous version whole.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { parseCommandArgs } from '../../src/cli/args.js';
import { COMMANDS } from '../../src/cli/commands.js';
import { publish } from '../../src/cli/publish.js';
import { rescanOnce } from '../../src/cli/rescan-once.js';
import { loadConfig } from '../../src/config/load.js';
import { renderAllArchivePages } from '../../src/archives/all-archive-pages.js';
import { archiveForBucket } from '../../src/archives/archive-cache.js';
import { buildKey } from '../../src/cache/build-key.js';
import type { ConfigInput } from '../../src/config/schema.js';
import { cacheControl } from '../../src/http/send-entry.js';
import { MANIFEST_NAME, parseManifest, type Manifest } from '../../src/publish/bucket/manifest.js';
import { publishSnapshot } from '../../src/publish/bucket/publish.js';
import { S3Store } from '../../src/publish/bucket/s3-store.js';
import { parseTarget } from '../../src/publish/bucket/target.js';
import { isFeedPath } from '../../src/snapshot/feeds.js';
import { changedPaths, exportPath, type Snapshot } from '../../src/snapshot/snapshot.js';
import { testConfigFile } from '../helpers/config.js';
import { TestHub } from '../helpers/hub.js';
import { get, startTestService } from '../helpers/service.js';
import { purgeEndpoint } from '../helpers/purge-endpoint.js';
import { bundledPostsCopy, S3_KEY, startRelay, startS3, useS3rverCredentials, type S3Server } from '../helpers/s3-server.js';

const BUCKET = 'site';

useS3rverCredentials();

let s3: S3Server;
before(async () => {
  s3 = await startS3([BUCKET]);
});
after(() => s3.close());

interface Site {
  readonly posts: string;
  readonly config: string;
}

/** A copy of the bundled posts (tests edit it) and a config for it. */
function bundledSite(input: ConfigInput = {}): Site {
  const posts = bundledPostsCopy('fw-publish-');
  return { posts, config: testConfigFile(posts, { diskCache: { enabled: false }, ...input }) };
}

interface Run {
  readonly status: number;
  readonly out: string;
  readonly err: string;
}

async function runPublish(site: Site, args: readonly string[], env: Record<string, string> = { AWS_ENDPOINT_URL_S3: s3.endpoint }): Promise<Run> {
  const command = COMMANDS.find((c) => c.name === 'publish');
  assert.ok(command);
  let out = '';
  let err = '';
  const status = await publish(parseCommandArgs(command, ['--config', site.config, ...args]), {
    env,
    out: { write: (s: string) => (out += s) },
    err: { write: (s: string) => (err += s) },
  });
  return { status, out, err };
}

async function snapshotOf(site: Site): Promise<Snapshot> {
  const config = loadConfig({ env: {}, overrides: { configPath: site.config } });
  const { snapshot } = await rescanOnce(config, 'test');
  assert.ok(snapshot);
  return snapshot;
}

interface Raw {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
}

/** GET without decoding (fetch would gunzip): the bytes as stored. */
function rawGet(key: string): Promise<Raw> {
  const url = `${s3.endpoint}/${BUCKET}/${key.split('/').map(encodeURIComponent).join('/')}`;
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

async function manifestOf(prefix: string): Promise<{ text: string; manifest: Manifest }> {
  const raw = await rawGet(`${prefix}/${MANIFEST_NAME}`);
  assert.equal(raw.status, 200, `no manifest under ${prefix}`);
  const manifest = parseManifest(raw.body.toString('utf8'));
  assert.ok(manifest);
  return { text: raw.body.toString('utf8'), manifest };
}

/** The `upload <rel> (…)` lines of a dry run. */
function planned(run: Run, verb: 'upload' | 'delete'): string[] {
  return run.out
    .split('\n')
    .filter((l) => l.startsWith(`${verb} `))
    .map((l) => l.slice(verb.length + 1).replace(/ \((new|changed)\)$/, ''))
    .sort();
}

const relOf = (paths: readonly string[]): string[] => paths.map(exportPath).sort();

test('publish uploads every document with the bytes and headers the server has; a second publish uploads nothing', async () => {
  const site = bundledSite();
  const started = performance.now();
  const first = await runPublish(site, [`s3://${BUCKET}/all`]);
  const ms = Math.round(performance.now() - started);
  assert.equal(first.status, 0, first.err);
  const snapshot = await snapshotOf(site);
  assert.match(
    first.out,
    new RegExp(`^feedwright publish: ${snapshot.entries.size} uploaded \\(\\d+ bytes\\), 0 deleted, 0 unchanged → s3://site/all, \\d+ ms\\n$`),
  );
  process.stdout.write(`# bundled posts: ${snapshot.entries.size} documents in ${ms} ms: ${first.out}`);

  const { manifest } = await manifestOf('all');
  assert.deepEqual(Object.keys(manifest.objects).sort(), relOf([...snapshot.entries.keys()]));
  const config = loadConfig({ env: {}, overrides: { configPath: site.config } });
  for (const [urlPath, entry] of snapshot.entries) {
    const raw = await rawGet(`all/${exportPath(urlPath)}`);
    assert.equal(raw.status, 200, urlPath);
    assert.equal(raw.headers['content-type'], entry.contentType, urlPath);
    assert.equal(raw.headers['cache-control'], cacheControl(config.cache), urlPath);
    assert.equal(raw.headers['content-encoding'], 'gzip', urlPath);
    // Byte for byte the gzip form the server sends, and the identity bytes inside it.
    assert.ok(raw.body.equals(await entry.body.encoded('gzip')), urlPath);
    assert.ok(gunzipSync(raw.body).equals(entry.body.bytes()), urlPath);
    assert.equal(raw.headers['x-amz-meta-content-security-policy'], entry.headers?.['Content-Security-Policy'], urlPath);
  }
  assert.ok(
    [...snapshot.entries.values()].some((e) => e.headers?.['Content-Security-Policy']),
    'pages carry their CSP',
  );

  // What `feedwright serve` sends a feed reader asking for gzip is what the bucket holds, headers and bytes.
  const service = await startTestService(config);
  try {
    for (const urlPath of snapshot.entries.keys()) {
      const served = await get(new URL(encodeURI(urlPath.slice(1)), service.url).href, { 'accept-encoding': 'gzip' });
      const raw = await rawGet(`all/${exportPath(urlPath)}`);
      assert.equal(served.status, 200, urlPath);
      for (const header of ['content-type', 'content-encoding', 'cache-control'])
        assert.equal(raw.headers[header], served.headers.get(header) ?? undefined, `${urlPath} ${header}`);
      assert.equal(raw.headers['x-amz-meta-content-security-policy'], served.headers.get('content-security-policy') ?? undefined, urlPath);
      assert.ok(raw.body.equals(served.body), urlPath);
    }
  } finally {
    await service.close();
  }

  const second = await runPublish(site, [`s3://${BUCKET}/all`]);
  assert.equal(second.status, 0, second.err);
  assert.match(second.out, new RegExp(`: 0 uploaded \\(0 bytes\\), 0 deleted, ${snapshot.entries.size} unchanged `));
});

test('an edit uploads exactly the documents whose bytes changed; a deleted tag’s documents are deleted (kept with --no-delete)', async () => {
  const site = bundledSite();
  assert.equal((await runPublish(site, [`s3://${BUCKET}/edits`])).status, 0);
  const before = await snapshotOf(site);

  const metro = path.join(site.posts, '2024-03-22-metro-line-5.md');
  writeFileSync(metro, `${readFileSync(metro, 'utf8')}\nOne more line, added by the test.\n`);
  const edited = await snapshotOf(site);
  const expected = relOf(changedPaths(before, edited));
  assert.ok(expected.length > 0 && expected.length < edited.entries.size);
  const plan = await runPublish(site, [`s3://${BUCKET}/edits`, '--dry-run']);
  assert.equal(plan.status, 0, plan.err);
  assert.deepEqual(planned(plan, 'upload'), expected);
  const upload = await runPublish(site, [`s3://${BUCKET}/edits`]);
  assert.match(upload.out, new RegExp(`: ${expected.length} uploaded \\(\\d+ bytes\\), 0 deleted, ${edited.entries.size - expected.length} unchanged `));

  // 天气 is the rain forecast's tag alone: without it, its feeds and page are gone from the site.
  const rain = path.join(site.posts, '2024', '2024-04-03-rain-forecast.md');
  writeFileSync(rain, readFileSync(rain, 'utf8').replace(/^tags: 江南晨报新闻 天气$/m, 'tags: 江南晨报新闻'));
  const untagged = await snapshotOf(site);
  const gone = relOf([...edited.entries.keys()].filter((p) => !untagged.entries.has(p)));
  assert.ok(gone.length >= 3 && gone.every((rel) => rel.startsWith('tags/')), gone.join(' '));

  const kept = await runPublish(site, [`s3://${BUCKET}/edits`, '--no-delete']);
  assert.equal(kept.status, 0, kept.err);
  assert.match(kept.out, new RegExp(`, 0 deleted, \\d+ unchanged, ${gone.length} kept \\(--no-delete\\)`));
  for (const rel of gone) assert.equal((await rawGet(`edits/${rel}`)).status, 200, rel);

  const dry = await runPublish(site, [`s3://${BUCKET}/edits`, '--dry-run']);
  assert.deepEqual(planned(dry, 'delete'), gone);
  const deleted = await runPublish(site, [`s3://${BUCKET}/edits`]);
  assert.equal(deleted.status, 0, deleted.err);
  assert.match(deleted.out, new RegExp(`: 0 uploaded \\(0 bytes\\), ${gone.length} deleted, ${untagged.entries.size} unchanged `));
  for (const rel of gone) assert.equal((await rawGet(`edits/${rel}`)).status, 404, rel);
  assert.deepEqual(Object.keys((await manifestOf('edits')).manifest.objects).sort(), relOf([...untagged.entries.keys()]));
});

/** Every object the manifest names is there with the bytes it was uploaded as, and the manifest is the same. */
async function assertWhole(prefix: string, previous: { text: string; manifest: Manifest }): Promise<void> {
  assert.equal((await manifestOf(prefix)).text, previous.text, 'the manifest is the previous one');
  for (const rel of Object.keys(previous.manifest.objects)) assert.equal((await rawGet(`${prefix}/${rel}`)).status, 200, rel);
}

function oneLine(run: Run, pattern: RegExp): void {
  assert.equal(run.status, 1, run.out);
  const lines = run.err.trimEnd().split('\n');
  assert.equal(lines.length, 1, run.err);
  assert.match(lines[0] as string, pattern);
}

test('wrong credentials, a missing bucket and a server gone mid-upload: one line, exit 1, the previous version whole', async () => {
  const site = bundledSite();
  assert.equal((await runPublish(site, [`s3://${BUCKET}/fail`])).status, 0);
  const previous = await manifestOf('fail');
  // Every feed of every scope changes: there is much to upload when the server goes away.
  const rain = path.join(site.posts, '2024', '2024-04-03-rain-forecast.md');
  writeFileSync(rain, readFileSync(rain, 'utf8').replace(/^title: .*$/m, 'title: 明日有雨（更正）'));

  // A wrong key id only: s3rver looks the key id up but does not verify SigV4 signatures (its
  // authentication middleware leaves version 4 unimplemented), so a wrong secret passes there. The
  // SignatureDoesNotMatch line is checked in bucket-s3-errors.test.ts.
  process.env.AWS_ACCESS_KEY_ID = 'NOT-A-KEY';
  try {
    oneLine(
      await runPublish(site, [`s3://${BUCKET}/fail`]),
      /^feedwright publish: s3:\/\/site\/fail: http:\/\/127\.0\.0\.1:\d+ refused the credentials \(InvalidAccessKeyId\).*; nothing was changed$/,
    );
  } finally {
    process.env.AWS_ACCESS_KEY_ID = S3_KEY;
  }
  oneLine(
    await runPublish(site, ['s3://no-such-bucket/fail']),
    /^feedwright publish: s3:\/\/no-such-bucket\/fail: bucket no-such-bucket does not exist at http:\/\/127\.0\.0\.1:\d+; nothing was changed$/,
  );
  await assertWhole('fail', previous);

  const relay = await startRelay(s3.endpoint, 3);
  try {
    const cut = await runPublish(site, [`s3://${BUCKET}/fail`], { AWS_ENDPOINT_URL_S3: relay.endpoint });
    oneLine(cut, /^feedwright publish: s3:\/\/site\/fail: cannot reach http:\/\/127\.0\.0\.1:\d+: .*; the previous version is still whole/);
    assert.ok(relay.counted > 3, 'the server went away after some uploads');
  } finally {
    await relay.close();
  }
  await assertWhole('fail', previous);

  // The next publish finishes the job.
  const again = await runPublish(site, [`s3://${BUCKET}/fail`]);
  assert.equal(again.status, 0, again.err);
  assert.notEqual((await manifestOf('fail')).text, previous.text);
});

test('after an upload that changed objects the CDN is purged of their public URLs and the hubs hear of the changed feeds; --no-ping; a failed purge is a warning and exit 3', async () => {
  const PUBLIC = 'https://cdn.example.org/news/';
  const purge = await purgeEndpoint();
  const refusing = await purgeEndpoint(403);
  const hub = await TestHub.start();
  const input = (purgeUrl: string): ConfigInput => ({
    diskCache: { enabled: false },
    feeds: { baseUrl: PUBLIC },
    websub: { hubs: [hub.url], retries: 0, timeoutMs: 5000 },
    publish: { purge: { url: `${purgeUrl}/purge`, body: '{"files":{{urls}}}', batch: 1000, retryDelayMs: 1 } },
  });
  const site = bundledSite(input(purge.url));
  const publicUrls = (paths: readonly string[]): string[] => paths.map((p) => new URL(p.slice(1), PUBLIC).href).sort();
  const retitle = (title: string): void => {
    const metro = path.join(site.posts, '2024-03-22-metro-line-5.md');
    writeFileSync(metro, readFileSync(metro, 'utf8').replace(/^title: .*$/m, `title: ${title}`));
  };
  try {
    // A first publish: nobody can hold an older copy from this bucket, so nothing is purged or pinged.
    const first = await runPublish(site, [`s3://${BUCKET}/told`]);
    assert.equal(first.status, 0, first.err);
    assert.doesNotMatch(first.out, /purged|pinged/);
    assert.deepEqual([purge.calls.length, hub.received.length], [0, 0]);

    const before = await snapshotOf(site);
    retitle('地铁五号线（更正）');
    const changed = changedPaths(before, await snapshotOf(site));
    const feeds = changed.filter(isFeedPath);
    const edit = await runPublish(site, [`s3://${BUCKET}/told`]);
    assert.equal(edit.status, 0, edit.err);
    assert.equal(edit.err, '');
    assert.match(
      edit.out,
      new RegExp(
        `: ${changed.length} uploaded \\(\\d+ bytes\\), 0 deleted, \\d+ unchanged, ${changed.length} URLs purged, ${feeds.length} feeds pinged at 1 hub → s3://site/told, \\d+ ms\\n$`,
      ),
    );
    assert.equal(purge.calls.length, 1);
    assert.deepEqual((JSON.parse(purge.calls[0]?.body ?? '') as { files: string[] }).files.sort(), publicUrls(changed));
    assert.deepEqual(hub.acceptedUrls(), publicUrls(feeds));

    retitle('地铁五号线（再更正）');
    const quiet = await runPublish(site, [`s3://${BUCKET}/told`, '--no-ping']);
    assert.equal(quiet.status, 0, quiet.err);
    assert.match(quiet.out, new RegExp(`, ${changed.length} URLs purged → `));
    assert.deepEqual([purge.calls.length, hub.received.length], [2, feeds.length], '--no-ping: purged, not pinged');

    // The same site, with a purge API that refuses the token: published all the same, one warning, exit 3.
    const refused = { posts: site.posts, config: testConfigFile(site.posts, input(refusing.url)) };
    retitle('地铁五号线（三更正）');
    const failed = await runPublish(refused, [`s3://${BUCKET}/told`]);
    assert.equal(failed.status, 3, failed.err);
    assert.match(
      failed.err,
      /^feedwright publish: warning: purge: POST http:\/\/127\.0\.0\.1:\d+ answered 403: .*Authentication error.*; the CDN may serve the old copies of \d+ URLs until they expire \(cache\.maxAge\)\n$/,
    );
    assert.match(failed.out, new RegExp(`: ${changed.length} uploaded .*, purge of ${changed.length} URLs failed, ${feeds.length} feeds pinged at 1 hub → `));
    assert.equal(refusing.calls.length, 1, 'a refusal is not asked again');
    assert.equal(hub.received.length, 2 * feeds.length, 'the hubs are told all the same');
  } finally {
    await purge.close();
    await refusing.close();
    await hub.close();
  }
});

test('a change of headers alone is told to the CDN (Landed.stale), not to the hubs (Landed.changed)', async () => {
  const snapshot = await snapshotOf(bundledSite());
  const target = parseTarget(`s3://${BUCKET}/headers`);
  assert.ok(typeof target !== 'string');
  const store = new S3Store(target, { endpoint: s3.endpoint, region: 'us-east-1', pathStyle: true });
  const options = { cacheControl: 'public, max-age=60', gzip: true, delete: true, concurrency: 4, dryRun: false };
  try {
    await publishSnapshot(snapshot, store, options);
    const r = await publishSnapshot(snapshot, store, { ...options, cacheControl: 'public, max-age=120' });
    assert.equal(r.uploaded, snapshot.entries.size);
    assert.deepEqual(r.changed, []);
    assert.deepEqual(r.stale, [...snapshot.entries.keys()].sort());
  } finally {
    store.close();
  }
});

test('archive pages are published as build writes them (full ones immutable), and rendered again only when what they are made of changed', async () => {
  // Small windows and pages, so that the bundled posts make archive pages in every scope with several posts.
  const site = bundledSite({ feeds: { limit: 2, archive: { pageSize: 2 } } });
  const config = loadConfig({ env: {}, overrides: { configPath: site.config } });
  const archiveOf = async (): Promise<Map<string, { bytes: Buffer; cacheControl: string | undefined }>> => {
    const snapshot = await snapshotOf(site);
    return new Map(
      renderAllArchivePages(snapshot, config)
        .filter((e) => !snapshot.entries.has(e.path))
        .map((e) => [e.path, { bytes: e.body.bytes(), cacheControl: e.cacheControl }]),
    );
  };
  const pages = await archiveOf();
  assert.ok(pages.size > 10 && [...pages.values()].some((p) => p.cacheControl?.includes('immutable')), `${pages.size} archive documents`);

  const first = await runPublish(site, [`s3://${BUCKET}/archive`]);
  assert.equal(first.status, 0, first.err);
  const documents = (await snapshotOf(site)).entries.size + pages.size;
  assert.match(first.out, new RegExp(`^feedwright publish: ${documents} uploaded `));
  for (const [urlPath, page] of pages) {
    const raw = await rawGet(`archive/${exportPath(urlPath)}`);
    assert.equal(raw.status, 200, urlPath);
    assert.ok(gunzipSync(raw.body).equals(page.bytes), urlPath);
    assert.equal(raw.headers['cache-control'], page.cacheControl ?? cacheControl(config.cache), urlPath);
  }
  const { manifest } = await manifestOf('archive');
  assert.ok(
    [...pages.keys()].every((p) => manifest.objects[exportPath(p)]?.inputs !== undefined),
    'the manifest knows what each page is made of',
  );

  assert.match((await runPublish(site, [`s3://${BUCKET}/archive`])).out, new RegExp(`: 0 uploaded \\(0 bytes\\), 0 deleted, ${documents} unchanged `));

  // An edit of the oldest post changes the archive pages that show it, and only those.
  const before = await snapshotOf(site);
  const oldest = path.join(site.posts, '2024-03-12-cpp-modules-in-practice.md');
  writeFileSync(oldest, readFileSync(oldest, 'utf8').replace(/^title: .*$/m, 'title: C++ modules, revised'));
  const edited = await archiveOf();
  const changedPages = [...edited].filter(([p, e]) => !pages.get(p)?.bytes.equals(e.bytes)).map(([p]) => p);
  assert.ok(changedPages.length > 0);
  const expected = relOf([...changedPaths(before, await snapshotOf(site)), ...changedPages]);
  const plan = await runPublish(site, [`s3://${BUCKET}/archive`, '--dry-run']);
  assert.deepEqual(planned(plan, 'upload'), expected);

  // Only the pages whose inputs changed (those that show the post) were rendered to find that out.
  const rendered: number[] = [];
  // The build key the publish above used: the same process's.
  const archive = archiveForBucket(config, await buildKey());
  const target = parseTarget(`s3://${BUCKET}/archive`);
  assert.ok(typeof target !== 'string');
  const store = new S3Store(target, { endpoint: s3.endpoint, region: 'us-east-1', pathStyle: true });
  try {
    const options = { cacheControl: cacheControl(config.cache), gzip: true, delete: true, concurrency: 4, dryRun: true };
    await publishSnapshot(await snapshotOf(site), store, {
      ...options,
      onRequest: (snapshot) => {
        const late = archive(snapshot);
        return {
          documents: late.documents,
          render: (paths) => {
            rendered.push(paths.size);
            return late.render(paths);
          },
        };
      },
    });
  } finally {
    store.close();
  }
  assert.equal(rendered.length, 1);
  assert.ok((rendered[0] as number) >= changedPages.length && (rendered[0] as number) < pages.size, `${rendered[0]} of ${pages.size} rendered`);
});

test('a publish that fails while deleting has put the new version in: exit 1, and the CDN and hubs hear of it; the next publish tells the deletions', async () => {
  const PUBLIC = 'https://cdn.example.org/';
  const purge = await purgeEndpoint();
  const hub = await TestHub.start();
  const site = bundledSite({
    diskCache: { enabled: false },
    feeds: { baseUrl: PUBLIC },
    websub: { hubs: [hub.url], retries: 0, timeoutMs: 5000 },
    publish: { purge: { url: `${purge.url}/purge`, body: '{"files":{{urls}}}', batch: 1000 } },
  });
  const publicUrls = (paths: readonly string[]): string[] => paths.map((p) => new URL(p.slice(1), PUBLIC).href).sort();
  const purged = (n: number): string[] => (JSON.parse(purge.calls[n]?.body ?? '') as { files: string[] }).files.sort();
  try {
    assert.equal((await runPublish(site, [`s3://${BUCKET}/gone`])).status, 0);
    const before = await snapshotOf(site);
    // An edit (uploads) and a tag that goes (deletions).
    const rain = path.join(site.posts, '2024', '2024-04-03-rain-forecast.md');
    writeFileSync(
      rain,
      readFileSync(rain, 'utf8')
        .replace(/^tags: 江南晨报新闻 天气$/m, 'tags: 江南晨报新闻')
        .replace(/^title: .*$/m, 'title: 明日有雨（更正）'),
    );
    const after = await snapshotOf(site);
    const changed = changedPaths(before, after);
    const uploaded = changed.filter((p) => after.entries.has(p));
    const gone = changed.filter((p) => !after.entries.has(p));
    assert.ok(uploaded.length > 0 && gone.length > 0);

    const relay = await startRelay(s3.endpoint, 0, 'DELETE');
    try {
      const cut = await runPublish(site, [`s3://${BUCKET}/gone`], { AWS_ENDPOINT_URL_S3: relay.endpoint });
      assert.equal(cut.status, 1, cut.out);
      assert.match(
        cut.err,
        /^feedwright publish: s3:\/\/site\/gone: cannot reach http:\/\/127\.0\.0\.1:\d+: .*; the new version is published; the old objects left are still in the manifest, and the next publish deletes them\n$/,
      );
    } finally {
      await relay.close();
    }
    assert.deepEqual(purged(0), publicUrls(uploaded), 'the uploads are purged');
    assert.deepEqual(hub.acceptedUrls(), publicUrls(uploaded.filter(isFeedPath)), 'and their feeds pinged');

    const next = await runPublish(site, [`s3://${BUCKET}/gone`]);
    assert.equal(next.status, 0, next.err);
    assert.match(next.out, new RegExp(`: 0 uploaded \\(0 bytes\\), ${gone.length} deleted, `));
    assert.deepEqual(purged(1), publicUrls(gone));
    assert.deepEqual(hub.acceptedUrls(), publicUrls([...uploaded, ...gone].filter(isFeedPath)));
  } finally {
    await purge.close();
    await hub.close();
  }
});
