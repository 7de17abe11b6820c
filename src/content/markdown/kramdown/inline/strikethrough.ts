// GFM's `~~struck~~` (<del>): its inside parsed on its own, as kramdown-parser-gfm does (so emphasis may nest
// in it afresh).
import { matchAt, node, parseSpans, type SpanRule } from './span-state.js';

const START = /~~(?![ \t\r\n\f\v]|~)[^]*?[^ \t\r\n\f\v~]~~/y;

export const strikethrough: SpanRule = {
  name: 'strikethrough_gfm',
  spanStart: '~~',
  start: START,
  parse(s) {
    const m = matchAt(START, s) as RegExpExecArray;
    s.pos += m[0].length;
    const del = node('html_element', 'del');
    (del.meta as Record<string, unknown>)['html'] = { name: 'del', category: 'span', contentModel: 'span', isClosed: false, inRaw: false };
    (s.tree.children ??= []).push(del);
    const inner = { ...s, src: m[0].slice(2, -2), pos: 0, tree: del, stack: [], textType: 'text' };
    parseSpans(inner, del);
  },
};
