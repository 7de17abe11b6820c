// ATX (`## Title`) and setext (Title / ===) headers. GFM input: `#` needs a space after it and a header may
// follow a paragraph line directly; kramdown input: it needs a blank line (a block boundary) before. A trailing
// `{#id}` sets the id.
import { ATX_HEADER_START_GFM, ATX_HEADER_START_KRAMDOWN, sticky } from '../patterns.js';
import { rstrip } from '../ruby-string.js';
import { memoOf } from '../source-memo.js';
import { addBlock, afterBlockBoundary, attrsOf, type BlockState, type BlockRule, matchAt, token } from '../state.js';

// XML's NameStartChar and NameChar (REXML::XMLTokens), as kramdown's HEADER_ID uses them.
const NAME_START =
  ':A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD\\u{10000}-\\u{EFFFF}';
const NAME_CHAR = `${NAME_START}\\-.0-9\\u00B7\\u0300-\\u036F\\u203F-\\u2040`;
const HEADER_ID = new RegExp(`[\\t ]\\{#([${NAME_START}][${NAME_CHAR}]*)\\}$`, 'u');

const ATX_GFM = sticky(ATX_HEADER_START_GFM);
const ATX_KD = sticky(ATX_HEADER_START_KRAMDOWN);
const SETEXT = sticky('^ {0,3}([^ \\t\\n][^\\n]*)\\n([-=])[-=]*[ \\t\\r\\f\\v]*\\n');

/** parse_header_contents: the text without trailing space and without its `{#id}`. */
function headerContents(raw: string): { text: string; id: string | undefined } {
  let text = rstrip(raw);
  const m = HEADER_ID.exec(text);
  if (!m) return { text, id: undefined };
  text = rstrip(text.slice(0, text.length - m[0].length));
  return { text, id: m[1] };
}

function addHeader(s: BlockState, length: number, level: number, text: string, id: string | undefined): void {
  s.pos += length;
  const open = token('heading_open', `h${level}`, 1);
  (open.meta as Record<string, unknown>)['level'] = level;
  if (id !== undefined) attrsOf(open).set('id', id);
  const inline = token('inline', '', 0);
  inline.content = text;
  s.tokens.push(open, inline, token('heading_close', `h${level}`, -1));
  addBlock(s, { type: 'header', token: open, inline, start: s.tokens.length - 3 });
}

export const atxHeader: BlockRule = (s) => {
  const gfm = s.doc.opts.input === 'GFM';
  const quirk = gfm && s.doc.opts.gfmQuirks.has('paragraph_end');
  const m = matchAt(gfm ? ATX_GFM : ATX_KD, s.src, s.pos);
  if (!m) return false;
  if (!quirk && !afterBlockBoundary(s)) return false;
  let { text, id } = headerContents(m[2] ?? '');
  // GFM: closing hashes need a space before them; kramdown: any run of unescaped hashes at the end.
  const closing = gfm ? /[\t ]#+$/ : /(?<!\\)#+$/;
  if (closing.test(text)) text = rstrip(text.replace(closing, ''));
  if (text === '') return false;
  addHeader(s, m[0].length, (m[1] ?? '#').length, text, id);
  return true;
};

export const setextHeader: BlockRule = (s) => {
  // The next line must start with - or = (checked first: the pattern would read the whole line).
  const nl = memoOf(s).indexOf('\n', s.pos);
  const next = s.src[nl + 1];
  if (nl < 0 || (next !== '-' && next !== '=')) return false;
  const m = matchAt(SETEXT, s.src, s.pos);
  if (!m || !afterBlockBoundary(s)) return false;
  const { text, id } = headerContents(m[1] ?? '');
  if (text === '') return false;
  addHeader(s, m[0].length, m[2] === '-' ? 2 : 1, text, id);
  return true;
};
