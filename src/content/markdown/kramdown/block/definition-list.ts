// Definition lists: a paragraph (each of its lines a term) followed by `: definition` lines. A definition after a
// blank line gets <p>; one right after its term does not. A list that follows another (a blank line between at
// most) joins it.
import { type AttributeList, emptyList, parseAttributeList } from '../attribute-list.js';
import { BLANK_LINE, DEFINITION_LIST_START, EOB_MARKER, sticky } from '../patterns.js';
import { addBlock, type BlockRule, type Child, matchAt, metaOf, setIal, token } from '../state.js';
import { markTransparent, readdBlank, removeBlank } from './list.js';
import { firstListLine, type ItemPatterns, LIST_ITEM_IAL, siblingStart } from './list-lines.js';
import { container, parseBlocks, popChild } from './parse-blocks.js';

const START = sticky(DEFINITION_LIST_START);
const EOB = sticky(EOB_MARKER);
const BLANK = sticky(BLANK_LINE);

interface Definition {
  value: string;
  readonly firstAsPara: boolean;
  readonly ial: AttributeList | undefined;
}

export const definitionList: BlockRule = (s) => {
  if (!matchAt(START, s.src, s.pos)) return false;
  const children = s.container.children;
  const last = children.at(-1);
  const beforeLast = children.at(-2);
  if (
    !last ||
    (children.length === 1 && last.type !== 'p') ||
    (children.length >= 2 && last.type !== 'p' && (last.type !== 'blank' || last.value !== '\n' || beforeLast?.type !== 'p'))
  ) {
    return false;
  }
  let firstAsPara = false;
  if (last.type === 'blank') {
    removeBlank(children.pop());
    firstAsPara = true;
  }
  const para = popChild(s);
  if (!para) return false;
  const terms: { text: string; ial: AttributeList | undefined }[] = (para.child.inline?.content ?? '').split('\n').map((term) => {
    const m = LIST_ITEM_IAL.exec(term);
    if (!m) return { text: term, ial: undefined };
    const ial = emptyList();
    parseAttributeList(m[1] ?? '', ial);
    return { text: term.slice(m[0].length), ial };
  });

  const defs: Definition[] = [];
  let item: Definition | undefined;
  let patterns: ItemPatterns | undefined;
  let start = START;
  let lastIsBlank = false;
  while (s.pos < s.src.length) {
    let m = matchAt(start, s.src, s.pos);
    if (m) {
      s.pos += m[0].length;
      const first = firstListLine((m[1] ?? '').length, m[2] ?? '');
      let content = first.content;
      let ial: AttributeList | undefined;
      const ialMatch = LIST_ITEM_IAL.exec(content);
      if (ialMatch) {
        ial = emptyList();
        parseAttributeList(ialMatch[1] ?? '', ial);
        content = content.slice(ialMatch[0].length);
      }
      item = { value: content, firstAsPara, ial };
      defs.push(item);
      patterns = first.patterns;
      start = siblingStart('dl', first.indentation);
      firstAsPara = false;
      lastIsBlank = false;
      continue;
    }
    if (matchAt(EOB, s.src, s.pos) || !item || !patterns) break;
    m = matchAt(patterns.content, s.src, s.pos) ?? (lastIsBlank ? null : matchAt(patterns.lazy, s.src, s.pos));
    if (m) {
      s.pos += m[0].length;
      item.value += m[0].replace(/^(\t+)/, (tabs) => ' '.repeat(4 * tabs.length)).replace(patterns.indent, '');
      firstAsPara = false;
      lastIsBlank = false;
      continue;
    }
    const blank = matchAt(BLANK, s.src, s.pos);
    if (blank && blank[0] !== '') {
      s.pos += blank[0].length;
      firstAsPara = true;
      item.value += blank[0];
      lastIsBlank = true;
      continue;
    }
    break;
  }

  // kramdown makes the new list (new_block_el) before deciding to join: a pending IAL is taken either way, and
  // then replaced by the term paragraph's.
  s.blockIal = undefined;
  // Joins a definition list right before (with at most a blank line between): its close token goes last again.
  const prev = children.at(-1);
  const joinTo = prev?.type === 'dl' ? prev : prev?.type === 'blank' && children.at(-2)?.type === 'dl' ? children.at(-2) : undefined;
  if (joinTo) {
    if (prev?.type === 'blank') removeBlank(children.pop());
    const close = s.tokens.findLastIndex((t) => t.type === 'dl_close');
    s.tokens.splice(close, 1);
  } else {
    const open = token('dl_open', 'dl', 1);
    s.tokens.push(open);
    const child: Child = addBlock(s, { type: 'dl', token: open, start: s.tokens.length - 1 });
    if (para.child.ial) setIal(child, para.child.ial);
  }
  for (const term of terms) {
    const dt = token('dt_open', 'dt', 1);
    if (term.ial) metaOf(dt).ial = term.ial;
    const inline = token('inline', '', 0);
    inline.content = term.text;
    s.tokens.push(dt, inline, token('dt_close', 'dt', -1));
  }
  let trailing: Child | undefined;
  for (const def of defs) {
    const dd = token('dd_open', 'dd', 1);
    if (def.ial) metaOf(dd).ial = def.ial;
    s.tokens.push(dd);
    const inner = container('dd');
    parseBlocks(s, inner, def.value);
    s.tokens.push(token('dd_close', 'dd', -1));
    const kids = inner.children;
    if (kids.length === 0) continue;
    trailing = kids.at(-1)?.type === 'blank' ? removeBlank(kids.pop()) : undefined;
    const first = kids[0];
    if (first?.type === 'p' && !def.firstAsPara) {
      if (kids.length > 1 && first.inline) first.inline.content += '\n';
      markTransparent(first);
    }
  }
  s.tokens.push(token('dl_close', 'dl', -1));
  if (trailing) readdBlank(s, trailing);
  return true;
};
