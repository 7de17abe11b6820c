// A query feed's model (src/render/query-feed.ts): retitled with what it asks, self links that name the
// canonical query (a saved one its own address), stylesheets from its folder, an empty one dated by its
// scope; saved queries made from the config, a scope the snapshot lacks standing in empty.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FORMATS } from '../../src/render/formats.js';
import { queryFeedModel, savedQuerySpec, standInScope, type QueryFeedSpec } from '../../src/render/query-feed.js';
import { buildScopes, scopeDir } from '../../src/scopes/scopes.js';
import type { Post } from '../../src/posts/post.js';
import { testConfig } from '../helpers/config.js';

const config = testConfig('/srv/posts', {
  queries: {
    saved: [
      { name: 'harbour', scope: '/tags/harbour/', query: 'q=Ferry&limit=3', title: 'Ferries' },
      { name: 'gone', scope: '/tags/gone/', query: 'q=x' },
    ],
  },
});
const atom = FORMATS.find((f) => f.name === 'atom') ?? assert.fail();
const T = Date.UTC(2024, 2, 1);
const post: Post = {
  path: 'a.md',
  hash: 'h',
  title: 'A',
  date: T,
  updated: T + 1000,
  categories: [],
  tags: ['Harbour'],
  author: undefined,
  excerpt: undefined,
  link: 'https://news.example.cn/a/',
  id: 'https://news.example.cn/a/',
  image: undefined,
};
const scopes = buildScopes([post], T + 86_400_000);
const index = new Map(scopes.map((s) => [scopeDir(s), s]));
const site = index.get('/') ?? assert.fail();

test("an ad hoc query feed: the scope's title with the query, self links with the canonical query, no epoch when empty", () => {
  const spec: QueryFeedSpec = {
    path: '/atom.xml',
    scope: site,
    format: atom,
    query: { category: [], tag: ['harbour'], author: [], match: 'all', terms: [{ text: 'ferry', exclude: false }], in: 'all', since: undefined, limit: 20 },
    canonical: 'tag=harbour&q=ferry',
  };
  const model = queryFeedModel(spec, [], config);
  assert.equal(model.title, '测试站 (tag: harbour · q: ferry)');
  assert.equal(model.description, 'tag: harbour · q: ferry — 测试站');
  assert.deepEqual(model.selfUrls, {
    rss: 'https://news.example.cn/rss.xml?tag=harbour&q=ferry',
    atom: 'https://news.example.cn/atom.xml?tag=harbour&q=ferry',
    json: 'https://news.example.cn/feed.json?tag=harbour&q=ferry',
  });
  assert.equal(model.stylesheets.atom, 'atom.xsl');
  assert.equal(model.updated.getTime(), T + 1000, "an empty feed is dated by its scope's newest post");
});

test('a saved query: its own address and title, the stylesheet from its folder, names resolved', () => {
  const spec = savedQuerySpec(config.queries.saved[0] ?? assert.fail(), index, atom, config);
  assert.ok(!('reason' in spec));
  assert.equal(spec.path, '/queries/harbour/atom.xml');
  assert.equal(spec.scope.slug, 'harbour');
  assert.equal(spec.canonical, 'q=ferry&limit=3');
  const model = queryFeedModel(spec, [], config);
  assert.equal(model.title, 'Ferries');
  assert.equal(model.selfUrls.atom, 'https://news.example.cn/queries/harbour/atom.xml');
  assert.equal(model.stylesheets.atom, '../../atom.xsl');
  assert.equal(model.alternate, 'https://news.example.cn/tags/harbour/');
});

test('a saved query whose scope the snapshot lacks stands in empty; one whose date cannot be read says why', () => {
  const gone = savedQuerySpec(config.queries.saved[1] ?? assert.fail(), index, atom, config);
  assert.ok(!('reason' in gone));
  assert.deepEqual(gone.scope, { kind: 'tag', key: 'gone', name: 'gone', slug: 'gone', posts: [] });
  assert.deepEqual(standInScope('/'), { kind: 'site', key: '', name: '', slug: '', posts: [] });
  const bad = savedQuerySpec({ name: 'bad', scope: '/', query: 'since=2024-02-31' }, index, atom, config);
  assert.ok('reason' in bad && /since must be a date/.test(bad.reason));
});
