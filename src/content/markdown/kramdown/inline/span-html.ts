// HTML inside text: comments kept, a stray end tag or a block element's tag kept as text, other elements parsed
// (attributes re-written: quoted with ", names lower-cased, newlines in values as spaces) with their content read
// as Markdown unless their content model is raw (code, kbd, var, …). An element without its end tag runs to the
// end of the paragraph.
import {
  BLOCK_ELEMENTS,
  contentModelOf,
  ELEMENTS_WITHOUT_BODY,
  HTML_COMMENT,
  HTML_TAG,
  HTML_TAG_CLOSE,
  isHtmlElement,
  MARKDOWN_ATTR,
  parseHtmlAttributes,
  UNAME,
} from '../html-syntax.js';
import type { HtmlMeta } from '../block/html-element.js';
import { memoOf } from '../source-memo.js';
import { addText, childrenOf, matchAt, node, parseSpans, type SpanRule, type SpanState, withinBudget } from './span-state.js';

const START = new RegExp(`<(?:${UNAME}|!--|\\/)`, 'uy');
const COMMENT = new RegExp(HTML_COMMENT, 'uy');
const TAG_CLOSE = new RegExp(HTML_TAG_CLOSE, 'uy');
const TAG = new RegExp(HTML_TAG, 'uy');

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export const spanHtml: SpanRule = {
  name: 'span_html',
  spanStart: '<',
  start: START,
  parse(s) {
    const comment = memoOf(s).indexOf('-->', s.pos) >= 0 ? matchAt(COMMENT, s) : null;
    if (comment) {
      s.pos += comment[0].length;
      const c = node('xml_comment');
      c.content = comment[0];
      childrenOf(s.tree).push(c);
      return;
    }
    const endTag = matchAt(TAG_CLOSE, s);
    if (endTag) {
      s.pos += endTag[0].length;
      addText(s, endTag[0]);
      return;
    }
    const m = withinBudget(s) ? matchAt(TAG, s) : null;
    if (!m) {
      addText(s, s.src[s.pos] ?? '');
      s.pos++;
      return;
    }
    s.pos += m[0].length;
    let name = m[1] ?? '';
    const known = isHtmlElement(name.toLowerCase());
    if (known) name = name.toLowerCase();
    if (BLOCK_ELEMENTS.has(name)) {
      addText(s, m[0]);
      return;
    }
    const attrs = parseHtmlAttributes(m[2] ?? '', known);
    for (const [k, v] of attrs) if (v !== '') attrs.set(k, v.replace(/\n+/g, ' '));
    let parse = contentModelOf(name) === 'raw' || isRawParent(s) ? false : s.doc.opts.parseSpanHtml;
    const markdown = attrs.get('markdown');
    if (markdown !== undefined) {
      attrs.delete('markdown');
      const mode = MARKDOWN_ATTR.get(markdown);
      if (mode === 'span') parse = true;
      else if (mode === 'default') parse = contentModelOf(name) !== 'raw';
      else if (mode === 'raw') parse = false;
    }
    const el = node('html_element', name, attrs);
    const meta: HtmlMeta = { name, category: 'span', contentModel: parse ? 'span' : 'raw', isClosed: m[4] !== undefined, inRaw: false };
    (el.meta as Record<string, unknown>).html = meta;
    childrenOf(s.tree).push(el);
    if (m[4] === undefined && !ELEMENTS_WITHOUT_BODY.has(name)) {
      const stop = new RegExp(`<\\/${escapeRegExp(name)}[ \\t\\r\\n\\f\\v]*>`, known ? 'iu' : 'u');
      if (parseSpans(s, el, stop, undefined, parse ? s.rules : s.rules.filter((r) => r.name === 'span_html'))) {
        const close = new RegExp(stop.source, `${stop.flags}y`);
        close.lastIndex = s.pos;
        const c = close.exec(s.src);
        if (c) s.pos += c[0].length;
      } else {
        addText(s, s.src.slice(s.pos), el);
        s.pos = s.src.length;
      }
    }
  },
};

function isRawParent(s: SpanState): boolean {
  const meta = (s.tree.meta as Record<string, unknown> | null)?.html as HtmlMeta | undefined;
  return meta?.contentModel === 'raw';
}
