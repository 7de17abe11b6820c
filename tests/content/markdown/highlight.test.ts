// highlightBlock against Jekyll's own {% highlight %} tag (Debian's Jekyll 4.3 with Rouge), alone and inside a
// post that kramdown then renders (the figure must pass through kramdown as Jekyll's does). Rouge's token
// <span>s are removed from Jekyll's output (normalize.ts); the rest must be the same.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { highlightBlock, markdownRenderer } from '../../../src/content/markdown/index.js';
import { normalizeHtml } from './normalize.js';
import { referenceHtml } from './reference.js';

interface Case {
  readonly name: string;
  readonly lang: string;
  readonly code: string;
  readonly linenos?: boolean;
}

const CASES: readonly Case[] = [
  { name: 'ruby', lang: 'ruby', code: '\ndef greet(name)\n  puts "Hello, #{name} <&> \'friends\'"\nend\n' },
  { name: 'ruby-linenos', lang: 'ruby', code: '\ndef a\n  1\nend\n', linenos: true },
  { name: 'blank-lines-around', lang: 'python', code: '\n\n\nprint(1)\n\n\nprint(2)\n\n\n' },
  { name: 'cplusplus', lang: 'c++', code: 'int x = 1 < 2;' },
  { name: 'csharp', lang: 'c#', code: 'var x = "s";' },
  { name: 'upper-case', lang: 'JavaScript', code: 'let a = 1;' },
  { name: 'unknown-language', lang: 'nosuchlang', code: 'foo & <bar>' },
  { name: 'text-linenos', lang: 'text', code: 'a\n\nb\n', linenos: true },
  { name: 'cjk', lang: 'text', code: '中文代码 “引号” <标签>' },
  { name: 'html', lang: 'html', code: '<div class="x">&amp; &nbsp;</div>' },
  { name: 'liquid-looking', lang: 'liquid', code: '{{ page.title }} {% if x %}' },
  { name: 'single-line-linenos', lang: 'sh', code: 'echo hi', linenos: true },
  { name: 'trailing-spaces', lang: 'yaml', code: 'key: value   \n  - item\t\n' },
  { name: 'empty', lang: 'ruby', code: '\n' },
  { name: 'empty-linenos', lang: 'ruby', code: '', linenos: true },
  { name: 'crlf', lang: 'ruby', code: '\r\na = 1\r\nb = 2\r\n' },
];

// The tag's source: Liquid's raw tag keeps a body that looks like Liquid from being run.
function tag(c: Case): string {
  const body = c.code.includes('{') ? `{% raw %}${c.code}{% endraw %}` : c.code;
  return `{% highlight ${c.lang}${c.linenos ? ' linenos' : ''} %}${body}{% endhighlight %}`;
}

const reference = referenceHtml([
  ...CASES.map((c) => ({
    name: c.name,
    kind: 'highlight' as const,
    source: c.code.includes('{') ? `{% raw %}${c.code}{% endraw %}` : c.code,
    lang: c.lang,
    linenos: c.linenos ?? false,
  })),
  ...CASES.map((c) => ({ name: `post-${c.name}`, kind: 'liquid-markdown' as const, source: `Before the code:\n${tag(c)}\nAfter the code, a *paragraph*.\n` })),
  { name: 'no-highlighter', kind: 'highlight', source: '\n  a < "b" \'c\'  \n', lang: 'ruby', linenos: false, highlighter: 'none' },
]);

for (const c of CASES) {
  test(`{% highlight ${c.lang}${c.linenos ? ' linenos' : ''} %}: Jekyll's markup`, () => {
    assert.equal(highlightBlock(c.code, c.lang, { linenos: c.linenos ?? false }), normalizeHtml(reference.get(c.name) ?? ''));
  });
  test(`{% highlight ${c.lang}${c.linenos ? ' linenos' : ''} %} in a post: kramdown keeps Jekyll's markup`, () => {
    // What the Liquid step gives kramdown: the tag replaced by "\n" + the block + "\n" (the converter's
    // highlighter prefix and suffix).
    const body = `Before the code:\n\n${highlightBlock(c.code, c.lang, { linenos: c.linenos ?? false })}\n\nAfter the code, a *paragraph*.\n`;
    assert.equal(normalizeHtml(markdownRenderer({ engine: 'kramdown' })(body)), normalizeHtml(reference.get(`post-${c.name}`) ?? ''));
  });
}

test('highlightBlock without a highlighter (highlighter: none) escapes and strips the code, as Jekyll does', () => {
  assert.equal(highlightBlock('\n  a < "b" \'c\'  \n', 'ruby', { rouge: false }), reference.get('no-highlighter'));
});
