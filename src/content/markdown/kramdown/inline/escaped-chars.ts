// A backslash before one of kramdown's escapable characters (GFM adds `~`) keeps the character as text; before
// anything else the backslash is text itself.
import { addText, matchAt, type SpanRule } from './span-state.js';

const GFM = /\\([\\.*_+`<>()[\]{}#!:|"'$=\-~])/y;
const KRAMDOWN = /\\([\\.*_+`<>()[\]{}#!:|"'$=-])/y;

function rule(start: RegExp, name: string): SpanRule {
  return {
    name,
    spanStart: '\\\\',
    start,
    parse(s) {
      const m = matchAt(start, s) as RegExpExecArray;
      s.pos += m[0].length;
      addText(s, m[1] ?? '');
    },
  };
}

export const escapedCharsGfm = rule(GFM, 'escaped_chars');
export const escapedChars = rule(KRAMDOWN, 'escaped_chars');
