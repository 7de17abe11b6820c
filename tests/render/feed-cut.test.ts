// A feed assembled from its shell and per-post item pieces is the very document `feed` renders in one go.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cutJson, cutXml } from '../../src/render/feed-cut.js';
import { itemPiecesOf, splice } from '../../src/render/feed-document.js';
import { FORMATS, renderFeed } from '../../src/render/formats.js';
import { handDoc, handItem, type HandItem } from './models.js';

const nasty: HandItem[] = [
  handItem('one', { title: '<item> and <entry> in a title', summary: '\\n    <entry> {"items": [', html: '\n        <item>\n    </channel>\n</feed>' }),
  handItem('two', { title: 'Q&A ]]> & &amp;', categories: [{ name: '<C++>', scheme: 'https://news.example.cn/tags/' }] }),
  handItem('three', { image: 'https://news.example.cn/img/a.jpg', author: { name: '作者', email: 'a@news.example.cn' } }),
];

describe('feeds assembled from pieces', () => {
  for (const format of FORMATS) {
    for (const count of [1, 2, 3]) {
      test(`${format.name}, ${count} item(s): byte-identical to the document rendered whole`, () => {
        const doc = handDoc(nasty.slice(0, count));
        const whole = Buffer.concat(splice(format.skeleton(doc.model), format.content, doc.contents).chunks);
        const assembled = renderFeed(format, doc.model, doc.contents);
        assert.equal(Buffer.concat(assembled.chunks).toString('utf8'), whole.toString('utf8'));
        assert.equal(assembled.length, whole.length);
      });
    }

    test(`${format.name}: the same item is the same text whichever feed renders it`, () => {
      // The content placeholder carries the item's index; everything around it is the same.
      const pieces = (text: string | undefined): string[] => {
        const p = itemPiecesOf(text ?? '', format.content);
        return [p.before.bytes.toString(), p.after.bytes.toString()];
      };
      const alone = format.cut(format.skeleton(handDoc([nasty[2] as HandItem]).model)).items[0];
      const among = format.cut(format.skeleton(handDoc(nasty).model)).items[2];
      assert.deepEqual(pieces(among), pieces(alone));
    });

    test(`${format.name}: the ETag hash changes with any item byte and not otherwise`, () => {
      const a = renderFeed(format, handDoc(nasty).model, handDoc(nasty).contents);
      const b = renderFeed(format, handDoc(nasty).model, handDoc(nasty).contents);
      assert.equal(a.hash, b.hash);
      const edited = handDoc([...nasty.slice(0, 2), handItem('three', { title: 'changed' })]);
      assert.notEqual(renderFeed(format, edited.model, edited.contents).hash, a.hash);
      const content = handDoc([...nasty.slice(0, 2), handItem('three', { html: '<p>changed</p>' })]);
      assert.notEqual(renderFeed(format, content.model, content.contents).hash, a.hash);
    });
  }

  test('an empty feed is still a valid document', () => {
    for (const format of FORMATS) {
      const text = Buffer.concat(renderFeed(format, handDoc([]).model, []).chunks).toString('utf8');
      if (format.name === 'json') assert.deepEqual((JSON.parse(text) as { items: unknown[] }).items, []);
      else assert.match(text, format.name === 'rss' ? /<\/channel>\n<\/rss>$/ : /<\/feed>$/);
    }
  });

  test('the cutters refuse a document without its closing tag, and split items where feed starts them', () => {
    assert.throws(() => cutXml('<rss>', '\n        <item>', '\n    </channel>'));
    assert.throws(() => cutJson('{}'));
    const cut = cutXml('<a>\n        <item>1</item>\n        <item>2</item>\n    </channel>', '\n        <item>', '\n    </channel>');
    assert.deepEqual(cut, { head: '<a>', items: ['\n        <item>1</item>', '\n        <item>2</item>'], tail: '\n    </channel>' });
  });
});
