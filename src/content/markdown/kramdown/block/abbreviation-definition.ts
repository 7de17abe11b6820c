// `*[HTML]: Hyper Text Markup Language`: every later and earlier "HTML" in the text becomes an <abbr>.
import { OPT_SPACE, sticky } from '../patterns.js';
import { strip } from '../ruby-string.js';
import { addBlock, type BlockRule, matchAt } from '../state.js';

const START = sticky(`^${OPT_SPACE}\\*\\[([^\\n]+?)\\]:([^\\n]*?)\\n`);

export const abbreviationDefinition: BlockRule = (s) => {
  const m = matchAt(START, s.src, s.pos);
  if (!m) return false;
  s.pos += m[0].length;
  const eob = addBlock(s, { type: 'eob', value: 'abbrev_def' });
  s.doc.abbrevs.set(m[1] ?? '', { title: strip(m[2] ?? ''), eob });
  return true;
};
