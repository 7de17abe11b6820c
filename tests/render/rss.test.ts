import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeHTML } from 'entities';
import { renderRss } from '../../src/render/rss.js';
import { list, parseXml, rssItems, text, type XmlNode } from '../helpers/xml.js';
import { docFrom, handDoc, handItem, renderRssDoc } from './models.js';
import { xmlProblems } from './well-formed.js';

const SOURCES = [
  {
    path: '2022-01-11-canal.md',
    text: [
      '---',
      'title: 运河边的早市',
      'date: 2022-01-11 09:13:28 +0800',
      'updated: 2022-01-12 10:00:00 +0800',
      'categories: 城市',
      'tags: [常州日报新闻, 夜市]',
      'image: /img/canal.png',
      'author: {name: 陈晓, email: chen@news.example.cn}',
      '---',
      '**早市**开张。',
    ].join('\n'),
  },
  { path: '2022-01-10-plain.md', text: '---\ntitle: Plain\nimage: /img/photo\n---\nNo author, an image without extension.' },
];

const xml = renderRssDoc(docFrom(SOURCES));
const channel = (parseXml(xml) as { rss: { channel: XmlNode } }).rss.channel;
const [canal, plain] = rssItems(xml);

describe('renderRss: channel', () => {
  test('well-formed, RSS 2.0 with the content, dc, atom and Media RSS namespaces', () => {
    assert.equal(xmlProblems(xml), '');
    assert.match(
      xml,
      /^<\?xml version="1\.0" encoding="utf-8"\?>\n<\?xml-stylesheet href="rss\.xsl" type="text\/xsl"\?>\n<rss version="2\.0" xmlns:dc="http:\/\/purl\.org\/dc\/elements\/1\.1\/" xmlns:content="http:\/\/purl\.org\/rss\/1\.0\/modules\/content\/" xmlns:atom="http:\/\/www\.w3\.org\/2005\/Atom" xmlns:media="http:\/\/search\.yahoo\.com\/mrss\/">/,
    );
  });

  test('title, link, description, language and ttl', () => {
    assert.equal(text(channel.title), '测试站');
    assert.equal(text(channel.link), 'https://news.example.cn/');
    assert.equal(text(channel.description), '测试站');
    assert.equal(text(channel.language), 'zh-CN');
    assert.equal(text(channel.ttl), '5');
  });

  test('lastBuildDate is the newest item’s updated time', () => {
    assert.equal(text(channel.lastBuildDate), 'Wed, 12 Jan 2022 02:00:00 GMT');
  });

  test('atom:link rel=self with the feed’s URL and type', () => {
    assert.deepEqual(list(channel['atom:link']), [{ '@href': 'https://news.example.cn/rss.xml', '@rel': 'self', '@type': 'application/rss+xml' }]);
  });

  test('no generator and no pubDate of its own', () => {
    assert.equal(channel.generator, undefined);
    assert.equal(channel.pubDate, undefined);
  });
});

describe('renderRss: items', () => {
  test('title, link and guid (the id)', () => {
    assert.equal(text(canal?.title), '运河边的早市');
    assert.equal(text(canal?.link), 'https://news.example.cn/%E5%9F%8E%E5%B8%82/2022/01/11/canal/');
    assert.equal(text(canal?.guid), 'https://news.example.cn/%E5%9F%8E%E5%B8%82/2022/01/11/canal/');
  });

  test('pubDate is the published time, not the updated time', () => {
    assert.equal(text(canal?.pubDate), 'Tue, 11 Jan 2022 01:13:28 GMT');
  });

  test('description is the summary, escaped as HTML; content:encoded is the HTML', () => {
    assert.equal(decodeHTML(text(canal?.description)), '早市开张。');
    assert.equal(text(canal?.['content:encoded']), '<p><strong>早市</strong>开张。</p>');
  });

  test('categories then tags, each with its taxonomy as domain', () => {
    assert.deepEqual(
      list(canal?.category).map((c) => [text(c), c['@domain']]),
      [
        ['城市', 'https://news.example.cn/categories/'],
        ['常州日报新闻', 'https://news.example.cn/tags/'],
        ['夜市', 'https://news.example.cn/tags/'],
      ],
    );
  });

  test('an image with a known type is an enclosure', () => {
    assert.deepEqual(canal?.enclosure, { '@length': '0', '@type': 'image/png', '@url': 'https://news.example.cn/img/canal.png' });
  });

  test('an image whose type is unknown is left out rather than given a made-up type', () => {
    assert.equal(plain?.enclosure, undefined);
  });

  test('a post without author gets the site author, as dc:creator', () => {
    assert.equal(text(plain?.['dc:creator']), '测试站');
    assert.equal(plain?.author, undefined);
  });

  test('a summary that looks like markup stays text', () => {
    const out = renderRssDoc(handDoc([handItem('x', { summary: '<b>不是标签</b> & more' })]));
    assert.equal(decodeHTML(text(rssItems(out)[0]?.description)), '<b>不是标签</b> & more');
  });

  test('an id with & round-trips in the guid', () => {
    const out = renderRssDoc(handDoc([handItem('q', { id: 'https://news.example.cn/?p=1&amp;q=2&r=3' })]));
    assert.equal(text(rssItems(out)[0]?.guid), 'https://news.example.cn/?p=1&amp;q=2&r=3');
  });
});

describe('renderRss: the skeleton', () => {
  test('has one placeholder per item where content:encoded goes, and no content itself', () => {
    const doc = handDoc([handItem('a', { html: '<p>甲</p>' }), handItem('b', { html: '<p>乙</p>' })]);
    const skeleton = renderRss(doc.model);
    assert.doesNotMatch(skeleton, /<p>甲<\/p>/);
    // Between U+0003 marks (placeholder()), the item indexes and nothing else.
    assert.deepEqual(
      skeleton.split('\u0003').filter((_, i) => i % 2 === 1),
      ['0', '1'],
    );
    assert.deepEqual(
      rssItems(renderRssDoc(doc)).map((i) => text(i['content:encoded'])),
      ['<p>甲</p>', '<p>乙</p>'],
    );
  });
});
