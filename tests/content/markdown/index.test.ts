// The one door to Markdown: the commonmark engine is markdown-it's CommonMark with raw HTML, exactly as before
// the kramdown engine existed (the bundled posts' golden files depend on it); the kramdown engine is another.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import MarkdownIt from 'markdown-it';
import { kramdownRenderer, markdownRenderer } from '../../../src/content/markdown/index.js';

const SAMPLE = '# Title\n\nA "quote" -- and *em* <b>html</b> <https://example.com>\n\n- [ ] item\n\n```ruby\nputs 1\n```\n\nfoo[^1]\n\n[^1]: note\n';

test('commonmark: markdown-it CommonMark with raw HTML, no typographer, no linkify', () => {
  const plain = new MarkdownIt({ html: true, linkify: false, typographer: false });
  assert.equal(markdownRenderer({ engine: 'commonmark' })(SAMPLE), plain.render(SAMPLE));
});

test('kramdown: a different renderer (ids, smart quotes, footnotes, Rouge wrappers)', () => {
  const html = markdownRenderer({ engine: 'kramdown' })(SAMPLE);
  assert.match(html, /<h1 id="title">Title<\/h1>/);
  assert.match(html, /“quote” –/);
  assert.match(html, /<div class="language-ruby highlighter-rouge">/);
  assert.match(html, /<div class="footnotes" role="doc-endnotes">/);
});

test('the kramdown map and the site highlighter reach the engine', () => {
  assert.equal(markdownRenderer({ engine: 'kramdown', kramdown: { auto_ids: false } })('# T\n'), '<h1>T</h1>\n');
  assert.equal(markdownRenderer({ engine: 'kramdown', highlighter: 'none' })('`x`\n'), '<p><code>x</code></p>\n');
});

test('kramdownRenderer: the same HTML, and a note where it cannot be what Jekyll writes', () => {
  const render = kramdownRenderer({});
  assert.deepEqual(render('# T\n\n*a*\n'), { html: markdownRenderer({ engine: 'kramdown' })('# T\n\n*a*\n'), notes: [] });
  assert.match(render('*a '.repeat(5000)).notes.join('\n'), /too intricate/);
  assert.match(render(`${'> '.repeat(100)}x\n`).notes.join('\n'), /nesting deeper than 64 blocks/);
  assert.deepEqual(render('{::options auto_ids="false" /}\n\n# T\n').notes, ['{::options auto_ids="…" /} is not applied']);
  assert.deepEqual(render('{::options parse_block_html="true" /}\n\n<div>*x*</div>\n').notes, []);
});

test('a referenced footnote with no content (kramdown raises on it) gets its backlink in a paragraph, and a note', () => {
  // Its only line is an IAL, which attaches to nothing: kramdown's converter then fails (NoMethodError on nil).
  const { html, notes } = kramdownRenderer({})('x[^1]\n\n[^1]: {: .c}\n');
  assert.match(html, /<li id="fn:1" role="doc-endnote">\n {6}<p><a href="#fnref:1" class="reversefootnote" role="doc-backlink">&#8617;<\/a><\/p>\n {4}<\/li>/);
  assert.deepEqual(notes, ["footnote [^1] is empty: Jekyll's kramdown fails on it"]);
});
