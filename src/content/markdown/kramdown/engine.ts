// The kramdown engine: a markdown-it instance whose block and span grammar are kramdown's (GFM input by default,
// as Jekyll configures it), one rule per construct on markdown-it's Rulers, in kramdown's order, and whose
// renderer is kramdown's HTML converter. Every step is pure: the same text always gives the same HTML.
import MarkdownIt from 'markdown-it';
import Ruler from 'markdown-it/lib/ruler.mjs';
import type StateCore from 'markdown-it/lib/rules_core/state_core.mjs';
import type Token from 'markdown-it/lib/token.mjs';
import { abbreviationDefinition } from './block/abbreviation-definition.js';
import { blankLine } from './block/blank-line.js';
import { blockExtensions } from './block/block-extensions.js';
import { blockMath } from './block/block-math.js';
import { blockquote } from './block/blockquote.js';
import { codeblock } from './block/codeblock.js';
import { definitionList } from './block/definition-list.js';
import { eobMarker } from './block/eob-marker.js';
import { fencedCodeblock } from './block/fenced-codeblock.js';
import { footnoteDefinition } from './block/footnote-definition.js';
import { atxHeader, setextHeader } from './block/header.js';
import { horizontalRule } from './block/horizontal-rule.js';
import { blockHtml } from './block/html-block.js';
import { linkDefinition } from './block/link-definition.js';
import { list } from './block/list.js';
import { paragraph } from './block/paragraph.js';
import { container, parseBlocks } from './block/parse-blocks.js';
import { table } from './block/table.js';
import { autolink } from './inline/autolink.js';
import { codespan } from './inline/codespan.js';
import { emphasis } from './inline/emphasis.js';
import { escapedChars, escapedCharsGfm } from './inline/escaped-chars.js';
import { footnoteMarker } from './inline/footnote-marker.js';
import { htmlEntity } from './inline/html-entity.js';
import { inlineMath } from './inline/inline-math.js';
import { lineBreak } from './inline/line-break.js';
import { link } from './inline/link.js';
import { smartQuotes } from './inline/smart-quotes.js';
import { spanExtensions } from './inline/span-extensions.js';
import { spanHtml } from './inline/span-html.js';
import type { SpanRule } from './inline/span-state.js';
import { strikethrough } from './inline/strikethrough.js';
import { typographicSymbols } from './inline/typographic-symbols.js';
import type { KramdownOptions } from './options.js';
import { abbreviationReplacer } from './post/abbreviations.js';
import { gfmUpdateElements } from './post/gfm-elements.js';
import { updateTree } from './post/update-tree.js';
import { Converter } from './render/converter.js';
import { blockTree, type Node } from './render/tree.js';
import { type BlockRule, type BlockState, type Doc, type KramdownEnv, token } from './state.js';

/** The block rules in kramdown's order (Kramdown::Parser::Kramdown#initialize; GFM swaps in its own). */
function blockRuler(): Ruler<BlockRule> {
  const r = new Ruler<BlockRule>();
  r.push('blank_line', blankLine);
  r.push('codeblock', codeblock);
  r.push('codeblock_fenced', fencedCodeblock);
  r.push('blockquote', blockquote);
  r.push('atx_header', atxHeader);
  r.push('horizontal_rule', horizontalRule);
  r.push('list', list);
  r.push('definition_list', definitionList);
  r.push('block_html', blockHtml);
  r.push('setext_header', setextHeader);
  r.push('block_math', blockMath);
  r.push('table', table);
  r.push('footnote_definition', footnoteDefinition);
  r.push('link_definition', linkDefinition);
  r.push('abbrev_definition', abbreviationDefinition);
  r.push('block_extensions', blockExtensions);
  r.push('eob_marker', eobMarker);
  r.push('paragraph', paragraph);
  return r;
}

/** The span rules in kramdown's order; GFM input adds strikethrough, takes its own escapes, and drops line breaks
 * with hard_wrap and typographic symbols with the no_auto_typographic quirk. */
function spanRuler(o: KramdownOptions): Ruler<SpanRule> {
  const gfm = o.input === 'GFM';
  const r = new Ruler<SpanRule>();
  for (const rule of [
    emphasis,
    codespan,
    autolink,
    spanHtml,
    footnoteMarker,
    link,
    smartQuotes,
    inlineMath,
    spanExtensions,
    htmlEntity,
    typographicSymbols,
    lineBreak,
  ]) {
    r.push(rule.name, rule);
  }
  r.push('escaped_chars', gfm ? escapedCharsGfm : escapedChars);
  if (gfm) {
    r.push('strikethrough_gfm', strikethrough);
    if (o.hardWrap) r.disable('line_break');
    if (o.gfmQuirks.has('no_auto_typographic')) r.disable('typographic_syms');
  }
  return r;
}

/** kramdown's adapt_source: LF line ends, exactly one final newline. */
function adaptSource(text: string): string {
  return `${text.replace(/\r\n?/g, '\n').replace(/\n$/, '')}\n`;
}

/** Rule sets other than kramdown's own (Jekyll's SmartyPants parser is one). */
export interface Grammar {
  readonly block: readonly BlockRule[];
  readonly span: readonly SpanRule[];
}

/** A markdown-it instance that renders as Jekyll's kramdown with these options (and this grammar). */
export function kramdownMarkdownIt(o: KramdownOptions, grammar?: Grammar): MarkdownIt {
  const md = new MarkdownIt('zero', { html: true, xhtmlOut: true });
  const blockRules = grammar?.block ?? blockRuler().getRules('');
  const spanRules = grammar?.span ?? spanRuler(o).getRules('');
  const env = (state: StateCore): KramdownEnv => state.env as KramdownEnv;
  md.core.ruler.enableOnly([]);
  md.core.ruler.push('kramdown_block', (state) => {
    const src = adaptSource(state.src);
    const doc: Doc = {
      opts: { ...o },
      alds: new Map(),
      linkDefs: new Map(),
      footnotes: new Map(),
      abbrevs: new Map(),
      depth: 0,
      htmlDepth: 0,
      spanDepth: 0,
      steps: 0,
      maxSteps: 8 * src.length + 10_000,
      notes: new Set(),
      blockRules,
    };
    env(state).kd = doc;
    const s: BlockState = { src, pos: 0, tokens: state.tokens, container: container('root'), blockIal: undefined, stop: false, doc, env: env(state) };
    parseBlocks(s, s.container, src);
  });
  md.core.ruler.push('kramdown_spans', (state) => {
    const doc = env(state).kd as Doc;
    updateTree(doc, state.tokens, spanRules);
    const abbreviate = abbreviationReplacer(doc);
    const inlines = (tokens: readonly Token[]) => tokens.filter((t) => t.type === 'inline');
    if (abbreviate) for (const t of inlines(state.tokens)) abbreviate(t.children ?? []);
    for (const fn of doc.footnotes.values()) {
      updateTree(doc, fn.tokens, spanRules);
      if (abbreviate) for (const t of inlines(fn.tokens)) abbreviate(t.children ?? []);
    }
    if (doc.opts.input === 'GFM') gfmUpdateElements(doc, state.tokens);
  });
  md.renderer.render = (tokens, _options, e: KramdownEnv) => {
    const doc = e.kd as Doc;
    const trees = new Map<string, Node>();
    for (const [name, fn] of doc.footnotes) trees.set(name, blockTree(token('footnote_def', '', 0), fn.tokens));
    return new Converter(doc, trees).root(blockTree(token('root', '', 0), tokens));
  };
  return md;
}
