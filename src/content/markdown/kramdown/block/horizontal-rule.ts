// `***`, `---`, `___` (spaces between allowed): a thematic break.
import { HR_START, sticky } from '../patterns.js';
import { addBlock, type BlockRule, matchAt, token } from '../state.js';

const HR = sticky(HR_START);

export const horizontalRule: BlockRule = (s) => {
  const m = matchAt(HR, s.src, s.pos);
  if (!m) return false;
  s.pos += m[0].length;
  const t = token('hr', 'hr', 0);
  s.tokens.push(t);
  addBlock(s, { type: 'hr', token: t, start: s.tokens.length - 1 });
  return true;
};
