// `&name;`, `&#123;`, `&#x1F;`: entities. A name kramdown does not know is an escaped `&` and text.
import { HTML_ENTITY } from '../html-syntax.js';
import { entity } from '../escape.js';
import { addText, childrenOf, matchAt, node, type SpanRule } from './span-state.js';

const START = new RegExp(HTML_ENTITY, 'uy');

export const htmlEntity: SpanRule = {
  name: 'html_entity',
  spanStart: '&',
  start: START,
  parse(s) {
    const m = matchAt(START, s) as RegExpExecArray;
    s.pos += m[0].length;
    const e = m[1] !== undefined ? entity(m[1]) : m[2] !== undefined ? entity(Number(m[2])) : entity(parseInt(m[3] ?? '0', 16));
    const el = node('entity');
    if (e) {
      el.meta = { ...(el.meta as object), entity: e, original: m[0] };
      childrenOf(s.tree).push(el);
      return;
    }
    el.meta = { ...(el.meta as object), entity: entity('amp') };
    childrenOf(s.tree).push(el);
    addText(s, m[0].slice(1));
  },
};
