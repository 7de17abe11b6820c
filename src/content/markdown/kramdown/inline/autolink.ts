// `<https://…>`, `<mailto:…>`, `<ftp://…>` and `<name@example.com>`: links whose text is the address. Other
// schemes are not autolinks to kramdown (they are read as HTML).
import { addText, matchAt, node, type SpanRule } from './span-state.js';

const ACHARS = '[\\p{Alphabetic}\\p{Nd}\\-_.]';
const START = new RegExp(`<((mailto|https?|ftps?):[^\\n]+?|${ACHARS}+?@${ACHARS}+?)>`, 'uy');

export const autolink: SpanRule = {
  name: 'autolink',
  spanStart: '<',
  start: START,
  parse(s) {
    const m = matchAt(START, s) as RegExpExecArray;
    s.pos += m[0].length;
    const target = m[1] ?? '';
    const a = node('a', 'a');
    (a.meta as { attrs: Map<string, string> }).attrs.set('href', m[2] === undefined ? `mailto:${target}` : target);
    addText(s, target.replace(/^mailto:/, ''), a);
    (s.tree.children ??= []).push(a);
  },
};
