// kramdown's update_tree, after the blocks are parsed: every text of a block is parsed into spans, each block
// gets the attributes of its IAL (ALDs resolved now, wherever they were defined), and headers get the text their
// automatic id is made from.
import type Token from 'markdown-it/lib/token.mjs';
import { type AttributeList, applyList } from '../attribute-list.js';
import { entity } from '../escape.js';
import { parseSpans, type SpanRule, type SpanState } from '../inline/span-state.js';
import { attrsOf, type Doc, metaOf } from '../state.js';

export function updateTree(doc: Doc, tokens: readonly Token[], rules: readonly SpanRule[]): void {
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (t.type === 'inline') parseInline(doc, t, rules);
    const ial = metaOf(t).ial as AttributeList | undefined;
    if (ial && t.nesting !== -1) applyList(attrsOf(t), ial, doc.alds);
  }
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (t.type !== 'heading_open') continue;
    const inline = tokens[i + 1];
    const m = metaOf(t);
    // kramdown input keeps the header's text as written, or with auto_id_stripping its parsed text; GFM input
    // takes the parsed text its own way (entities and typographic symbols as characters).
    if (doc.opts.input === 'GFM') m.rawText = gfmRawText(inline?.children ?? []);
    else if (doc.opts.autoIdStripping) m.rawText = textOnly(inline?.children ?? []);
    else m.rawText = inline?.content ?? '';
  }
}

export function parseInline(doc: Doc, t: Token, rules: readonly SpanRule[]): void {
  t.children = [];
  const s: SpanState = { src: t.content, pos: 0, tree: t, stack: [], doc, rules, textType: 'text' };
  parseSpans(s, t);
}

// kramdown's update_raw_text: the text elements only.
function textOnly(nodes: readonly Token[]): string {
  return nodes.map((n) => (n.type === 'text' ? n.content : textOnly(n.children ?? []))).join('');
}

// kramdown-parser-gfm's update_raw_text: text, code and math as written, entities and typographic symbols as
// their characters, everything else through its children.
function gfmRawText(nodes: readonly Token[]): string {
  let out = '';
  for (const n of nodes) {
    switch (n.type) {
      case 'text':
      case 'codespan':
      case 'math':
        out += n.content;
        break;
      case 'entity': {
        const e = (n.meta as { entity?: { codePoint: number } }).entity;
        if (e) out += String.fromCodePoint(e.codePoint);
        break;
      }
      case 'smart_quote':
      case 'typographic_sym': {
        // With a no-break space, as kramdown-parser-gfm writes them (so GFM's id drops it: 3 hyphens, not 4).
        if (n.content === 'laquo_space') out += '«\u00a0';
        else if (n.content === 'raquo_space') out += '\u00a0»';
        else {
          const e = entity(n.content);
          if (e) out += String.fromCodePoint(e.codePoint);
        }
        break;
      }
      default:
        out += gfmRawText(n.children ?? []);
    }
  }
  return out;
}
