// `{:…}` inside text: a span IAL (`*em*{: .x}`, `[a](u){:target="_blank"}`) giving attributes to the element just
// before it (not to text), or `{::comment}…{:/}`, `{::nomarkdown}…{:/}` and `{::options … /}` inline.
import { applyList, emptyList, mergeLists, parseAttributeList } from '../attribute-list.js';
import { ALD_ANY_CHARS, ALD_ID_NAME } from '../patterns.js';
import { memoOf } from '../source-memo.js';
import { addText, childrenOf, matchAt, node, type SpanRule } from './span-state.js';

const EXT = new RegExp(`\\{::(\\w+)(?:[ \\t\\r\\n\\f\\v](${ALD_ANY_CHARS}*?)|)(\\/)?\\}|\\{:\\/(${ALD_ID_NAME})?\\}`, 'uy');
const IAL = new RegExp(`\\{:(${ALD_ANY_CHARS}+)\\}`, 'uy');

export const spanExtensions: SpanRule = {
  name: 'span_extensions',
  spanStart: '\\{:',
  start: /\{:/y,
  parse(s) {
    // Every form needs a `}`: without one ahead, this `{` is text (and no pattern scans to the end for it).
    const memo = memoOf(s);
    if (memo.indexOf('}', s.pos) < 0) {
      addText(s, '{');
      s.pos++;
      return;
    }
    let m = matchAt(EXT, s);
    if (m) {
      const saved = s.pos;
      const fail = () => {
        s.pos = saved + 1;
        addText(s, '{');
      };
      const [whole, name, optsText, selfClosing, stopName] = m;
      if (stopName !== undefined || whole === '{:/}' || name === undefined) return fail();
      if (!['comment', 'nomarkdown', 'options'].includes(name)) return fail();
      const opts = emptyList();
      parseAttributeList(optsText ?? '', opts);
      let body: string | undefined;
      let end = saved + whole.length;
      if (selfClosing === undefined) {
        const stop = new RegExp(`\\{:\\/(${name})?\\}`, 'gu');
        if (memo.lastMatch(`stop-${name}`, stop) < end) return fail();
        stop.lastIndex = end;
        const found = stop.exec(s.src);
        if (!found) return fail();
        body = s.src.slice(end, found.index);
        end = found.index + found[0].length;
      }
      s.pos = end;
      if (name === 'comment' && body !== undefined) {
        const c = node('comment');
        c.content = body;
        childrenOf(s.tree).push(c);
      } else if (name === 'nomarkdown' && body !== undefined) {
        const r = node('raw');
        r.content = body;
        r.info = opts.attrs.get('type') ?? '';
        childrenOf(s.tree).push(r);
      } else if (name === 'options') {
        for (const [key, value] of opts.attrs) {
          if (key === 'parse_block_html') s.doc.opts.parseBlockHtml = value === 'true';
          else if (key === 'parse_span_html') s.doc.opts.parseSpanHtml = value === 'true';
          else s.doc.notes.add(`{::options ${key}="…" /} is not applied`);
        }
      }
      return;
    }
    m = matchAt(IAL, s);
    const last = s.tree.children?.at(-1);
    if (m && last && last.type !== 'text') {
      s.pos += m[0].length;
      const list = emptyList();
      parseAttributeList(m[1] ?? '', list);
      const meta = last.meta as Record<string, unknown>;
      const ial = (meta.ial as ReturnType<typeof emptyList> | undefined) ?? emptyList();
      mergeLists(ial, list);
      meta.ial = ial;
      const attrs = (meta.attrs as Map<string, string> | undefined) ?? new Map<string, string>();
      meta.attrs = attrs;
      applyList(attrs, list, s.doc.alds);
      return;
    }
    addText(s, '{');
    s.pos++;
  },
};
