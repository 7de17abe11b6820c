// kramdown's block-level patterns, in JavaScript. Ruby's differ where it matters: `\s` there is ASCII whitespace
// only (a CJK ideographic space is text), `.` stops only at \n, and `^`/`$` always mean line start/end.
import { SPAN_ELEMENTS, UNAME } from './html-syntax.js';

export const WS = '[ \\t\\r\\n\\f\\v]';
export const NWS = '[^ \\t\\r\\n\\f\\v]';
export const OPT_SPACE = ' {0,3}';
/** Ruby's `\Z`: the end, or before a final newline. */
export const END = '(?=\\n?(?![^]))';

export const BLANK_LINE = `(?:^${WS}*\\n)+`;
export const ALD_ANY_CHARS = '(?:\\\\\\}|[^}])';
export const ALD_ID_NAME = '\\w[\\w-]*';
export const IAL_BLOCK = `\\{:(?!:|\\/)(${ALD_ANY_CHARS}+)\\}${WS}*?\\n`;
export const IAL_BLOCK_START = `^${OPT_SPACE}${IAL_BLOCK}`;
export const EOB_MARKER = `^\\^${WS}*?\\n`;

// A line starting an HTML element that is not a span element ends a paragraph (kramdown's LAZY_END_HTML_*).
const LAZY_SPAN = [...SPAN_ELEMENTS, 'script'].join('|');
export const LAZY_END_HTML_START = `<(?!(?:${LAZY_SPAN})\\b)${UNAME}`;
export const LAZY_END_HTML_STOP = `<\\/(?!(?:${LAZY_SPAN})\\b)${UNAME}${WS}*>`;
export const LAZY_END = `${BLANK_LINE}|${IAL_BLOCK_START}|${EOB_MARKER}|^${OPT_SPACE}${LAZY_END_HTML_STOP}|^${OPT_SPACE}${LAZY_END_HTML_START}|${END}`;

const PATTERN_TAIL = '[\\t| ][^\\n]*?\\n';
export const LIST_START_UL = `^(${OPT_SPACE}[+*-])(${PATTERN_TAIL})`;
export const LIST_START_OL = `^(${OPT_SPACE}\\d+\\.)(${PATTERN_TAIL})`;
export const LIST_START = `${LIST_START_UL}|${LIST_START_OL}`;
export const DEFINITION_LIST_START = `^(${OPT_SPACE}:)(${PATTERN_TAIL})`;
export const BLOCKQUOTE_START = `^${OPT_SPACE}> ?`;
export const ATX_HEADER_START_GFM = '^(#{1,6})[\\t ]+([^\\n]*)\\n';
// kramdown input: the space after # is optional, and the first character of the text may be the newline, so
// `#` alone on a line takes the next line as its text.
export const ATX_HEADER_START_KRAMDOWN = '^(#{1,6})[\\t ]*([^ \\t][^\\n]*)\\n';
export const FENCED_CODEBLOCK_START_GFM = '^ {0,3}[~`]{3,}';
export const HR_START = `^${OPT_SPACE}(\\*|-|_)[ \\t]*\\1[ \\t]*\\1(?:\\1|[ \\t])*\\n`;
export const INDENT = '^(?:\\t| {4})';
export const CODEBLOCK_MATCH = `(?:(?:${BLANK_LINE})?(?:${INDENT}[ \\t]*${NWS}[^\\n]*\\n)+(?:(?!${IAL_BLOCK_START}|${EOB_MARKER}|^${OPT_SPACE}${LAZY_END_HTML_STOP}|^${OPT_SPACE}${LAZY_END_HTML_START})^[ \\t]*${NWS}[^\\n]*\\n)*)*`;
export const BLOCK_BOUNDARY = `${BLANK_LINE}|${EOB_MARKER}|${IAL_BLOCK_START}|${END}`;

/** A sticky, multiline, Unicode pattern from kramdown's source. */
export function sticky(source: string): RegExp {
  return new RegExp(source, 'myu');
}

export const PARAGRAPH_MATCH = /[^\n]*\n/y;
