import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { renderJsonFeed } from '../../src/render/json-feed.js';
import { docFrom, handDoc, handItem, renderJsonDoc } from './models.js';

const SOURCES = [
  {
    path: '2022-01-11-canal.md',
    text: [
      '---',
      'title: 运河边的早市',
      'date: 2022-01-11 09:13:28 +0800',
      'updated: 2022-01-12 10:00:00 +0800',
      'categories: 城市',
      'tags: [常州日报新闻, 城市, 夜市]',
      'image: /img/canal.jpg',
      'author: {name: 陈晓, email: chen@news.example.cn, url: /authors/chen/}',
      '---',
      '**早市**开张。',
    ].join('\n'),
  },
  { path: '2022-01-10-plain.md', text: '---\ntitle: Plain\n---\nNo author, no tags.' },
];

const out = renderJsonDoc(docFrom(SOURCES));
const doc = JSON.parse(out) as Record<string, unknown> & { items: Record<string, unknown>[] };

describe('renderJsonFeed', () => {
  test('the whole document', () => {
    assert.deepEqual(doc, {
      version: 'https://jsonfeed.org/version/1.1',
      title: '测试站',
      home_page_url: 'https://news.example.cn/',
      feed_url: 'https://news.example.cn/feed.json',
      description: '测试站',
      language: 'zh-CN',
      authors: [{ name: '测试站' }],
      items: [
        {
          id: 'https://news.example.cn/%E5%9F%8E%E5%B8%82/2022/01/11/canal/',
          content_html: '<p><strong>早市</strong>开张。</p>',
          url: 'https://news.example.cn/%E5%9F%8E%E5%B8%82/2022/01/11/canal/',
          title: '运河边的早市',
          summary: '早市开张。',
          image: 'https://news.example.cn/img/canal.jpg',
          date_modified: '2022-01-12T02:00:00.000Z',
          date_published: '2022-01-11T01:13:28.000Z',
          authors: [{ name: '陈晓', url: 'https://news.example.cn/authors/chen/' }],
          tags: ['城市', '常州日报新闻', '夜市'],
        },
        {
          id: 'https://news.example.cn/2022/01/10/plain/',
          content_html: '<p>No author, no tags.</p>',
          url: 'https://news.example.cn/2022/01/10/plain/',
          title: 'Plain',
          summary: 'No author, no tags.',
          date_modified: '2022-01-09T16:00:00.000Z',
          date_published: '2022-01-09T16:00:00.000Z',
          authors: [{ name: '测试站' }],
        },
      ],
    });
  });

  test('two-space indentation and a final newline', () => {
    assert.match(out, /^\{\n {2}"version": "https:\/\/jsonfeed\.org\/version\/1\.1",\n/);
    assert.ok(out.endsWith('}\n'));
  });

  test('an author e-mail is not published (JSON Feed authors have name, url, avatar only)', () => {
    assert.doesNotMatch(out, /chen@news\.example\.cn/);
  });

  test('content that is not ASCII, has quotes, backslashes or ]]> is a valid JSON string', () => {
    const html = '<p title="引号">\\ ]]> 🏮 \u2028</p>';
    const parsed = JSON.parse(renderJsonDoc(handDoc([handItem('q', { html })]))) as { items: { content_html: string }[] };
    assert.equal(parsed.items[0]?.content_html, html);
  });

  test('the skeleton has the placeholder string where content_html goes', () => {
    const skeleton = JSON.parse(renderJsonFeed(handDoc([handItem('a')]).model)) as { items: { content_html: string }[] };
    assert.equal(skeleton.items[0]?.content_html, '\u00030\u0003');
  });
});
