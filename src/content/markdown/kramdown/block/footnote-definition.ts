// `[^name]: text`, continued by indented lines (and lazily by unindented ones, as indented code is): parsed as
// blocks now, written at the end if a marker refers to it. Names are ASCII word characters and hyphens.
import type Token from 'markdown-it/lib/token.mjs';
import { ALD_ID_NAME, CODEBLOCK_MATCH, OPT_SPACE, sticky, WS } from '../patterns.js';
import { addBlock, type BlockRule, matchAt } from '../state.js';
import { container, parseBlocks } from './parse-blocks.js';

const START = sticky(`^${OPT_SPACE}\\[\\^(${ALD_ID_NAME})\\]:${WS}*?([^\\n]*?\\n${CODEBLOCK_MATCH})`);

export const footnoteDefinition: BlockRule = (s) => {
  const m = matchAt(START, s.src, s.pos);
  if (!m) return false;
  s.pos += m[0].length;
  const tokens: Token[] = [];
  const outer = s.tokens;
  s.tokens = tokens;
  try {
    parseBlocks(s, container('footnote_def'), (m[2] ?? '').replace(/^(?:\t| {4})/gm, ''));
  } finally {
    s.tokens = outer;
  }
  const eob = addBlock(s, { type: 'eob', value: 'footnote_def' });
  s.doc.footnotes.set(m[1] ?? '', { tokens, eob, referenced: false });
  return true;
};
