// The kramdown engine against Jekyll itself: every fixture (tests/content/markdown/fixtures, one construct per
// file) is rendered by Debian's Jekyll 4.3 (kramdown 2.4, kramdown-parser-gfm, Rouge) in one Ruby process and by
// markdownRenderer({ engine: 'kramdown' }), and the HTML must be the same after normalize.ts (Rouge's token
// <span>s removed from highlighted code; nothing else).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { markdownRenderer } from '../../../src/content/markdown/index.js';
import { fixtures } from './fixtures.js';
import { normalizeHtml } from './normalize.js';
import { referenceHtml } from './reference.js';

const cases = fixtures();
const expected = referenceHtml(cases.map((f) => ({ name: f.name, kind: 'markdown', source: f.source, kramdown: f.kramdown, highlighter: f.highlighter })));

test('the fixtures cover every construct the engine renders', () => {
  const names = new Set(cases.map((c) => c.name));
  for (const construct of [
    'headers',
    'header-ids-cjk',
    'ial-block',
    'ial-span',
    'footnotes',
    'definition-lists',
    'abbreviations',
    'toc',
    'extensions',
    'html-blocks',
    'markdown-attribute',
    'span-html',
    'typography',
    'emphasis',
    'links',
    'lists',
    'task-lists',
    'tables',
    'code-blocks',
    'codespans',
    'strikethrough',
    'line-breaks',
    'entities',
    'blockquotes',
    'math',
    'escapes',
    'paragraphs',
    'horizontal-rules',
    'cjk',
    'nesting',
    'edge-cases',
  ]) {
    assert.ok(names.has(construct), `fixture ${construct}.md`);
  }
});

for (const f of cases) {
  test(`${f.name}: as Jekyll's kramdown renders it`, () => {
    const html = markdownRenderer({ engine: 'kramdown', kramdown: f.kramdown, highlighter: f.highlighter })(f.source);
    assert.equal(normalizeHtml(html), normalizeHtml(expected.get(f.name) ?? '(no reference)'));
  });
}
