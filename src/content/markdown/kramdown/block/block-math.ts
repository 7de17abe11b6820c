// `$$ … $$` as a block of its own (blank lines around it): display math, which Jekyll's kramdown writes for
// MathJax as \[ … \].
import { BLOCK_BOUNDARY, OPT_SPACE, sticky } from '../patterns.js';
import { strip } from '../ruby-string.js';
import { addBlock, afterBlockBoundary, type BlockRule, matchAt, token } from '../state.js';

const START = sticky(`^${OPT_SPACE}(\\\\)?\\$\\$([^]*?)\\$\\$([ \\t\\r\\n\\f\\v]*?\\n)?`);
const ESCAPE = sticky(`^${OPT_SPACE}\\\\`);
const BOUNDARY = sticky(BLOCK_BOUNDARY);

// before_block_boundary? at `pos`. Mid-line (text after the closing $$), Ruby's scanner still matches `^` there:
// the line's rest is tested on its own (an IAL, `^` or nothing but spaces), the end of the text as it is.
function boundaryAt(src: string, pos: number): boolean {
  if (pos === 0 || src.charCodeAt(pos - 1) === 10) return matchAt(BOUNDARY, src, pos) !== null;
  if (pos === src.length || (pos === src.length - 1 && src.charCodeAt(pos) === 10)) return true;
  const nl = src.indexOf('\n', pos);
  return matchAt(BOUNDARY, src.slice(pos, nl < 0 ? src.length : nl + 1), 0) !== null && nl >= 0;
}

export const blockMath: BlockRule = (s) => {
  const m = matchAt(START, s.src, s.pos);
  if (!m || !afterBlockBoundary(s)) return false;
  if (m[1] !== undefined) {
    // `\$$`: not math; the backslash is dropped when the line ends after the closing $$.
    if (m[3] !== undefined) {
      const e = matchAt(ESCAPE, s.src, s.pos);
      if (e) s.pos += e[0].length;
    }
    return false;
  }
  const end = s.pos + m[0].length;
  if (!boundaryAt(s.src, end)) return false;
  s.pos = end;
  const t = token('math_block', '', 0);
  t.content = strip(m[2] ?? '');
  s.tokens.push(t);
  addBlock(s, { type: 'math', token: t, start: s.tokens.length - 1 });
  return true;
};
