// `^` alone on a line: kramdown's end-of-block marker (ends a list, separates two lists, a block boundary).
import { EOB_MARKER, sticky } from '../patterns.js';
import { addBlock, type BlockRule, matchAt } from '../state.js';

const EOB = sticky(EOB_MARKER);

export const eobMarker: BlockRule = (s) => {
  const m = matchAt(EOB, s.src, s.pos);
  if (!m) return false;
  s.pos += m[0].length;
  addBlock(s, { type: 'eob' });
  return true;
};
