// Jekyll's `smartify` filter: its SmartyPants converter (jekyll 4.3 converters/smartypants.rb), kramdown with
// only block HTML and lines of text for blocks, and smart quotes, entities, typographic symbols and span HTML
// for spans, under the site's `kramdown:` options; the result chomped. For the Liquid filter and anything else
// that must write a text as Jekyll smartifies it.
import type { SpanRule } from './kramdown/inline/span-state.js';
import { addRawText } from './kramdown/block/parse-blocks.js';
import { blockHtml } from './kramdown/block/html-block.js';
import { kramdownMarkdownIt } from './kramdown/engine.js';
import { htmlEntity } from './kramdown/inline/html-entity.js';
import { smartQuotes } from './kramdown/inline/smart-quotes.js';
import { spanHtml } from './kramdown/inline/span-html.js';
import { typographicSymbols } from './kramdown/inline/typographic-symbols.js';
import { kramdownOptions } from './kramdown/options.js';
import type { BlockRule } from './kramdown/state.js';

// SmartyPants' `content` parser: any other line is text, as it is.
const content: BlockRule = (s) => {
  const end = s.src.indexOf('\n', s.pos);
  const stop = end < 0 ? s.src.length : end + 1;
  addRawText(s, s.src.slice(s.pos, stop));
  s.pos = stop;
  return true;
};

const SPANS: readonly SpanRule[] = [smartQuotes, htmlEntity, typographicSymbols, spanHtml];

/** A smartifier for a site (its `kramdown:` map); pure, as every renderer here. */
export function smartifier(kramdown?: Readonly<Record<string, unknown>>): (text: string) => string {
  const md = kramdownMarkdownIt({ ...kramdownOptions(kramdown), input: 'kramdown' }, { block: [blockHtml, content], span: SPANS });
  return (text) => md.render(text, {}).replace(/(?:\r\n|\n|\r)$/, '');
}
