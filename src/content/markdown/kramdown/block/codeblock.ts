// Indented code (one tab or four spaces). kramdown lets a less indented non-blank line continue the block and
// joins it to the line before with a space; it ends at a blank line not followed by more indented code.
import { CODEBLOCK_MATCH, INDENT, sticky } from '../patterns.js';
import { addBlock, type BlockRule, matchAt, token } from '../state.js';

const START = sticky(INDENT);
const MATCH = sticky(CODEBLOCK_MATCH);

export const codeblock: BlockRule = (s) => {
  if (!matchAt(START, s.src, s.pos)) return false;
  const m = matchAt(MATCH, s.src, s.pos);
  if (!m || m[0] === '') return false;
  s.pos += m[0].length;
  const data = m[0].replace(/\n( {0,3}[^ \t\r\n\f\v])/g, ' $1').replace(/^(?:\t| {4})/gm, '');
  const t = token('code_block', 'code', 0);
  t.content = data;
  s.tokens.push(t);
  addBlock(s, { type: 'codeblock', token: t, start: s.tokens.length - 1 });
  return true;
};
