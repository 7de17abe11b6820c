// WebSub hub links in every format (feed-quirks.ts `withHubLinks` on the RSS and Atom skeletons,
// json-feed.ts `hubs`), and hubs as build inputs: changing them re-renders every feed.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import type { FormatName } from '../../src/config/schema.js';
import { withHubLinks } from '../../src/render/feed-quirks.js';
import { isFeedPath } from '../../src/snapshot/feeds.js';
import { bytesOf, freshSnapshot, testRescanner } from '../helpers/build.js';
import { testConfig } from '../helpers/config.js';
import { PostsDir } from '../helpers/posts-dir.js';
import { validateFeeds } from '../helpers/validate.js';
import { parseXml, type XmlNode } from '../helpers/xml.js';
import { handDoc, handItem, render } from './models.js';
import { xmlProblems } from './well-formed.js';

const NOW = Date.parse('2024-06-01T00:00:00Z');
const HUBS = ['https://hub.example.net/', 'https://push.example.org/hub?topic=a&b=1'];

function links(node: unknown): { rel: string; href: string }[] {
  const list = Array.isArray(node) ? node : [node];
  return list.map((l: XmlNode) => ({ rel: String(l['@rel']), href: String(l['@href']) }));
}

/** The rel of every feed-level link in document order and the hubs' hrefs; for JSON Feed, its `hubs`. */
function hubsIn(format: FormatName, body: string): { rels: string[]; hubs: unknown } {
  if (format === 'json') return { rels: [], hubs: (JSON.parse(body) as { hubs?: unknown }).hubs };
  const all =
    format === 'rss'
      ? links((parseXml(body) as { rss: { channel: XmlNode } }).rss.channel['atom:link'])
      : links((parseXml(body) as { feed: XmlNode }).feed.link);
  return { rels: all.map((l) => l.rel), hubs: all.filter((l) => l.rel === 'hub').map((l) => l.href) };
}

const EXPECTED: Readonly<Record<FormatName, { rels: string[]; hubs: unknown }>> = {
  rss: { rels: ['self', 'hub', 'hub'], hubs: HUBS },
  atom: { rels: ['alternate', 'self', 'hub', 'hub'], hubs: HUBS },
  json: { rels: [], hubs: HUBS.map((url) => ({ type: 'WebSub', url })) },
};

const formatOf = (path: string): FormatName => (path.endsWith('rss.xml') ? 'rss' : path.endsWith('atom.xml') ? 'atom' : 'json');

describe('hub links in the rendered documents', () => {
  // Content with lines that look like a self link: it is spliced in after the hub links are placed, so
  // they can never land inside it, and it comes out byte for byte.
  const html = '<p>正文</p>\n<link rel="self" href="https://evil.example/"/>\n<atom:link rel="self" href="x"/>';
  const doc = handDoc([handItem('a', { html })], { hubs: HUBS });

  for (const format of ['rss', 'atom', 'json'] as const) {
    test(`${format}: every hub, beside the self link; the content untouched`, () => {
      const out = render(format, doc);
      assert.deepEqual(hubsIn(format, out), EXPECTED[format]);
      if (format !== 'json') assert.equal(xmlProblems(out), '');
      assert.equal(out.split('rel="hub"').length - 1, format === 'json' ? 0 : HUBS.length);
      assert.ok(out.includes(format === 'json' ? JSON.stringify(html).slice(1, -1) : html));
    });
  }

  test('the `&` in a hub URL is escaped once in XML', () => {
    assert.match(render('atom', doc), /<link rel="hub" href="https:\/\/push\.example\.org\/hub\?topic=a&amp;b=1"\/>/);
    assert.match(render('rss', doc), /<atom:link href="https:\/\/push\.example\.org\/hub\?topic=a&amp;b=1" rel="hub"\/>/);
  });

  test('withHubLinks refuses a document without a self link rather than drop the hubs', () => {
    assert.throws(() => withHubLinks('<feed>\n    <link rel="alternate" href="x"/>\n</feed>', 'link', HUBS), /no <link rel="self">/);
    assert.equal(withHubLinks('<feed/>', 'link', []), '<feed/>');
  });
});

describe('hubs through the snapshot', () => {
  const posts = new PostsDir();
  after(() => posts.cleanup());
  posts.post('a.md', { title: 'A & B', date: '2024-03-01 10:00:00 +0800', categories: 'news', tags: ['C++', '常州日报新闻'] });
  posts.post('b.md', { title: 'B', date: '2024-03-02 10:00:00 +0800', categories: 'tech' });
  const plain = testConfig(posts.dir);
  const withHubs = testConfig(posts.dir, { websub: { hubs: HUBS } });

  test('every feed of every scope names every hub, and still validates', async () => {
    const all = bytesOf((await freshSnapshot(withHubs, NOW)).snapshot);
    const docs = Object.fromEntries(Object.entries(all).filter(([path]) => isFeedPath(path)));
    assert.equal(Object.keys(docs).length, 5 * 3);
    for (const [path, body] of Object.entries(docs)) assert.deepEqual(hubsIn(formatOf(path), body), EXPECTED[formatOf(path)], path);
    const report = validateFeeds(docs);
    assert.equal(report.errors, 0, report.output);
  });

  test('without hubs nothing about hubs is written', async () => {
    for (const [path, body] of Object.entries(bytesOf((await freshSnapshot(plain, NOW)).snapshot))) {
      assert.doesNotMatch(body, /rel="hub"|"hubs"/, path);
    }
  });

  test('hubs are build inputs: changing them re-renders and changes every feed', async () => {
    const clock = { now: NOW };
    const first = testRescanner(plain, clock);
    // The rescanners below start with no file cache, so each builds, on the snapshot the last one left.
    const hubbed = testRescanner(withHubs, clock, first.store);
    const again = testRescanner(withHubs, clock, first.store);
    try {
      await first.rescanner.trigger('test');
      const start = first.store.current;
      assert.ok(start);
      const changed = await hubbed.rescanner.trigger('test');
      // Every document is rendered again (the config is an input of all), but only the feeds' bytes change.
      assert.equal(changed.rendered, start.entries.size);
      assert.deepEqual(changed.changed, [...start.entries.keys()].filter(isFeedPath));
      const same = await again.rescanner.trigger('test');
      assert.equal(same.rendered, 0);
      assert.deepEqual(same.changed, []);
    } finally {
      await Promise.all([first, hubbed, again].map((r) => r.rescanner.close()));
    }
  });
});
