// Making one query feed (src/snapshot/query-job.ts): each post read once for its text and its item, the
// kept feed the answer (nothing more read) when what it shows did not change, and a feed made while a
// file could not be read marked not to be kept.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import type { Post } from '../../src/posts/post.js';
import { scanOptionsFrom } from '../../src/posts/options.js';
import { FORMATS } from '../../src/render/formats.js';
import type { QueryFeedSpec } from '../../src/render/query-feed.js';
import { prepare } from '../../src/archives/archive-cache.js';
import type { PreparedForms } from '../../src/snapshot/archives.js';
import { makeQueryFeed, makeQueryFeedNow, type QueryReading } from '../../src/snapshot/query-job.js';
import type { Scope } from '../../src/scopes/scopes.js';
import { freshSnapshot } from '../helpers/build.js';
import { testConfig } from '../helpers/config.js';
import { PostsDir } from '../helpers/posts-dir.js';
import { atomEntries, text } from '../helpers/xml.js';

const posts = new PostsDir();
after(() => posts.cleanup());
for (let n = 0; n < 8; n++)
  posts.post(`p${n}.md`, { title: `Story ${n}`, date: `2024-03-0${n + 1} 10:00:00 +0800`, body: n % 3 === 0 ? '<p>a harbour story</p>' : '<p>nothing</p>' });
const config = testConfig(posts.dir);
const atom = FORMATS.find((f) => f.name === 'atom') ?? assert.fail();

async function setup(): Promise<{ index: ReadonlyMap<string, Scope>; spec: QueryFeedSpec; reading: QueryReading; asked: string[] }> {
  const { snapshot } = await freshSnapshot(config, Date.now());
  const index = snapshot.scopeIndex ?? assert.fail('no scope index');
  const asked: string[] = [];
  const reading: QueryReading = {
    prepare: (list: readonly Post[]) => {
      asked.push(...list.map((p) => p.path));
      return prepare(scanOptionsFrom(config), config, list);
    },
    texts: new Map<string, string>(),
    forms: new Map<string, PreparedForms>(),
  };
  const spec: QueryFeedSpec = {
    path: '/atom.xml',
    scope: index.get('/') ?? assert.fail(),
    format: atom,
    query: { category: [], tag: [], author: [], match: 'all', terms: [{ text: 'harbour', exclude: false }], in: 'content', since: undefined, limit: 20 },
    canonical: 'q=harbour&in=content',
  };
  return { index, spec, reading, asked };
}

test('each post is read once, for its text and its item; a second making reads nothing', async () => {
  const { index, spec, reading, asked } = await setup();
  const made = makeQueryFeedNow(spec, index, reading, config);
  assert.deepEqual(
    atomEntries(made.entry.body.bytes().toString('utf8')).map((e) => text(e.title)),
    ['Story 6', 'Story 3', 'Story 0'],
  );
  assert.equal(asked.length, 8);
  assert.equal(new Set(asked).size, 8);
  assert.ok(made.exact && made.rendered);
  const again = makeQueryFeedNow(spec, index, reading, config);
  assert.equal(asked.length, 8);
  assert.equal(again.entry.etags.identity, made.entry.etags.identity);
});

test('the kept feed, when what it shows did not change, is the answer itself', async () => {
  const { index, spec, reading } = await setup();
  const made = makeQueryFeedNow(spec, index, reading, config);
  const job = makeQueryFeed(spec, index, reading, config, made);
  let step = job.next();
  while (!step.done) step = job.next();
  assert.equal(step.value.entry, made.entry);
  assert.equal(step.value.rendered, false);
});

test('a file that went since the scan: the feed leaves its post out and is not to be kept', async () => {
  const { index, spec, reading } = await setup();
  posts.remove('p6.md');
  try {
    const made = makeQueryFeedNow(spec, index, reading, config);
    assert.deepEqual(
      atomEntries(made.entry.body.bytes().toString('utf8')).map((e) => text(e.title)),
      ['Story 3', 'Story 0'],
    );
    assert.equal(made.exact, false);
  } finally {
    posts.post('p6.md', { title: 'Story 6', date: '2024-03-07 10:00:00 +0800', body: '<p>a harbour story</p>' });
  }
});
