import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { itemPiecesOf, placeholder, prepareContent, splice, whole } from '../../src/render/feed-document.js';

const join = (chunks: readonly Buffer[]): string => Buffer.concat(chunks).toString('utf8');

describe('prepareContent', () => {
  test('XML bytes are CDATA-safe: every ]]> split across two sections', () => {
    const c = prepareContent('<p>a]]>b</p>', '摘要');
    assert.equal(c.xml.toString('utf8'), '<p>a]]]]><![CDATA[>b</p>');
    assert.equal(c.summary, '摘要');
  });

  test('JSON bytes are a JSON string literal of the HTML', () => {
    const html = '<p title="引号">\\ 🏮</p>';
    const c = prepareContent(html, '');
    assert.equal(JSON.parse(c.json.toString('utf8')), html);
  });

  test('the same HTML gives the same bytes and hashes; different HTML different hashes', () => {
    const a = prepareContent('<p>甲</p>', 's');
    const b = prepareContent('<p>甲</p>', 's');
    const c = prepareContent('<p>乙</p>', 's');
    assert.deepEqual([a.xmlHash, a.jsonHash], [b.xmlHash, b.jsonHash]);
    assert.notEqual(c.xmlHash, a.xmlHash);
    assert.notEqual(c.jsonHash, a.jsonHash);
  });
});

describe('splice', () => {
  const contents = [prepareContent('<p>零</p>', ''), prepareContent('<p>一</p>', '')];

  test('XML: each placeholder is replaced by its item’s content, in place', () => {
    const skeleton = `<a><![CDATA[${placeholder(1)}]]></a><b><![CDATA[${placeholder(0)}]]></b>`;
    const out = splice(skeleton, 'xml', contents);
    assert.equal(join(out.chunks), '<a><![CDATA[<p>一</p>]]></a><b><![CDATA[<p>零</p>]]></b>');
    assert.equal(out.length, Buffer.byteLength(join(out.chunks)));
  });

  test('JSON: the quoted placeholder string is replaced by the content’s string literal', () => {
    const skeleton = JSON.stringify({ items: [{ content_html: placeholder(0) }, { content_html: placeholder(1) }] });
    const out = JSON.parse(join(splice(skeleton, 'json', contents).chunks)) as { items: { content_html: string }[] };
    assert.deepEqual(
      out.items.map((i) => i.content_html),
      ['<p>零</p>', '<p>一</p>'],
    );
  });

  test('the hash is stable for the same skeleton and contents and changes with either', () => {
    const skeleton = `<x>${placeholder(0)}</x>`;
    const h = splice(skeleton, 'xml', contents).hash;
    assert.equal(splice(skeleton, 'xml', contents).hash, h);
    assert.notEqual(splice(`<y>${placeholder(0)}</y>`, 'xml', contents).hash, h);
    const other = contents[1];
    assert.ok(other);
    assert.notEqual(splice(skeleton, 'xml', [other]).hash, h);
  });

  test('a placeholder without content is an error, not a silent hole', () => {
    assert.throws(() => splice(`<x>${placeholder(2)}</x>`, 'xml', contents), /no content for placeholder 2/);
  });

  test('splitting an item first does not make the next splice skip placeholders (a /g pattern keeps its lastIndex)', () => {
    itemPiecesOf(`<item><![CDATA[${placeholder(0)}]]></item>`, 'xml');
    const out = splice(`<a>${placeholder(1)}</a><b>${placeholder(0)}</b>`, 'xml', contents);
    assert.equal(join(out.chunks), '<a><p>一</p></a><b><p>零</p></b>');
  });

  test('a skeleton without placeholders is returned as is', () => {
    assert.equal(join(splice('<rss/>', 'xml', []).chunks), '<rss/>');
  });
});

describe('whole', () => {
  test('one chunk, hashed as a skeleton without placeholders: every document gets its ETag the same way', () => {
    const page = '<!doctype html>\n<title>江南晨报</title>\n';
    const out = whole(page);
    assert.equal(out.chunks.length, 1);
    assert.equal(join(out.chunks), page);
    assert.equal(out.length, Buffer.byteLength(page));
    assert.equal(out.hash, splice(page, 'xml', []).hash);
    assert.notEqual(whole(`${page} `).hash, out.hash);
  });

  test('text that looks like a placeholder is kept as text', () => {
    assert.equal(join(whole(`a${placeholder(0)}b`).chunks), `a${placeholder(0)}b`);
  });
});
