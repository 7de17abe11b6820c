// A line starting with an HTML tag that is not a span element (or a comment) starts an HTML block; an end tag
// at a line start closes the HTML element being parsed as Markdown.
import { HTML_COMMENT, HTML_TAG, HTML_TAG_CLOSE, SPAN_ELEMENTS, UNAME } from '../html-syntax.js';
import { OPT_SPACE, sticky } from '../patterns.js';
import { memoOf } from '../source-memo.js';
import { type BlockRule, matchAt, token } from '../state.js';
import { htmlStartTag, scanTrailingWhitespace } from './html-element.js';

const START = sticky(`^${OPT_SPACE}<(?:${UNAME}|!--|\\/)`);
const COMMENT = sticky(HTML_COMMENT);
const TAG = sticky(`^${OPT_SPACE}${HTML_TAG}`);
const TAG_CLOSE = sticky(`^${OPT_SPACE}${HTML_TAG_CLOSE}`);

export const blockHtml: BlockRule = (s) => {
  if (!matchAt(START, s.src, s.pos)) return false;
  let m = memoOf(s).indexOf('-->', s.pos) < 0 ? null : matchAt(COMMENT, s.src, s.pos);
  if (m) {
    s.pos += m[0].length;
    const t = token('kd_xml_comment', '', 0);
    t.content = m[0];
    s.tokens.push(t);
    s.container.children.push({ type: 'xml_comment', token: t, start: s.tokens.length - 1 });
    scanTrailingWhitespace(s);
    return true;
  }
  m = matchAt(TAG, s.src, s.pos);
  if (m && !SPAN_ELEMENTS.has((m[1] ?? '').toLowerCase())) {
    s.pos += m[0].length;
    htmlStartTag(s, m, false);
    return true;
  }
  m = matchAt(TAG_CLOSE, s.src, s.pos);
  if (m && !SPAN_ELEMENTS.has((m[1] ?? '').toLowerCase())) {
    const name = (m[1] ?? '').toLowerCase();
    if (s.container.type === 'html_element' && s.container.htmlName === name) {
      s.pos += m[0].length;
      s.stop = true;
      return true;
    }
  }
  return false;
};
