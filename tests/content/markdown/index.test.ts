// The one door to Markdown: the commonmark engine is markdown-it's CommonMark with raw HTML, exactly as before
// the kramdown engine existed (the bundled posts' golden files depend on it); the kramdown engine is another.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import MarkdownIt from 'markdown-it';
import { markdownRenderer } from '../../../src/content/markdown/index.js';

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
