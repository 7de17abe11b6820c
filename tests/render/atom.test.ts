import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeHTML } from 'entities';
import { atomEntries, list, parseXml, text, type XmlNode } from '../helpers/xml.js';
import { docFrom, handDoc, handItem, renderAtomDoc } from './models.js';
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
      'tags: [常州日报新闻]',
      'image: /img/canal.png',
      'author: {name: 陈晓, email: chen@news.example.cn, url: /authors/chen/}',
      '---',
      '**早市**开张。',
    ].join('\n'),
  },
  { path: '2022-01-10-jpg.md', text: '---\ntitle: JPG\nimage: /img/lantern.jpg\n---\nA photo.' },
];

const xml = renderAtomDoc(docFrom(SOURCES));
const feed = (parseXml(xml) as { feed: XmlNode }).feed;
const [canal, jpg] = atomEntries(xml);

describe('renderAtom: feed', () => {
  test('well-formed, in the Atom namespace', () => {
    assert.equal(xmlProblems(xml), '');
    assert.equal(feed['@xmlns'], 'http://www.w3.org/2005/Atom');
  });

  test('id is the feed’s own URL; title, subtitle', () => {
    assert.equal(text(feed.id), 'https://news.example.cn/atom.xml');
    assert.equal(text(feed.title), '测试站');
    assert.equal(text(feed.subtitle), '测试站');
  });

  test('updated is the newest item’s updated time', () => {
    assert.equal(text(feed.updated), '2022-01-12T02:00:00.000Z');
  });

  test('alternate and self links', () => {
    assert.deepEqual(list(feed.link), [
      { '@rel': 'alternate', '@href': 'https://news.example.cn/' },
      { '@rel': 'self', '@href': 'https://news.example.cn/atom.xml' },
    ]);
  });

  test('the site author; no generator', () => {
    assert.equal(text(list(feed.author)[0]?.name), '测试站');
    assert.equal(feed.generator, undefined);
  });
});

describe('renderAtom: entries', () => {
  test('id, alternate link, published and updated', () => {
    assert.equal(text(canal?.id), 'https://news.example.cn/%E5%9F%8E%E5%B8%82/2022/01/11/canal/');
    assert.equal(list(canal?.link)[0]?.['@href'], 'https://news.example.cn/%E5%9F%8E%E5%B8%82/2022/01/11/canal/');
    assert.equal(text(canal?.published), '2022-01-11T01:13:28.000Z');
    assert.equal(text(canal?.updated), '2022-01-12T02:00:00.000Z');
  });

  test('the title is type="text"; the summary type="html", decoding to the plain text', () => {
    assert.ok(canal);
    assert.equal((canal.title as XmlNode)['@type'], 'text');
    assert.equal(text(canal.title), '运河边的早市');
    assert.equal((canal.summary as XmlNode)['@type'], 'html');
    assert.equal(decodeHTML(text(canal.summary)), '早市开张。');
  });

  test('content is the HTML, type="html"', () => {
    assert.ok(canal);
    assert.equal((canal.content as XmlNode)['@type'], 'html');
    assert.equal(text(canal.content), '<p><strong>早市</strong>开张。</p>');
  });

  test('author with name, email and uri', () => {
    const [author] = list(canal?.author);
    assert.equal(text(author?.name), '陈晓');
    assert.equal(text(author?.email), 'chen@news.example.cn');
    assert.equal(text(author?.uri), 'https://news.example.cn/authors/chen/');
  });

  test('categories then tags, with term and scheme', () => {
    assert.deepEqual(
      list(canal?.category).map((c) => [c['@term'], c['@scheme']]),
      [
        ['城市', 'https://news.example.cn/categories/'],
        ['常州日报新闻', 'https://news.example.cn/tags/'],
      ],
    );
  });

  test('a .png image is an enclosure link with its type', () => {
    assert.deepEqual(list(canal?.link)[1], { '@rel': 'enclosure', '@href': 'https://news.example.cn/img/canal.png', '@type': 'image/png' });
  });

  test('no enclosure is ever written with a wrong type (feed would say image/jpg)', () => {
    assert.doesNotMatch(xml, /type="image\/jpg"/);
  });

  test('a .jpg image is an enclosure too, typed image/jpeg (issue 3: every item has its image if given)', () => {
    assert.deepEqual(list(jpg?.link)[1], { '@rel': 'enclosure', '@href': 'https://news.example.cn/img/lantern.jpg', '@type': 'image/jpeg' });
  });

  test('a post without author gets the site author', () => {
    assert.deepEqual(
      list(jpg?.author).map((a) => text(a.name)),
      ['测试站'],
    );
  });

  test('a link with & round-trips in href and id', () => {
    const link = 'https://news.example.cn/2022/01/11/Q&A/';
    const out = renderAtomDoc(handDoc([handItem('qa', { link, id: link })]));
    assert.equal(xmlProblems(out), '');
    const [entry] = atomEntries(out);
    assert.equal(text(entry?.id), link);
    assert.equal(list(entry?.link)[0]?.['@href'], link);
  });

  test('an empty body still gives a well-formed entry', () => {
    const out = renderAtomDoc(handDoc([handItem('empty', { html: '', summary: '' })]));
    assert.equal(xmlProblems(out), '');
    assert.equal(atomEntries(out).length, 1);
  });
});
