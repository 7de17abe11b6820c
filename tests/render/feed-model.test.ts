import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import os from 'node:os';
import { FORMAT_TABLE } from '../../src/format-table.js';
import { publicUrl } from '../../src/render/urls.js';
import { testConfig } from '../helpers/config.js';
import { docsFrom, postsFrom, renderConfig, type SourcePost } from './models.js';

const NOW = Date.UTC(2030, 0, 1);

const SOURCES: readonly SourcePost[] = [
  {
    path: '2022-01-11-canal.md',
    text: '---\ntitle: 运河\ndate: 2022-01-11 09:13:28 +0800\nupdated: 2022-02-01 08:00:00 +0800\ncategories: 城市\ntags: [常州日报新闻, C++]\nauthor: 陈晓\n---\n早市。',
  },
  { path: '2022-01-20-later.md', text: '---\ntitle: 后来\ntags: [常州日报新闻]\n---\n后来的事。' },
];

const docs = docsFrom(postsFrom(SOURCES), NOW);
const get = (key: string) => {
  const d = docs.get(key);
  if (!d) throw new Error(`no scope ${key}; have ${[...docs.keys()].join(', ')}`);
  return d.model;
};

describe('feedModel: the site feed', () => {
  const site = get('site:');

  test('title, description (the title when the site has none), language and alternate', () => {
    assert.equal(site.title, '测试站');
    assert.equal(site.description, '测试站');
    assert.equal(site.language, 'zh-CN');
    assert.equal(site.alternate, 'https://news.example.cn/');
  });

  test('self URLs of each format at the root', () => {
    assert.deepEqual(site.selfUrls, {
      rss: 'https://news.example.cn/rss.xml',
      atom: 'https://news.example.cn/atom.xml',
      json: 'https://news.example.cn/feed.json',
    });
  });

  test("updated is the newest item's updated, which need not be the newest item's date", () => {
    assert.equal(site.updated.toISOString(), '2022-02-01T00:00:00.000Z');
  });

  test('the site author when the config gives none is the site title', () => {
    assert.deepEqual(site.author, { name: '测试站' });
  });

  test('ttl from cache.maxAge (300 s → 5 min)', () => {
    assert.equal(site.ttlMinutes, 5);
  });

  test('items in scope order with their fields', () => {
    assert.deepEqual(
      site.items.map((i) => [i.title, i.link, i.published.toISOString(), i.updated.toISOString(), i.author.name, i.summary]),
      [
        ['后来', 'https://news.example.cn/2022/01/20/later/', '2022-01-19T16:00:00.000Z', '2022-01-19T16:00:00.000Z', '测试站', '后来的事。'],
        ['运河', 'https://news.example.cn/%E5%9F%8E%E5%B8%82/2022/01/11/canal/', '2022-01-11T01:13:28.000Z', '2022-02-01T00:00:00.000Z', '陈晓', '早市。'],
      ],
    );
  });

  test('categories then tags, each with the URL of its taxonomy as scheme', () => {
    assert.deepEqual(site.items[1]?.categories, [
      { name: '城市', scheme: 'https://news.example.cn/categories/' },
      { name: '常州日报新闻', scheme: 'https://news.example.cn/tags/' },
      { name: 'C++', scheme: 'https://news.example.cn/tags/' },
    ]);
  });
});

describe('feedModel: category and tag feeds', () => {
  test('a tag feed is titled and described after its scope, and its URLs are percent-encoded', () => {
    const tag = get('tag:常州日报新闻');
    const dir = 'https://news.example.cn/tags/%E5%B8%B8%E5%B7%9E%E6%97%A5%E6%8A%A5%E6%96%B0%E9%97%BB/';
    assert.equal(tag.title, '测试站 — 标签: 常州日报新闻');
    assert.equal(tag.description, '标签: 常州日报新闻 — 测试站');
    assert.equal(tag.alternate, dir);
    assert.deepEqual(tag.selfUrls, { rss: `${dir}rss.xml`, atom: `${dir}atom.xml`, json: `${dir}feed.json` });
    assert.equal(tag.items.length, 2);
  });

  test('a category feed uses the category label', () => {
    const cat = get('category:城市');
    assert.equal(cat.title, '测试站 — 分类: 城市');
    assert.equal(cat.selfUrls.atom, 'https://news.example.cn/categories/%E5%9F%8E%E5%B8%82/atom.xml');
    assert.equal(cat.updated.toISOString(), '2022-02-01T00:00:00.000Z');
  });

  test('an English site has English labels', () => {
    const cfg = testConfig(os.tmpdir(), { site: { title: 'Daily', language: 'en' } });
    const model = docsFrom(postsFrom(SOURCES, cfg), NOW, cfg).get('tag:c-plus-plus')?.model;
    assert.equal(model?.title, 'Daily — Tag: C++');
    assert.equal(model?.description, 'Tag: C++ — Daily');
  });

  test('feeds.baseUrl moves the self URLs, not the site links', () => {
    const cfg = testConfig(os.tmpdir(), { feeds: { baseUrl: 'https://feeds.example.cn/news' } });
    const site = docsFrom(postsFrom(SOURCES, cfg), NOW, cfg).get('site:')?.model;
    assert.equal(site?.selfUrls.rss, 'https://feeds.example.cn/news/rss.xml');
    assert.equal(site?.alternate, 'https://news.example.cn/');
    assert.equal(site?.items[0]?.link, 'https://news.example.cn/2022/01/20/later/');
  });

  test('a configured site author is used, cleaned', () => {
    const cfg = testConfig(os.tmpdir(), { site: { author: { name: '  编辑\u0001部  ', email: 'desk@news.example.cn' } } });
    const site = docsFrom(postsFrom(SOURCES, cfg), NOW, cfg).get('site:')?.model;
    assert.deepEqual(site?.author, { name: '编辑部', email: 'desk@news.example.cn' });
    assert.deepEqual(site?.items[0]?.author, { name: '编辑部', email: 'desk@news.example.cn' });
  });
});

describe('feedModel: an empty feed', () => {
  test('updated is the epoch, never the build time', () => {
    const site = docsFrom([], NOW).get('site:')?.model;
    assert.equal(site?.updated.getTime(), 0);
    assert.deepEqual(site?.items, []);
  });
});

describe('publicUrl and the formats table', () => {
  test('file names of the three formats (the URLs subscribers have: never to change)', () => {
    assert.deepEqual(
      FORMAT_TABLE.map((f) => [f.name, f.file, f.stylesheet]),
      [
        ['rss', 'rss.xml', 'rss.xsl'],
        ['atom', 'atom.xml', 'atom.xsl'],
        ['json', 'feed.json', undefined],
      ],
    );
  });

  test('a decoded path becomes an absolute, encoded URL under feeds.baseUrl', () => {
    assert.equal(publicUrl(renderConfig(), '/tags/C 语言/feed.json'), 'https://news.example.cn/tags/C%20%E8%AF%AD%E8%A8%80/feed.json');
    assert.equal(publicUrl(renderConfig(), '/'), 'https://news.example.cn/');
  });
});
