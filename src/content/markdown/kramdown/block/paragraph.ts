// Paragraphs: lines up to a blank line or (GFM's paragraph_end quirk, Jekyll's default) a line that starts a
// list, header, quote, fence or definition. Lines after the first keep their indentation. A paragraph that
// follows a paragraph directly (the line that ended it started no block after all) continues it.
import {
  ATX_HEADER_START_GFM,
  BLOCKQUOTE_START,
  DEFINITION_LIST_START,
  FENCED_CODEBLOCK_START_GFM,
  LAZY_END,
  LIST_START,
  OPT_SPACE,
  PARAGRAPH_MATCH,
  sticky,
} from '../patterns.js';
import { lstrip, rstrip } from '../ruby-string.js';
import { addBlock, type BlockRule, lastChild, matchAt, token } from '../state.js';

const START = sticky(`^${OPT_SPACE}[^ \\t][^\\n]*?\\n`);
const END_GFM = sticky([LAZY_END, LIST_START, ATX_HEADER_START_GFM, DEFINITION_LIST_START, BLOCKQUOTE_START, FENCED_CODEBLOCK_START_GFM].join('|'));
const END_KRAMDOWN = sticky(`${LAZY_END}|${DEFINITION_LIST_START}`);

export const paragraph: BlockRule = (s) => {
  if (!matchAt(START, s.src, s.pos)) return false;
  const end = s.doc.opts.input === 'GFM' && s.doc.opts.gfmQuirks.has('paragraph_end') ? END_GFM : END_KRAMDOWN;
  const pos = s.pos;
  let result = '';
  do {
    const line = matchAt(PARAGRAPH_MATCH, s.src, s.pos);
    if (!line) break;
    result += line[0];
    s.pos += line[0].length;
  } while (!matchAt(end, s.src, s.pos));
  result = rstrip(result);
  const last = lastChild(s);
  if (last?.type === 'p' && last.inline) {
    // The joiner keeps a hard line break ("  \n") that ended the paragraph so far.
    const joiner = s.src.slice(pos - 3, pos) === '  \n' ? '  \n' : '\n';
    last.inline.content += joiner + result;
    return true;
  }
  const open = token('paragraph_open', 'p', 1);
  const inline = token('inline', '', 0);
  inline.content = lstrip(result);
  s.tokens.push(open, inline, token('paragraph_close', 'p', -1));
  addBlock(s, { type: 'p', token: open, inline, start: s.tokens.length - 3 });
  return true;
};
