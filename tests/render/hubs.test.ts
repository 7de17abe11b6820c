// WebSub hub links in every format (src/render/feed-quirks.ts `withHubLinks`, json-feed.ts `hubs`), and
// hubs as build inputs: changing them re-renders every feed.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import type { Config } from '../../src/config/schema.js';
import { scanPosts } from '../../src/posts/scan.js';
import { withHubLinks } from '../../src/render/feed-quirks.js';
import { buildSnapshot } from '../../src/snapshot/build.js';
import { changedPaths, type Snapshot } from '../../src/snapshot/snapshot.js';
import { scanOptionsFrom } from '../../src/triggers/rescan.js';
import { testConfig } from '../helpers/config.js';
import { PostsDir } from '../helpers/posts-dir.js';
import { validateFeeds } from '../helpers/validate.js';
import { parseXml, type XmlNode } from '../helpers/xml.js';

const NOW = Date.parse('2024-06-01T00:00:00Z');
const HUBS = ['https://hub.example.net/', 'https://push.example.org/hub?topic=a&b=1'];

const posts = new PostsDir();
after(() => posts.cleanup());
posts.post('a.md', { title: 'A & B', date: '2024-03-01 10:00:00 +0800', categories: 'news', tags: ['C++', '常州日报新闻'] });
posts.post('b.md', { title: 'B', date: '2024-03-02 10:00:00 +0800', categories: 'tech' });

async function build(config: Config, previous?: Awaited<ReturnType<typeof buildSnapshot>>['cache']) {
  const scan = await scanPosts(scanOptionsFrom(config));
  return buildSnapshot({ posts: scan.posts, config, now: NOW }, previous);
}

const text = (s: Snapshot, path: string): string => s.entries.get(path)?.identity.body.toString('utf8') ?? '';

function links(node: unknown): { rel: string; href: string }[] {
  const list = Array.isArray(node) ? node : [node];
  return list.map((l: XmlNode) => ({ rel: String(l['@rel']), href: String(l['@href']) }));
}

test('every feed names every hub beside its self link, and still validates', async () => {
  const { snapshot } = await build(testConfig(posts.dir, { websub: { hubs: HUBS } }));
  assert.ok(snapshot.entries.size > 0);
  for (const path of snapshot.entries.keys()) {
    const body = text(snapshot, path);
    if (path.endsWith('rss.xml')) {
      const channel = (parseXml(body) as { rss: { channel: XmlNode } }).rss.channel;
      const all = links(channel['atom:link']);
      assert.deepEqual(all.map((l) => l.rel), ['self', 'hub', 'hub'], path);
      assert.deepEqual(all.filter((l) => l.rel === 'hub').map((l) => l.href), HUBS);
    } else if (path.endsWith('atom.xml')) {
      const feed = (parseXml(body) as { feed: XmlNode }).feed;
      const all = links(feed.link);
      assert.deepEqual(all.map((l) => l.rel), ['alternate', 'self', 'hub', 'hub'], path);
      assert.deepEqual(all.filter((l) => l.rel === 'hub').map((l) => l.href), HUBS);
    } else {
      const json = JSON.parse(body) as { hubs: unknown; feed_url: string };
      assert.deepEqual(json.hubs, HUBS.map((url) => ({ type: 'WebSub', url })), path);
    }
  }
  // The `&` in a hub URL is escaped once in XML, as the parser's round trip above shows; the raw bytes too.
  assert.match(text(snapshot, '/atom.xml'), /<link rel="hub" href="https:\/\/push\.example\.org\/hub\?topic=a&amp;b=1"\/>/);
  const report = validateFeeds(Object.fromEntries([...snapshot.entries].map(([p, e]) => [p, e.identity.body])));
  assert.equal(report.errors, 0, report.output);
});

test('without hubs nothing about hubs is written', async () => {
  const { snapshot } = await build(testConfig(posts.dir));
  for (const path of snapshot.entries.keys()) {
    assert.doesNotMatch(text(snapshot, path), /rel="hub"|"hubs"/, path);
  }
});

test('hubs are build inputs: changing them re-renders and changes every feed', async () => {
  const plain = await build(testConfig(posts.dir));
  const withHubs = await build(testConfig(posts.dir, { websub: { hubs: HUBS } }), plain.cache);
  assert.equal(withHubs.stats.reused, 0);
  assert.deepEqual(changedPaths(plain.snapshot, withHubs.snapshot), [...plain.snapshot.entries.keys()]);
  const again = await build(testConfig(posts.dir, { websub: { hubs: HUBS } }), withHubs.cache);
  assert.equal(again.stats.rendered, 0);
});

test('withHubLinks refuses a document without a self link rather than drop the hubs', () => {
  assert.throws(() => withHubLinks('<feed>\n    <link rel="alternate" href="x"/>\n</feed>', 'link', HUBS), /no <link rel="self">/);
  assert.equal(withHubLinks('<feed/>', 'link', []), '<feed/>');
});
