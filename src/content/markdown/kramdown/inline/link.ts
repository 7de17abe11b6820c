// Links and images: `[text](url "title")`, `[text](<url with spaces>)`, `[text][id]`, `[text][]`, `[text]` and
// their `!` images. URLs are written as given (not percent-encoded); an image's alt is its raw bracket text.
// A link inside a link is text; an unresolved reference is text, and parsing goes on after its `[`.
import { applyList } from '../attribute-list.js';
import { normalizeLinkId } from '../block/link-definition.js';
import { strip } from '../ruby-string.js';
import { addText, childrenOf, matchAt, node, openTypes, parseSpans, type SpanRule, type SpanState, withinBudget } from './span-state.js';

const START = /!?\[(?=[^^])/y;
const BRACKET_STOP = /(\])|!?\[/u;
const INLINE_ID = /[ \t\r\n\f\v]*?\[([^\]]+)?\]/y;
const ANGLE_URL = /\(<([^\n]*?)>/y;
const CLOSE_PAREN = /\)/y;
const PAREN_STOP = /(\()|(\))|[ \t\r\n\f\v](?=['"])/g;
const TITLE = /[ \t\r\n\f\v]*?(["'])([\s\S]+?)\1[ \t\r\n\f\v]*?\)/y;
const ESCAPED_CHARS = /\\([\\.*_+`<>()[\]{}#!:|"'$=-])/g;

function addLink(s: SpanState, el: ReturnType<typeof node>, href: string, title: string | undefined, alt: string, ial?: Parameters<typeof applyList>[1]): void {
  const attrs = (el.meta as { attrs: Map<string, string> }).attrs;
  if (ial) {
    (el.meta as Record<string, unknown>).ial = ial;
    applyList(attrs, ial, s.doc.alds);
  }
  if (el.type === 'a') attrs.set('href', href);
  else {
    attrs.set('src', href);
    attrs.set('alt', alt);
    el.children = [];
  }
  if (title !== undefined) attrs.set('title', title);
  childrenOf(s.tree).push(el);
}

export const link: SpanRule = {
  name: 'link',
  spanStart: '!?\\[',
  start: START,
  parse(s) {
    const saved = s.pos;
    const result = (matchAt(START, s) as RegExpExecArray)[0];
    s.pos += result.length;
    const type = result.startsWith('!') ? 'img' : 'a';
    if (!withinBudget(s) || (type === 'a' && openTypes(s).some((t) => t === 'a' || t === 'img'))) {
      addText(s, result);
      return;
    }
    const el = node(type, type);
    const textStart = s.pos;
    let count = 1;
    const found = parseSpans(s, el, BRACKET_STOP, () => {
      count += s.src[s.pos] === ']' ? -1 : 1;
      return count - (el.children ?? []).filter((c) => c.type === 'img').length === 0;
    });
    const revert = () => {
      s.pos = saved + result.length;
      addText(s, result);
    };
    if (!found) return revert();
    const alt = s.src.slice(textStart, s.pos).replace(ESCAPED_CHARS, '$1');
    s.pos += 1;
    const id = matchAt(INLINE_ID, s);
    if (id || s.src[s.pos] !== '(') {
      if (id) s.pos += id[0].length;
      const def = s.doc.linkDefs.get(normalizeLinkId(id?.[1] ?? alt));
      if (!def) return revert();
      return addLink(s, el, def.url, def.title, alt, def.eob.ial);
    }
    let url: string;
    const angle = matchAt(ANGLE_URL, s);
    if (angle) {
      s.pos += angle[0].length;
      url = angle[1] ?? '';
      if (matchAt(CLOSE_PAREN, s)) {
        s.pos += 1;
        return addLink(s, el, url, undefined, alt);
      }
    } else {
      let raw = '';
      let brackets = 0;
      for (;;) {
        PAREN_STOP.lastIndex = s.pos;
        const m = PAREN_STOP.exec(s.src);
        if (!m) break;
        raw += s.src.slice(s.pos, m.index + m[0].length);
        s.doc.steps += m.index + m[0].length - s.pos;
        s.pos = m.index + m[0].length;
        if (m[2] !== undefined) {
          brackets--;
          if (brackets === 0) break;
        } else if (m[1] !== undefined) brackets++;
        else break;
      }
      url = strip(raw.slice(1, -1));
      if (brackets === 0) return addLink(s, el, url, undefined, alt);
    }
    // The title's pattern runs to a matching quote and `)`: count the scan, so that many unclosed links spend
    // the document's steps and are then read as text.
    const title = withinBudget(s) ? matchAt(TITLE, s) : null;
    s.doc.steps += title ? title[0].length : s.src.length - s.pos;
    if (!title) return revert();
    s.pos += title[0].length;
    addLink(s, el, url, title[2], alt);
  },
};
