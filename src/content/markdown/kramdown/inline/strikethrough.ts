// GFM's `~~struck~~` (<del>): its inside parsed on its own, as kramdown-parser-gfm does (so emphasis may nest
// in it afresh).
import { memoOf } from '../source-memo.js';
import { addText, childrenOf, matchAt, node, parseSpans, type SpanRule, withinBudget } from './span-state.js';

const MATCH = /~~(?![ \t\r\n\f\v]|~)[\s\S]*?[^ \t\r\n\f\v~]~~/y;
const CLOSERS = /[^ \t\r\n\f\v~]~~/g;

export const strikethrough: SpanRule = {
  name: 'strikethrough_gfm',
  spanStart: '~~',
  // kramdown's start pattern is the whole match; the cheap part is tested here, the rest below after checking
  // that a closing `~~` exists at all (else each `~~` would scan to the end).
  start: /~~(?![ \t\r\n\f\v]|~)/y,
  parse(s) {
    const m = withinBudget(s) && memoOf(s).lastMatch('strike', CLOSERS) + 1 > s.pos + 2 ? matchAt(MATCH, s) : null;
    if (!m) {
      addText(s, '~');
      s.pos++;
      return;
    }
    s.pos += m[0].length;
    const del = node('html_element', 'del');
    (del.meta as Record<string, unknown>).html = { name: 'del', category: 'span', contentModel: 'span', isClosed: false, inRaw: false };
    childrenOf(s.tree).push(del);
    const inner = { ...s, src: m[0].slice(2, -2), pos: 0, tree: del, stack: [], textType: 'text', memo: undefined };
    parseSpans(inner, del);
  },
};
