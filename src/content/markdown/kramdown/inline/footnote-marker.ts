// `[^name]`: a reference to a footnote defined anywhere in the document; text if there is no such definition.
import { ALD_ID_NAME } from '../patterns.js';
import { addText, childrenOf, matchAt, node, type SpanRule } from './span-state.js';

const START = new RegExp(`\\[\\^(${ALD_ID_NAME})\\]`, 'uy');

export const footnoteMarker: SpanRule = {
  name: 'footnote_marker',
  spanStart: '\\[',
  start: START,
  parse(s) {
    const m = matchAt(START, s) as RegExpExecArray;
    s.pos += m[0].length;
    const name = m[1] ?? '';
    const def = s.doc.footnotes.get(name);
    if (!def) {
      addText(s, m[0]);
      return;
    }
    def.referenced = true;
    const fn = node('footnote');
    fn.content = name;
    childrenOf(s.tree).push(fn);
  },
};
