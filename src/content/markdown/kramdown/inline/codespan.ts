// `code`: closed by the first run of the same backticks (kramdown does not require equal runs); with two or
// more, one space inside each end is dropped. A lone backtick between spaces is text.
import { memoOf } from '../source-memo.js';
import { addText, childrenOf, matchAt, node, type SpanRule } from './span-state.js';

const START = /`+/y;

export const codespan: SpanRule = {
  name: 'codespan',
  spanStart: '`',
  start: START,
  parse(s) {
    const saved = s.pos;
    const result = (matchAt(START, s) as RegExpExecArray)[0];
    s.pos += result.length;
    const simple = result.length === 1;
    const before = s.src.slice(0, saved);
    if (simple && /(?:[ \t\r\n\f\v]\n?|^)$/.test(before) && /[ \t\r\n\f\v]/.test(s.src[s.pos] ?? '')) {
      addText(s, result);
      return;
    }
    const end = memoOf(s).indexOf(result, s.pos);
    if (end < 0) {
      addText(s, result);
      return;
    }
    let text = s.src.slice(s.pos, end);
    s.pos = end + result.length;
    if (!simple) {
      if (text.startsWith(' ')) text = text.slice(1);
      if (text.endsWith(' ')) text = text.slice(0, -1);
    }
    const el = node('codespan', 'code');
    el.content = text;
    el.markup = result;
    childrenOf(s.tree).push(el);
  },
};
