// `>` quotes. kramdown takes every following line up to a blank line (or an IAL, `^`, or an HTML block line),
// `>` or not, drops the `>` markers and parses the rest as blocks of their own.
import { BLOCKQUOTE_START, LAZY_END, PARAGRAPH_MATCH, sticky } from '../patterns.js';
import { addBlock, type BlockRule, matchAt, token } from '../state.js';
import { container, parseBlocks } from './parse-blocks.js';

const START = sticky(BLOCKQUOTE_START);
const LAZY = sticky(LAZY_END);
const MARKERS = new RegExp(BLOCKQUOTE_START, 'gm');

export const blockquote: BlockRule = (s) => {
  if (!matchAt(START, s.src, s.pos)) return false;
  let result = '';
  do {
    const line = matchAt(PARAGRAPH_MATCH, s.src, s.pos);
    if (!line) break;
    result += line[0];
    s.pos += line[0].length;
  } while (!matchAt(LAZY, s.src, s.pos));
  const open = token('blockquote_open', 'blockquote', 1);
  s.tokens.push(open);
  const start = s.tokens.length - 1;
  addBlock(s, { type: 'blockquote', token: open, start });
  parseBlocks(s, container('blockquote'), result.replace(MARKERS, ''));
  s.tokens.push(token('blockquote_close', 'blockquote', -1));
  return true;
};
