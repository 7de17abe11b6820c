// Two spaces (or two backslashes) before a newline: <br />. GFM input also breaks at a single backslash before a
// newline, and at every newline with hard_wrap (post/gfm-elements.ts).
import { childrenOf, matchAt, node, type SpanRule } from './span-state.js';

const START = /(?: {2}|\\\\)(?=\n)/y;

export const lineBreak: SpanRule = {
  name: 'line_break',
  spanStart: '(?: {2}|\\\\)(?=\\n)',
  start: START,
  parse(s) {
    const m = matchAt(START, s) as RegExpExecArray;
    childrenOf(s.tree).push(node('br', 'br'));
    s.pos += m[0].length;
  },
};
