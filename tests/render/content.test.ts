import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { BodyFormat } from '../../src/posts/post.js';
import { absolutizeUrls, renderContent, summarize, SUMMARY_LENGTH, type RenderedContent } from '../../src/render/content.js';

const LINK = 'https://news.example.cn/2022/01/11/canal-market/';

interface Options {
  readonly format?: BodyFormat;
  readonly link?: string;
  readonly excerpt?: string;
}

/** Renders `text` as a post body (Markdown unless told) of the post at LINK. */
function rendered(text: string, o: Options = {}): RenderedContent {
  return renderContent({ link: o.link ?? LINK, excerpt: o.excerpt }, { bytes: Buffer.from(text, 'utf8'), format: o.format ?? 'markdown' });
}

const html = (text: string, o: Options = {}): string => rendered(text, o).html;
const summary = (text: string, o: Options = {}): string => rendered(text, o).summary;

describe('renderContent: Markdown', () => {
  test('headings, lists and fenced code', () => {
    assert.equal(
      html('## 早市\n\n- 豆浆\n- 油条\n\n```js\nconst a = 1 < 2;\n```\n'),
      '<h2>早市</h2>\n<ul>\n<li>豆浆</li>\n<li>油条</li>\n</ul>\n<pre><code class="language-js">const a = 1 &lt; 2;\n</code></pre>',
    );
  });

  test('emphasis and inline code', () => {
    assert.equal(html('*轻* **重** `code`'), '<p><em>轻</em> <strong>重</strong> <code>code</code></p>');
  });

  test('raw HTML passes through in Markdown bodies', () => {
    assert.equal(html('<div class="note">原样 <em>保留</em></div>\n\n段落'), '<div class="note">原样 <em>保留</em></div>\n<p>段落</p>');
  });

  test('<http://…> autolinks become links', () => {
    assert.equal(html('见 <https://example.org/a?b=1&c=2>'), '<p>见 <a href="https://example.org/a?b=1&amp;c=2">https://example.org/a?b=1&amp;c=2</a></p>');
  });

  test('bare URLs are not linked (kramdown does not link them)', () => {
    assert.equal(html('see https://example.org/x and www.example.org'), '<p>see https://example.org/x and www.example.org</p>');
  });

  test('an html body is not run through Markdown', () => {
    assert.equal(html('*不是强调*\n\n<p>段</p>', { format: 'html' }), '*不是强调*\n\n<p>段</p>');
  });
});

describe('renderContent: URLs made absolute against the post link', () => {
  test('a relative image src', () => {
    assert.equal(html('![灯笼](lantern.png)'), `<p><img src="${LINK}lantern.png" alt="灯笼"></p>`);
  });

  test('a root-relative href', () => {
    assert.equal(html('[关于](/a/b)'), '<p><a href="https://news.example.cn/a/b">关于</a></p>');
  });

  test('a parent-relative href', () => {
    assert.equal(html('[上一篇](../earlier/)'), '<p><a href="https://news.example.cn/2022/01/11/earlier/">上一篇</a></p>');
  });

  test('a protocol-relative href takes the site scheme', () => {
    assert.equal(html('[cdn](//cdn.example.net/x)'), '<p><a href="https://cdn.example.net/x">cdn</a></p>');
    assert.equal(
      html('<img src="//cdn.example.net/x.png">', { format: 'html', link: 'http://news.example.cn/p/' }),
      '<img src="http://cdn.example.net/x.png">',
    );
  });

  test('a #fragment points into the post page', () => {
    assert.equal(html('[跳](#part-2)'), `<p><a href="${LINK}#part-2">跳</a></p>`);
  });

  test('a query-only href', () => {
    assert.equal(html('<a href="?page=2">下页</a>', { format: 'html' }), `<a href="${LINK}?page=2">下页</a>`);
  });

  test('mailto:, https: and data: are untouched', () => {
    const body = '<a href="mailto:editor@news.example.cn">信</a><a href="https://example.org/">外</a><img src="data:image/gif;base64,R0lGOD">';
    assert.equal(html(body, { format: 'html' }), body);
  });

  test('srcset: each candidate resolved, descriptors kept, absolute ones untouched', () => {
    assert.equal(
      html('<img src="a.png" srcset="a-1x.png 1x, /b-2x.png 2x,https://x.org/c.png 3x">', { format: 'html' }),
      `<img src="${LINK}a.png" srcset="${LINK}a-1x.png 1x, https://news.example.cn/b-2x.png 2x, https://x.org/c.png 3x">`,
    );
  });

  test('unquoted and single-quoted values, upper-case names, poster', () => {
    assert.equal(
      html('<a HREF=up.html>u</a><a href=\'//h.example/x\'>h</a><video poster="p.jpg"></video>', { format: 'html' }),
      `<a HREF="${LINK}up.html">u</a><a href="https://h.example/x">h</a><video poster="${LINK}p.jpg"></video>`,
    );
  });

  test('entities in a value are decoded once and re-escaped', () => {
    assert.equal(html('<a href="list?a=1&amp;b=2">q</a>', { format: 'html' }), `<a href="${LINK}list?a=1&amp;b=2">q</a>`);
  });

  test('a space in a relative src is percent-encoded', () => {
    assert.equal(html('<img src="my photo.png">', { format: 'html' }), `<img src="${LINK}my%20photo.png">`);
  });

  test('text that only looks like an attribute outside a tag is left alone', () => {
    assert.equal(html('<pre>&lt;a href="/x"&gt;</pre>', { format: 'html' }), '<pre>&lt;a href="/x"&gt;</pre>');
  });

  test('a URL-like name=value inside another attribute’s quoted value is not rewritten', () => {
    assert.equal(html('![图例 src=old](chart.png)'), `<p><img src="${LINK}chart.png" alt="图例 src=old"></p>`);
    assert.equal(absolutizeUrls('<a title="写法 href=/x 即可" href="/p">t</a>', LINK), '<a title="写法 href=/x 即可" href="https://news.example.cn/p">t</a>');
  });
});

describe('renderContent: characters XML forbids', () => {
  test('U+0001, U+001F, U+FFFE, U+FFFF and C1 controls are removed; tab and newline stay', () => {
    // A body arrives as UTF-8 bytes, where a lone surrogate cannot occur (it decodes as U+FFFD).
    assert.equal(html('A\u0001B\uFFFEC\uFFFFD\u001FE\u0085F\tG\nH', { format: 'html' }), 'ABCDEF\tG\nH');
  });

  test('emoji and other astral characters survive', () => {
    assert.equal(html('<p>灯笼 🏮 𠮷 😀</p>', { format: 'html' }), '<p>灯笼 🏮 𠮷 😀</p>');
  });

  test('forbidden characters are removed from the summary as well', () => {
    assert.equal(summary('<p>早\u0002市 🏮</p>', { format: 'html' }), '早市 🏮');
  });
});

describe('renderContent: summary', () => {
  test('the excerpt, when the post has one', () => {
    assert.equal(summary('<p>正文第一段。</p>', { format: 'html', excerpt: '摘要写在前言里。' }), '摘要写在前言里。');
  });

  test('else the text of the first paragraph', () => {
    assert.equal(summary('第一段。\n\n第二段。'), '第一段。');
  });

  test('empty paragraphs are skipped', () => {
    assert.equal(summary('<p></p><p>  </p><p><img src="a.png"></p><p>真正的第一段</p>', { format: 'html' }), '真正的第一段');
  });

  test('no spaces are inserted around inline tags in CJK text', () => {
    assert.equal(summary('第一段有**加粗**、`代码`和[链接](/x)。'), '第一段有加粗、代码和链接。');
  });

  test('a line break inside the paragraph becomes a space', () => {
    assert.equal(summary('<p>上一行<br>下一行</p>', { format: 'html' }), '上一行 下一行');
  });

  test('entities are decoded', () => {
    assert.equal(summary('<p>A &amp; B &lt;tag&gt; &#x4E2D;</p>', { format: 'html' }), 'A & B <tag> 中');
  });

  test('no paragraph: the text of the whole body', () => {
    assert.equal(summary('<div>没有 <b>段落</b></div><ul><li>一</li><li>二</li></ul>', { format: 'html' }), '没有 段落 一 二');
  });

  test('scripts, styles and comments are not text', () => {
    assert.equal(summary('<p>Visible<script>alert(1)</script> text<!-- note --> here<style>p{}</style></p>', { format: 'html' }), 'Visible text here');
  });

  test(`exactly ${SUMMARY_LENGTH} characters are kept whole`, () => {
    const text = '字'.repeat(SUMMARY_LENGTH);
    assert.equal(summary(`<p>${text}</p>`, { format: 'html' }), text);
  });

  test(`CJK text longer than ${SUMMARY_LENGTH} characters is cut there, with an ellipsis`, () => {
    assert.equal(summary(`<p>${'字'.repeat(250)}</p>`, { format: 'html' }), `${'字'.repeat(200)}…`);
  });

  test('an emoji is never split', () => {
    assert.equal(summary(`<p>${'🏮'.repeat(250)}</p>`, { format: 'html' }), `${'🏮'.repeat(200)}…`);
  });

  test('a ZWJ emoji sequence is never split', () => {
    const family = '👨‍👩‍👧';
    assert.equal(summary(`<p>${family.repeat(201)}</p>`, { format: 'html' }), `${family.repeat(200)}…`);
  });

  test('a letter and its combining mark stay together', () => {
    const e = 'e\u0301';
    assert.equal(summary(`<p>${e.repeat(201)}</p>`, { format: 'html' }), `${e.repeat(200)}…`);
  });

  test('200 emoji (400 UTF-16 units) are not cut', () => {
    assert.equal(summary(`<p>${'😀'.repeat(200)}</p>`, { format: 'html' }), '😀'.repeat(200));
  });

  test('space-separated text is cut at a word break near the limit', () => {
    // 41 × "word " is 205 characters; the cut at 200 lands after the 40th word's space.
    assert.equal(summary(`<p>${'word '.repeat(41)}end</p>`, { format: 'html' }), `${'word '.repeat(39)}word…`);
  });

  test('summarize() on its own', () => {
    assert.equal(summarize('<h1>标题</h1><p class="lead">导语 <a href="x">链接</a></p>'), '导语 链接');
  });
});

describe('absolutizeUrls', () => {
  test('a quoted value containing > does not end the tag', () => {
    assert.equal(absolutizeUrls('<a title="a>b" href="/x">t</a>', 'http://s.example/p/'), '<a title="a>b" href="http://s.example/x">t</a>');
  });

  test('an empty href is left as written', () => {
    assert.equal(absolutizeUrls('<a href="">e</a>', 'http://s.example/p/'), '<a href="">e</a>');
  });

  test('data-src is not a URL attribute; data on <object> is', () => {
    assert.equal(
      absolutizeUrls('<img data-src="a.png"><object data="movie.swf"></object>', 'http://s.example/p/'),
      '<img data-src="a.png"><object data="http://s.example/p/movie.swf"></object>',
    );
  });
});
