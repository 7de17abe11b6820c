// config/alias-clash.ts keeps its own list of feedwright's fixed addresses (config cannot import the
// render or http rooms): this test holds it to what a build and the routes really serve.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { aliasClash, RESERVED_PATHS } from '../../src/config/alias-clash.js';
import { STATUS_PATHS } from '../../src/http/probes.js';
import { METRICS_PATH } from '../../src/http/route-kind.js';
import { WEBHOOK_PATH } from '../../src/triggers/webhook.js';
import { snapshotOf } from '../helpers/build.js';
import { PostsDir } from '../helpers/posts-dir.js';

test('every fixed path a build or a route serves is reserved', async () => {
  const posts = new PostsDir();
  posts.post('2024-01-01-a.md', { title: 'A', categories: 'news', tags: ['t'], extra: 'author: 李明' });
  const snapshot = await snapshotOf(posts.dir, { feeds: { authors: true } }, Date.UTC(2025, 0, 1));
  // Scope folders hold names only known at build time; the rest is fixed.
  const fixed = [...snapshot.entries.keys()].filter((p) => !/^\/(categories|tags|authors)\/[^/]+\//.test(p));
  assert.ok(fixed.includes('/authors/'));
  const missing = fixed.filter((p) => !RESERVED_PATHS.has(p) && !p.startsWith('/assets/'));
  assert.deepEqual(missing, []);
  for (const route of [...STATUS_PATHS, METRICS_PATH, WEBHOOK_PATH]) assert.ok(RESERVED_PATHS.has(route), route);
});

test('clashes: a reserved path, a scope folder’s own file, or one path twice', () => {
  assert.match(aliasClash([{ path: '/feeds.opml', scope: 'site' }])?.why ?? '', /one of feedwright's own/);
  assert.match(aliasClash([{ path: '/assets/x.xml', scope: 'site' }])?.why ?? '', /one of feedwright's own/);
  assert.match(aliasClash([{ path: '/tags/:slug/atom.xml', scope: 'tag' }])?.why ?? '', /each scope's own atom\.xml/);
  assert.match(aliasClash([{ path: '/authors/:slug/rss.xml', scope: 'author' }])?.why ?? '', /each scope's own rss\.xml/);
  assert.equal(
    aliasClash([
      { path: '/feed.xml', scope: 'site' },
      { path: '/feed.xml', scope: 'site' },
    ])?.key,
    'feeds.aliases.1.path',
  );
  assert.equal(
    aliasClash([
      { path: '/tags/:slug/index.xml', scope: 'tag' },
      { path: '/index.xml', scope: 'site' },
    ]),
    undefined,
  );
});
