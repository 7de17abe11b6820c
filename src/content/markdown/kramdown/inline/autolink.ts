// `<https://…>`, `<mailto:…>`, `<ftp://…>` and `<name@example.com>`: links whose text is the address. Other
// schemes are not autolinks to kramdown (they are read as HTML).
import { memoOf } from '../source-memo.js';
import { addText, childrenOf, matchAt, node, type SpanRule } from './span-state.js';

const ACHARS = '[\\p{Alphabetic}\\p{Nd}\\-_.]';
const MATCH = new RegExp(`<((mailto|https?|ftps?):[^\\n]+?|${ACHARS}+?@${ACHARS}+?)>`, 'uy');

export const autolink: SpanRule = {
  name: 'autolink',
  spanStart: '<',
  start: new RegExp(`<(?:(?:mailto|https?|ftps?):|${ACHARS}+?@)`, 'uy'),
  parse(s) {
    // An address runs to the next `>` on its line: without one, no autolink (and no scan to the line's end).
    const memo = memoOf(s);
    const gt = memo.indexOf('>', s.pos);
    const nl = memo.indexOf('\n', s.pos);
    if (gt < 0 || (nl >= 0 && nl < gt)) return false;
    const m = matchAt(MATCH, s);
    if (!m) return false;
    s.pos += m[0].length;
    const target = m[1] ?? '';
    const a = node('a', 'a');
    (a.meta as { attrs: Map<string, string> }).attrs.set('href', m[2] === undefined ? `mailto:${target}` : target);
    addText(s, target.replace(/^mailto:/, ''), a);
    childrenOf(s.tree).push(a);
  },
};
