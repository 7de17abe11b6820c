// `$$x$$` inside text: inline math, written for MathJax as \(x\).
import { strip } from '../ruby-string.js';
import { childrenOf, matchAt, node, type SpanRule } from './span-state.js';

const START = /\$\$([\s\S]*?)\$\$/y;

export const inlineMath: SpanRule = {
  name: 'inline_math',
  spanStart: '\\$',
  start: START,
  parse(s) {
    const m = matchAt(START, s) as RegExpExecArray;
    s.pos += m[0].length;
    const el = node('math');
    el.content = strip(m[1] ?? '');
    childrenOf(s.tree).push(el);
  },
};
