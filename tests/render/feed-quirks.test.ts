// The traps of `feed` 6.0.0 listed in issue 3, one describe each, checked on what the renderers write.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { decodeHTML } from 'entities';
import { charClass, XML_FORBIDDEN } from '../../src/posts/text.js';
import { finishXml, forCdata, forRawAttr, forSanitizedAttr, forText, imageType, textAsHtml, textTitles } from '../../src/render/feed-quirks.js';
import { atomEntries, list, parseXml, rssItems, text, type XmlNode } from '../helpers/xml.js';
import { docFrom, handDoc, handItem, renderAtomDoc as renderAtom, renderJsonDoc as renderJsonFeed, renderRssDoc as renderRss } from './models.js';
import { xmlProblems } from './well-formed.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/posts');

interface JsonFeed {
  version: string;
  title: string;
  language: string;
  authors: { name: string; url?: string }[];
  items: { id?: string; title: string; authors?: { name: string }[]; tags?: string[]; [key: string]: unknown }[];
  [key: string]: unknown;
}

const json = (s: string): JsonFeed => JSON.parse(s) as JsonFeed;

describe('xmlProblems (the strict checker the traps are judged by)', () => {
  test('accepts a well-formed document', () => {
    assert.equal(xmlProblems('<a b="&lt;"><![CDATA[x]]]]><![CDATA[>y]]></a>'), '');
  });

  test('catches each trap in its raw form', () => {
    assert.match(xmlProblems('<a><![CDATA[x]]>y]]></a>'), /\]\]>/);
    assert.match(xmlProblems('<a b="<"/>'), /Unescaped '<'/);
    assert.match(xmlProblems('<a>\u0001</a>'), /invalid Char/);
    assert.match(xmlProblems('<a>\uFFFE</a>'), /0xFFFE/);
    assert.match(xmlProblems('<a>\uFFFF</a>'), /0xFFFF/);
    assert.match(xmlProblems('<a><dc:creator>x</dc:creator></a>'), /Namespace prefix dc/);
  });
});

describe('feed-quirks helpers', () => {
  test('forText escapes & so that xml-js turning &amp; back into & is undone exactly', () => {
    assert.equal(forText('AT&amp;T & R&D'), 'AT&amp;amp;T &amp; R&amp;D');
  });

  test('forCdata leaves no ]]> in the text, and finishXml splits each one into two sections', () => {
    const s = 'x]]>y]]>z';
    assert.doesNotMatch(forCdata(s), /\]\]>/);
    const doc = `<a><![CDATA[${finishXml(forCdata(s)).replace(/^/, '')}]]></a>`;
    assert.equal(xmlProblems(doc), '');
    assert.equal(text(parseXml(doc).a), s);
  });

  test('forSanitizedAttr + finishXml: < becomes &lt;', () => {
    assert.equal(finishXml(forSanitizedAttr('a<b<c')), 'a&lt;b&lt;c');
  });

  test('forRawAttr + finishXml: & and < escaped', () => {
    assert.equal(finishXml(forRawAttr('a&b<c')), 'a&amp;b&lt;c');
  });

  test('textAsHtml escapes & < >', () => {
    assert.equal(textAsHtml('a < b & c > d'), 'a &lt; b &amp; c &gt; d');
  });

  test('imageType from the extension, case-insensitive, ignoring the query', () => {
    assert.equal(imageType('https://x.cn/a.jpg'), 'image/jpeg');
    assert.equal(imageType('https://x.cn/a.JPEG'), 'image/jpeg');
    assert.equal(imageType('https://x.cn/a.png?v=2'), 'image/png');
    assert.equal(imageType('https://x.cn/a.svg'), 'image/svg+xml');
    assert.equal(imageType('https://x.cn/a.bmp'), undefined);
    assert.equal(imageType('https://x.cn/photo'), undefined);
  });
});

describe('trap: a second ]]> in content is left raw by feed', () => {
  const html = '<p>x]]>y</p><pre>if (a[b[0]]>1) {}</pre><p>]]></p>';
  const model = handDoc([handItem('cdata', { html })]);

  test('RSS stays well-formed and content:encoded round-trips', () => {
    const xml = renderRss(model);
    assert.equal(xmlProblems(xml), '');
    assert.equal(text(rssItems(xml)[0]?.['content:encoded']), html);
  });

  test('Atom stays well-formed and <content> round-trips', () => {
    const xml = renderAtom(model);
    assert.equal(xmlProblems(xml), '');
    assert.equal(text(atomEntries(xml)[0]?.content), html);
  });

  test('a ]]> in a title and a summary round-trips too', () => {
    const m = handDoc([handItem('t', { title: 'a]]>b]]>c', summary: 's]]>t]]>u' })]);
    const rss = renderRss(m);
    const atom = renderAtom(m);
    assert.equal(xmlProblems(rss), '');
    assert.equal(xmlProblems(atom), '');
    assert.equal(text(rssItems(rss)[0]?.title), 'a]]>b]]>c');
    assert.equal(decodeHTML(text(rssItems(rss)[0]?.description)), 's]]>t]]>u');
    assert.equal(decodeHTML(text(atomEntries(atom)[0]?.title)), 'a]]>b]]>c');
    assert.equal(decodeHTML(text(atomEntries(atom)[0]?.summary)), 's]]>t]]>u');
  });
});

describe('trap: control characters and U+FFFE/U+FFFF are written raw by feed', () => {
  const FORBIDDEN = new RegExp(charClass(XML_FORBIDDEN));
  const model = docFrom([{ path: 'control-characters.md', text: readFileSync(path.join(FIXTURES, 'control-characters.md'), 'utf8') }]);

  test('the fixture really holds them (raw in the body, escaped in the front matter)', () => {
    const raw = readFileSync(path.join(FIXTURES, 'control-characters.md'), 'utf8');
    assert.match(raw, FORBIDDEN);
    assert.match(raw, /\\u0001/);
  });

  test('RSS: none in the bytes, well-formed, and the text around them kept', () => {
    const xml = renderRss(model);
    assert.doesNotMatch(xml, FORBIDDEN);
    assert.equal(xmlProblems(xml), '');
    const [item] = rssItems(xml);
    assert.equal(text(item?.title), '早市收摊了');
    assert.deepEqual(list(item?.author).map(text), ['reporter@news.example.cn (记者)']);
    assert.deepEqual(list(item?.category).map(text), ['新闻', '夜市']);
    assert.equal(decodeHTML(text(item?.description)), '第一段有控制字符和非字符，灯笼 🏮 还在。');
  });

  test('Atom: none in the bytes, well-formed', () => {
    const xml = renderAtom(model);
    assert.doesNotMatch(xml, FORBIDDEN);
    assert.equal(xmlProblems(xml), '');
    const [entry] = atomEntries(xml);
    assert.equal(decodeHTML(text(entry?.title)), '早市收摊了');
    assert.equal(text(list(entry?.author)[0]?.name), '记者');
  });

  test('JSON Feed: none in any string, and no \\u escapes for them', () => {
    const out = renderJsonFeed(model);
    assert.doesNotMatch(out, /\\u00(?:0[0-8bcBC]|1[0-9a-fA-F])|\\u[fF]{3}[eEfF]/);
    assert.doesNotMatch(JSON.stringify(json(out)), FORBIDDEN);
    assert.equal(json(out).items[0]?.title, '早市收摊了');
  });

  test('emoji survive in every format', () => {
    assert.match(renderRss(model), /🏮/);
    assert.match(renderAtom(model), /🏮/);
    assert.match(renderJsonFeed(model), /🏮/);
  });
});

describe('trap: < in a category name goes raw into an Atom attribute', () => {
  const name = 'a<b & "c" <script>';
  const model = handDoc([handItem('cat', { categories: [{ name, scheme: 'https://news.example.cn/tags/' }] })]);

  test('Atom is well-formed and the term round-trips', () => {
    const xml = renderAtom(model);
    assert.equal(xmlProblems(xml), '');
    assert.equal(list(atomEntries(xml)[0]?.category)[0]?.['@term'], name);
  });

  test('RSS category text round-trips', () => {
    const xml = renderRss(model);
    assert.equal(xmlProblems(xml), '');
    assert.equal(text(list(rssItems(xml)[0]?.category)[0]), name);
  });

  test('JSON Feed tag is the name as is', () => {
    assert.deepEqual(json(renderJsonFeed(model)).items[0]?.tags, [name]);
  });
});

describe('trap: a category given only as {name} has no Atom term', () => {
  test('every Atom category has a term equal to the name, and its scheme', () => {
    const model = handDoc([
      handItem('terms', {
        categories: [
          { name: '新闻', scheme: 'https://news.example.cn/categories/' },
          { name: 'C++', scheme: 'https://news.example.cn/tags/' },
        ],
      }),
    ]);
    const cats = list(atomEntries(renderAtom(model))[0]?.category);
    assert.deepEqual(
      cats.map((c) => [c['@term'], c['@scheme']]),
      [
        ['新闻', 'https://news.example.cn/categories/'],
        ['C++', 'https://news.example.cn/tags/'],
      ],
    );
  });
});

describe('trap: an author without e-mail gives an invalid RSS <author>', () => {
  const model = handDoc([
    handItem('no-mail', { author: { name: '王小明' } }),
    handItem('mail', { author: { name: 'Li Lei', email: 'li.lei@news.example.cn' } }),
  ]);
  const xml = renderRss(model);
  const [noMail, mail] = rssItems(xml);

  test('without e-mail: <dc:creator>name</dc:creator> and no <author>', () => {
    assert.equal(noMail?.author, undefined);
    assert.equal(text(noMail?.['dc:creator']), '王小明');
  });

  test('with e-mail: <author>email (name)</author> and no <dc:creator>', () => {
    assert.deepEqual(list(mail?.author).map(text), ['li.lei@news.example.cn (Li Lei)']);
    assert.equal(mail?.['dc:creator'], undefined);
  });

  test('the dc prefix is declared and the document is well-formed', () => {
    assert.match(xml, /<rss [^>]*xmlns:dc="http:\/\/purl\.org\/dc\/elements\/1\.1\/"/);
    assert.equal(xmlProblems(xml), '');
  });

  // `feed` declares xmlns:dc only when some item has content; an empty body must not lose it.
  test('the dc prefix is declared also when every item has an empty body', () => {
    const empty = renderRss(handDoc([handItem('title-only', { html: '', summary: '' })]));
    assert.match(empty, /<dc:creator>/);
    assert.equal(xmlProblems(empty), '');
  });
});

describe('trap: Atom entries need an author', () => {
  test('an entry carries its own author', () => {
    const model = handDoc([handItem('own', { author: { name: '陈晓', email: 'chen@news.example.cn', url: 'https://news.example.cn/authors/chen/' } })]);
    const [author] = list(atomEntries(renderAtom(model))[0]?.author);
    assert.equal(text(author?.name), '陈晓');
    assert.equal(text(author?.email), 'chen@news.example.cn');
    assert.equal(text(author?.uri), 'https://news.example.cn/authors/chen/');
  });

  test('a post without author gets the site author in every entry (via feedModel)', () => {
    const model = docFrom([
      { path: '2022-01-11-a.md', text: '---\ntitle: 甲\n---\n正文' },
      { path: '2022-01-12-b.md', text: '---\ntitle: 乙\nauthor: 林一\n---\n正文' },
    ]);
    const entries = atomEntries(renderAtom(model));
    assert.deepEqual(
      entries.map((e) => text(list(e.author)[0]?.name)),
      ['林一', '测试站'],
    );
  });
});

describe('trap: &amp; in titles is unescaped to & by feed', () => {
  const title = 'AT&amp;T 与 R&D';
  const model = handDoc([handItem('amp', { title })], { title: '站 &amp; 台', description: 'x &amp; y' });

  test('RSS item and channel titles keep the literal &amp;', () => {
    const xml = renderRss(model);
    assert.equal(text(rssItems(xml)[0]?.title), title);
    const channel = (parseXml(xml) as { rss: { channel: XmlNode } }).rss.channel;
    assert.equal(text(channel.title), '站 &amp; 台');
    assert.equal(text(channel.description), 'x &amp; y');
  });

  test('Atom entry title and feed title (both text) keep it', () => {
    const xml = renderAtom(model);
    assert.equal(text(atomEntries(xml)[0]?.title), title);
    assert.equal(text((parseXml(xml) as { feed: XmlNode }).feed.title), '站 &amp; 台');
  });

  test('JSON Feed keeps it', () => {
    const doc = json(renderJsonFeed(model));
    assert.equal(doc.items[0]?.title, title);
    assert.equal(doc.title, '站 &amp; 台');
  });
});

describe('trap: plain-text titles are marked type="html" in Atom', () => {
  const model = handDoc([handItem('lt', { title: 'a < b & c <b>', summary: '1 < 2 & 3 > 2' })]);
  const xml = renderAtom(model);
  const [entry] = atomEntries(xml);

  test('the entry title is retyped "text" (textTitles), its text as written', () => {
    const title = entry?.title as XmlNode;
    assert.equal(title['@type'], 'text');
    assert.equal(text(title), 'a < b & c <b>');
    assert.doesNotMatch(xml, /type="html"><!\[CDATA\[a </);
  });

  test('textTitles retypes only a line that starts with an entry title', () => {
    const doc = '<entry>\n    <title type="html"><![CDATA[x <title type="html">]]></title>\n</entry>';
    assert.equal(textTitles(doc), '<entry>\n    <title type="text"><![CDATA[x <title type="html">]]></title>\n</entry>');
  });

  test('the summary too', () => {
    const summary = entry?.summary as XmlNode;
    assert.equal(summary['@type'], 'html');
    assert.equal(decodeHTML(text(summary)), '1 < 2 & 3 > 2');
  });

  test('a title that looks like markup is shown as text, not as a tag', () => {
    const [e] = atomEntries(renderAtom(handDoc([handItem('tag', { title: '<b>不加粗</b>' })])));
    assert.ok(e);
    assert.equal((e.title as XmlNode)['@type'], 'text');
    assert.equal(text(e.title), '<b>不加粗</b>');
  });
});

describe('trap: JSON output says version 1 and drops items without id', () => {
  const model = handDoc([
    handItem('one', { author: { name: '林一', url: 'https://news.example.cn/authors/lin/' } }),
    handItem('two', { id: 'tag:news.example.cn,2022:two' }),
    handItem('three', { id: 'urn:uuid:0e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b' }),
  ]);
  const doc = json(renderJsonFeed(model));

  test('version is https://jsonfeed.org/version/1.1', () => {
    assert.equal(doc.version, 'https://jsonfeed.org/version/1.1');
  });

  test('authors (1.1), not author (1.0), at feed and item level', () => {
    assert.deepEqual(doc.authors, [{ name: '测试站' }]);
    assert.equal(doc.author, undefined);
    assert.deepEqual(doc.items[0]?.authors, [{ name: '林一', url: 'https://news.example.cn/authors/lin/' }]);
    assert.equal(doc.items[0]?.author, undefined);
  });

  test('language', () => {
    assert.equal(doc.language, 'zh-CN');
  });

  test('every item is there, each with its id', () => {
    assert.deepEqual(
      doc.items.map((i) => i.id),
      ['https://news.example.cn/2022/01/11/one/', 'tag:news.example.cn,2022:two', 'urn:uuid:0e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b'],
    );
  });
});

describe('trap: a protocol-relative link throws in feed', () => {
  test('a post with a protocol-relative image and links renders in every format with absolute URLs', () => {
    const model = docFrom([
      {
        path: '2022-01-11-cdn.md',
        text: '---\ntitle: CDN\nimage: //cdn.example.cn/p/lantern.png\n---\n[图](//cdn.example.cn/p/big.png) ![小](//cdn.example.cn/p/small.png)',
      },
    ]);
    assert.equal(model.model.items[0]?.image, 'https://cdn.example.cn/p/lantern.png');
    const rss = renderRss(model);
    assert.equal((rssItems(rss)[0]?.enclosure as XmlNode | undefined)?.['@url'], 'https://cdn.example.cn/p/lantern.png');
    assert.match(text(rssItems(rss)[0]?.['content:encoded']), /href="https:\/\/cdn\.example\.cn\/p\/big\.png"/);
    const atom = renderAtom(model);
    assert.deepEqual(
      list(atomEntries(atom)[0]?.link).map((l) => l['@href']),
      ['https://news.example.cn/2022/01/11/cdn/', 'https://cdn.example.cn/p/lantern.png'],
    );
    assert.equal(json(renderJsonFeed(model)).items[0]?.image, 'https://cdn.example.cn/p/lantern.png');
  });
});

describe('trap: an invalid Date prints "Invalid Date" or throws', () => {
  test('an empty feed dates itself at the epoch, never now or Invalid Date', () => {
    const model = docFrom([]);
    assert.equal(model.model.updated.getTime(), 0);
    const rss = renderRss(model);
    const atom = renderAtom(model);
    assert.match(rss, /<lastBuildDate>Thu, 01 Jan 1970 00:00:00 GMT<\/lastBuildDate>/);
    assert.match(atom, /<updated>1970-01-01T00:00:00\.000Z<\/updated>/);
    for (const out of [rss, atom, renderJsonFeed(model)]) assert.doesNotMatch(out, /Invalid Date|NaN/);
  });
});
