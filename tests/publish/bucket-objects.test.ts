// What each document becomes in the bucket: its key, and gzip or identity by publish.gzip.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { wantedObjects, storedBytes } from '../../src/publish/bucket/objects.js';
import { snapshotOf } from '../helpers/build.js';

const BUNDLED = path.resolve(import.meta.dirname, '../../posts');
const NOW = Date.UTC(2025, 0, 1);

test('keys are the paths build writes; gzip: true, false, or only the paths a pattern matches', async () => {
  const snapshot = await snapshotOf(BUNDLED, { diskCache: { enabled: false } }, NOW);
  const all = wantedObjects(snapshot.entries.values(), 'public, max-age=300, stale-while-revalidate=60', true);
  assert.equal(all.size, snapshot.entries.size);
  assert.ok(all.has('index.html') && all.has('feeds.opml') && all.has('rss.xml'));
  assert.ok([...all.values()].every((o) => o.record.contentEncoding === 'gzip'));

  const none = wantedObjects(snapshot.entries.values(), 'x', false);
  const page = none.get('index.html');
  assert.ok(page);
  assert.equal(page.record.contentEncoding, undefined);
  assert.ok((await storedBytes(page)).equals(page.entry.body.bytes()));
  assert.equal(page.record.metadata['content-security-policy'], page.entry.headers?.['Content-Security-Policy']);

  // Feeds compressed, pages and assets not (a CDN that compresses HTML itself, say).
  const feeds = wantedObjects(snapshot.entries.values(), 'x', ['**/*.xml', '**/*.json']);
  for (const [rel, o] of feeds) assert.equal(o.record.contentEncoding, /\.(xml|json)$/.test(rel) ? 'gzip' : undefined, rel);
});
