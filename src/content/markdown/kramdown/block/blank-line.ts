// Blank lines: kept as a child, since so much of kramdown asks whether one came before (block boundaries,
// loose list items, definitions as paragraphs).
import { BLANK_LINE, sticky } from '../patterns.js';
import { addBlock, type BlockRule, lastChild, matchAt, token } from '../state.js';

const BLANK = sticky(BLANK_LINE);

export const blankLine: BlockRule = (s) => {
  const m = matchAt(BLANK, s.src, s.pos);
  if (!m || m[0] === '') return false;
  s.pos += m[0].length;
  const last = lastChild(s);
  // A pending IAL is taken by the blank line, as kramdown's new_block_el(:blank) takes it: it is lost.
  if (last?.type === 'blank') {
    last.value = (last.value ?? '') + m[0];
    if (last.token) last.token.content = last.value;
  } else {
    // A token too: kramdown writes a newline for each blank element (whitespace the output keeps).
    const t = token('kd_blank', '', 0);
    t.content = m[0];
    s.tokens.push(t);
    addBlock(s, { type: 'blank', value: m[0], token: t, start: s.tokens.length - 1 });
  }
  return true;
};
