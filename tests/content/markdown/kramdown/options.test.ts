// _config.yml's `kramdown:` map → the engine's options: Jekyll's defaults under it, values read as kramdown reads
// them, and the keys the engine cannot honour named for the caller to report.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { kramdownOptions, unsupportedKramdownOptions } from '../../../../src/content/markdown/kramdown/options.js';

test("no map: Jekyll's defaults (GFM input, auto ids, no hard wrap, rouge with plaintext as the default language)", () => {
  const o = kramdownOptions(undefined);
  assert.equal(o.input, 'GFM');
  assert.equal(o.autoIds, true);
  assert.equal(o.hardWrap, false);
  assert.equal(o.syntaxHighlighter, 'rouge');
  assert.deepEqual(o.rouge.block, { disable: false, defaultLang: 'plaintext', guessLang: true, cssClass: 'highlight' });
  assert.deepEqual(o.rouge.span, o.rouge.block);
  assert.deepEqual(o.tocLevels, [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(o.smartQuotes, ['lsquo', 'rsquo', 'ldquo', 'rdquo']);
  assert.deepEqual([...o.gfmQuirks], ['paragraph_end']);
  assert.equal(o.footnoteNr, 1);
  assert.equal(o.entityOutput, 'as_char');
});

test("Rouge's options: top-level, then block and span parts over them", () => {
  const o = kramdownOptions({
    guess_lang: false,
    syntax_highlighter_opts: { css_class: 'hl', default_lang: 'ruby', span: { disable: true }, block: { css_class: 'blk' } },
  });
  assert.deepEqual(o.rouge.block, { disable: false, defaultLang: 'ruby', guessLang: false, cssClass: 'blk' });
  assert.deepEqual(o.rouge.span, { disable: true, defaultLang: 'ruby', guessLang: false, cssClass: 'hl' });
});

test('values as kramdown reads them: ranges and lists of levels, quote lists, strings for booleans', () => {
  assert.deepEqual(kramdownOptions({ toc_levels: '2..4' }).tocLevels, [2, 3, 4]);
  assert.deepEqual(kramdownOptions({ toc_levels: [1, 3] }).tocLevels, [1, 3]);
  assert.deepEqual(kramdownOptions({ toc_levels: '1,2' }).tocLevels, [1, 2]);
  assert.deepEqual(kramdownOptions({ smart_quotes: 'apos,apos,quot,quot' }).smartQuotes, ['apos', 'apos', 'quot', 'quot']);
  assert.deepEqual(kramdownOptions({ smart_quotes: [8218, 8216, 8222, 8220] }).smartQuotes, [8218, 8216, 8222, 8220]);
  assert.equal(kramdownOptions({ auto_ids: 'false' }).autoIds, false);
  assert.equal(kramdownOptions({ input: 'kramdown' }).input, 'kramdown');
  assert.equal(kramdownOptions({ footnote_nr: '3' }).footnoteNr, 3);
  assert.equal(kramdownOptions({ syntax_highlighter: null }).syntaxHighlighter, 'rouge');
  assert.equal(kramdownOptions({ syntax_highlighter: 'nil' }).syntaxHighlighter, null);
  assert.equal(kramdownOptions({}, 'none').syntaxHighlighter, null);
  assert.deepEqual([...kramdownOptions({ gfm_quirks: 'paragraph_end,no_auto_typographic' }).gfmQuirks], ['paragraph_end', 'no_auto_typographic']);
});

test('options the engine cannot render as Jekyll would are named, one sentence each; those it reads or that change nothing are not', () => {
  assert.deepEqual(unsupportedKramdownOptions({ input: 'GFM', auto_ids: true, show_warnings: true, toc_levels: '1..3' }), []);
  assert.deepEqual(unsupportedKramdownOptions({ transliterated_header_ids: true, html_to_native: true, math_engine: 'katex' }), [
    'kramdown option transliterated_header_ids is not supported',
    'kramdown option html_to_native is not supported',
    'kramdown math_engine katex is not supported (mathjax is)',
  ]);
  assert.deepEqual(unsupportedKramdownOptions({ syntax_highlighter: 'coderay' }), ['syntax highlighter coderay is not supported (rouge is)']);
  assert.deepEqual(
    unsupportedKramdownOptions({ syntax_highlighter_opts: { css_class: 'x', span: { disable: true }, block: { line_numbers: true }, formatter: 'HTML' } }),
    ['kramdown option syntax_highlighter_opts.block.line_numbers is not supported', 'kramdown option syntax_highlighter_opts.formatter is not supported'],
  );
  assert.deepEqual(unsupportedKramdownOptions(undefined, 'pygments'), ['syntax highlighter pygments is not supported (rouge is)']);
  assert.deepEqual(unsupportedKramdownOptions({ input: 'markdown' }), ['kramdown input markdown is not supported (GFM and kramdown are)']);
});
