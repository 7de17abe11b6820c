// Fenced code: GFM's ``` and ~~~ (up to three spaces before; the closing fence at least as long, of the same
// character) or, with kramdown input, only ~~~ at the line start. Without a closing fence it is no code block.
// The text is kept as written (not de-indented); `lang?opts` names the language, `lang` the class.
import { FENCED_CODEBLOCK_START_GFM, NWS, sticky, WS } from '../patterns.js';
import { strip } from '../ruby-string.js';
import { memoOf } from '../source-memo.js';
import { addBlock, attrsOf, type BlockRule, matchAt, token } from '../state.js';

const GFM_START = sticky(FENCED_CODEBLOCK_START_GFM);
const GFM_MATCH = sticky(`^ {0,3}(([~\`]){3,})${WS}*?((${NWS}+?)(?:\\?${NWS}*)?)?${WS}*?\\n([^]*?)^ {0,3}\\1\\2*${WS}*?\\n`);
const KD_START = sticky('^~{3,}');
const KD_MATCH = sticky(`^((~){3,})${WS}*?((${NWS}+?)(?:\\?${NWS}*)?)?${WS}*?\\n([^]*?)^\\1\\2*${WS}*?\\n`);

// Lines that can close a fence of ` or ~: without one after the opening line, there is no code block (checked
// first, so a thousand unclosed fences cost one scan).
const GFM_CLOSERS = { '`': /^ {0,3}`{3,}[ \t\r\f\v]*$/gm, '~': /^ {0,3}~{3,}[ \t\r\f\v]*$/gm } as const;
const KD_CLOSERS = /^~{3,}[ \t\r\f\v]*$/gm;

export const fencedCodeblock: BlockRule = (s) => {
  const gfm = s.doc.opts.input === 'GFM';
  const start = matchAt(gfm ? GFM_START : KD_START, s.src, s.pos);
  if (!start) return false;
  const char = start[0].trimStart()[0] === '~' ? '~' : '`';
  const memo = memoOf(s);
  const lastCloser = gfm ? memo.lastMatch(`fence${char}`, GFM_CLOSERS[char]) : memo.lastMatch('fence~kd', KD_CLOSERS);
  if (lastCloser <= s.pos) return false;
  const m = matchAt(gfm ? GFM_MATCH : KD_MATCH, s.src, s.pos);
  if (!m) return false;
  s.pos += m[0].length;
  const t = token('code_block', 'code', 0);
  t.content = m[5] ?? '';
  const lang = strip(m[3] ?? '');
  if (lang !== '') {
    t.info = lang;
    attrsOf(t).set('class', `language-${m[4] ?? ''}`);
  }
  s.tokens.push(t);
  addBlock(s, { type: 'codeblock', token: t, start: s.tokens.length - 1 });
  return true;
};
