import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import type { ConfigInput } from '../../src/config/schema.js';
import { TEST_SITE } from '../helpers/config.js';
import { PostsDir } from '../helpers/posts-dir.js';
import { documentText, snapshotOf } from '../helpers/build.js';
import { parseXml, type XmlNode } from '../helpers/xml.js';

const posts = new PostsDir();
after(() => posts.cleanup());
posts.post('a.md', { title: 'A', date: '2024-03-01 10:00:00 +0800', categories: 'news', tags: ['<b>&', '常州日报新闻'] });
posts.post('b.md', { title: 'B', date: '2024-03-05 10:00:00 +0800', categories: 'tech', extra: 'updated: 2024-04-01 08:00:00 +0800' });

async function opml(input: ConfigInput = {}): Promise<{ text: string; doc: XmlNode }> {
  const text = documentText(await snapshotOf(posts.dir, input, Date.parse('2024-06-01T00:00:00Z')), '/feeds.opml');
  return { text, doc: parseXml(text) };
}

interface Outline {
  readonly [key: string]: string | Outline | Outline[] | undefined;
}
const list = (o: unknown): Outline[] => (Array.isArray(o) ? o : o === undefined ? [] : [o]) as Outline[];

test('OPML 2.0 lists the site feed, then every category and tag in a folder each, in Atom by default', async () => {
  const { doc } = await opml();
  const root = doc.opml as { '@version': string; head: Record<string, string>; body: { outline: Outline[] } };
  assert.equal(root['@version'], '2.0');
  assert.equal(root.head.title, '测试站');
  // The newest `updated`, not the build time.
  assert.equal(root.head.dateModified, 'Mon, 01 Apr 2024 00:00:00 GMT');
  const [site, categories, tags] = root.body.outline;
  assert.deepEqual(site, {
    '@type': 'rss',
    '@text': '测试站',
    '@title': '测试站',
    '@xmlUrl': 'https://news.example.cn/atom.xml',
    '@htmlUrl': 'https://news.example.cn/',
  });
  assert.equal(categories?.['@text'], '分类');
  assert.deepEqual(
    list(categories?.outline).map((o) => [o['@text'], o['@xmlUrl'], o['@htmlUrl']]),
    [
      ['测试站 — 分类: news', 'https://news.example.cn/categories/news/atom.xml', 'https://news.example.cn/categories/news/'],
      ['测试站 — 分类: tech', 'https://news.example.cn/categories/tech/atom.xml', 'https://news.example.cn/categories/tech/'],
    ],
  );
  assert.deepEqual(
    list(tags?.outline).map((o) => [o['@title'], o['@xmlUrl']]),
    [
      ['测试站 — 标签: <b>&', 'https://news.example.cn/tags/lt-b-gt-and/atom.xml'],
      ['测试站 — 标签: 常州日报新闻', 'https://news.example.cn/tags/%E5%B8%B8%E5%B7%9E%E6%97%A5%E6%8A%A5%E6%96%B0%E9%97%BB/atom.xml'],
    ],
  );
});

test('opml.format picks the format; htmlUrl follows feeds.alternate', async () => {
  const { doc, text } = await opml({ opml: { format: 'rss' }, feeds: { alternate: { tag: '/tag/:slug.html' } } });
  assert.doesNotMatch(text, /atom\.xml|feed\.json/);
  const tags = (doc.opml as { body: { outline: Outline[] } }).body.outline[2];
  assert.equal(list(tags?.outline)[0]?.['@htmlUrl'], 'https://news.example.cn/tag/lt-b-gt-and.html');
  assert.match(text, /xmlUrl="https:\/\/news\.example\.cn\/tags\/lt-b-gt-and\/rss\.xml"/);
});

test('saved queries (queries.saved) in a folder of their own, at their own addresses; none with query feeds off', async () => {
  const saved = {
    queries: {
      saved: [
        { name: 'news-harbour', scope: '/categories/news/', query: 'q=harbour', title: 'Harbour news' },
        { name: 'all-b', query: 'q=b' },
      ],
    },
  };
  const root = (await opml(saved)).doc.opml as { body: { outline: Outline[] } };
  const folder = root.body.outline.at(-1) as Outline;
  assert.equal(folder['@text'], '保存的查询');
  assert.deepEqual(
    list(folder.outline).map((o) => [o['@title'], o['@xmlUrl'], o['@htmlUrl']]),
    [
      ['Harbour news', 'https://news.example.cn/queries/news-harbour/atom.xml', 'https://news.example.cn/categories/news/'],
      ['测试站 (q: b)', 'https://news.example.cn/queries/all-b/atom.xml', TEST_SITE],
    ],
  );
  const off = (await opml({ queries: { ...saved.queries, enabled: false } })).text;
  assert.doesNotMatch(off, /queries\//);
});
