// Bullet (`*`, `+`, `-`, mixed freely) and ordered (`1.`, any number, no `start`) lists. Items continue with lines
// indented to their content column or lazily; a nested list is split off so it is not read as lazy text. Whether
// an item's first paragraph gets <p> is decided per item, as kramdown does (not per list, as CommonMark does).
import { emptyList, parseAttributeList } from '../attribute-list.js';
import { BLANK_LINE, EOB_MARKER, HR_START, LIST_START, LIST_START_OL, LIST_START_UL, sticky } from '../patterns.js';
import { addBlock, type BlockRule, type BlockState, type Child, type Container, matchAt, metaOf, token } from '../state.js';
import type Token from 'markdown-it/lib/token.mjs';
import { markTaskList } from './task-list.js';
import { firstListLine, type ItemPatterns, LIST_ITEM_IAL, siblingStart } from './list-lines.js';
import { container, parseBlocks } from './parse-blocks.js';

const UL = sticky(LIST_START_UL);
const OL = sticky(LIST_START_OL);
const HR = sticky(HR_START);
const EOB = sticky(EOB_MARKER);
const BLANK = sticky(BLANK_LINE);
const ANY_LIST_START = new RegExp(LIST_START, 'mu');

interface Item {
  readonly values: string[];
  readonly ial: ReturnType<typeof emptyList> | undefined;
  children?: Child[];
}

export const list: BlockRule = (s) => {
  const ul = matchAt(UL, s.src, s.pos) !== null;
  if (!ul && !matchAt(OL, s.src, s.pos)) return false;
  const kind = ul ? 'ul' : 'ol';
  let start: RegExp = ul ? UL : OL;
  const items: Item[] = [];
  let item: Item | undefined;
  let patterns: ItemPatterns | undefined;
  let indentation = 0;
  let eobFound = false;
  let nestedListFound = false;
  let lastIsBlank = false;
  while (s.pos < s.src.length) {
    if (lastIsBlank && matchAt(HR, s.src, s.pos)) break;
    const eob = matchAt(EOB, s.src, s.pos);
    if (eob) {
      s.pos += eob[0].length;
      eobFound = true;
      break;
    }
    const next = matchAt(start, s.src, s.pos);
    if (next) {
      s.pos += next[0].length;
      const first = firstListLine((next[1] ?? '').length, next[2] ?? '');
      let content = first.content;
      let ial: Item['ial'];
      const ialMatch = LIST_ITEM_IAL.exec(content);
      if (ialMatch) {
        ial = emptyList();
        parseAttributeList(ialMatch[1] ?? '', ial);
        content = content.slice(ialMatch[0].length);
      }
      indentation = first.indentation;
      patterns = first.patterns;
      start = siblingStart(kind, indentation);
      nestedListFound = ANY_LIST_START.test(content);
      lastIsBlank = false;
      item = { values: [content], ial };
      items.push(item);
      continue;
    }
    if (item && patterns) {
      const m = matchAt(patterns.content, s.src, s.pos) ?? (lastIsBlank ? null : matchAt(patterns.lazy, s.src, s.pos));
      if (m) {
        s.pos += m[0].length;
        let result = m[0].replace(/^(\t+)/, (tabs) => ' '.repeat(4 * tabs.length));
        const indented = patterns.indent.test(result);
        if (indented) result = result.replace(patterns.indent, '');
        if (!nestedListFound && indented && ANY_LIST_START.test(result)) {
          item.values.push('');
          nestedListFound = true;
        } else if (nestedListFound && !indented && ANY_LIST_START.test(result)) {
          result = ' '.repeat(indentation + 4) + result;
        }
        item.values[item.values.length - 1] += result;
        lastIsBlank = false;
        continue;
      }
      const blank = matchAt(BLANK, s.src, s.pos);
      if (blank && blank[0] !== '') {
        s.pos += blank[0].length;
        nestedListFound = true;
        lastIsBlank = true;
        item.values[item.values.length - 1] += blank[0];
        continue;
      }
    }
    break;
  }

  const open = token(ul ? 'bullet_list_open' : 'ordered_list_open', kind, 1);
  s.tokens.push(open);
  addBlock(s, { type: kind, token: open, start: s.tokens.length - 1 });
  let trailingBlank: Child | undefined;
  const parsed: { token: Token; children: Child[] }[] = [];
  for (const it of items) {
    const li = token('list_item_open', 'li', 1);
    if (it.ial) metaOf(li).ial = it.ial;
    s.tokens.push(li);
    const temp: Container = container('li');
    for (const value of it.values) parseBlocks(s, temp, value);
    s.tokens.push(token('list_item_close', 'li', -1));
    it.children = temp.children;
    // An item with no content leaves the last blank found before it (kramdown skips it, `next`).
    if (temp.children.length > 0) trailingBlank = transparency(it, items, eobFound);
    parsed.push({ token: li, children: temp.children });
  }
  s.tokens.push(token(ul ? 'bullet_list_close' : 'ordered_list_close', kind, -1));
  if (s.doc.opts.input === 'GFM') markTaskList(open, parsed);
  if (trailingBlank && !eobFound) readdBlank(s, trailingBlank);
  return true;
};

/** kramdown's rule for an item's first paragraph being "transparent" (no <p>); returns the trailing blank. */
function transparency(it: Item, items: readonly Item[], eobFound: boolean): Child | undefined {
  const children = it.children ?? [];
  if (children.length === 0) return undefined;
  const first = children[0];
  if (first?.type === 'p' && children.length >= 2 && children[1]?.type === 'eob' && first.ial) children.splice(1, 1);
  const isLast = items.at(-1) === it;
  if (
    first?.type === 'p' &&
    (children.length < 2 || children[1]?.type !== 'blank' || (isLast && children.length === 2 && !eobFound)) &&
    (!isLast || items.length === 1 || items.slice(0, -1).some((cit) => isOpaqueStart(cit)))
  ) {
    if (children.length > 1 && children[1]?.type !== 'blank' && first.inline) first.inline.content += '\n';
    markTransparent(first);
  }
  return children.at(-1)?.type === 'blank' ? removeBlank(children.pop()) : undefined;
}

/** Takes a blank child out of where it was: its token writes nothing; the caller may put it back elsewhere. */
export function removeBlank(blank: Child | undefined): Child | undefined {
  if (blank?.token) blank.token.type = 'kd_removed';
  return blank;
}

/** Puts a blank child back at the end of the container (after a list), with a token of its own. */
export function readdBlank(s: BlockState, blank: Child): void {
  const t = token('kd_blank', '', 0);
  t.content = blank.value ?? '';
  s.tokens.push(t);
  s.container.children.push({ type: 'blank', value: blank.value ?? '', token: t, start: s.tokens.length - 1 });
}

// An earlier item whose first child is not a paragraph, or is a transparent one.
function isOpaqueStart(it: Item): boolean {
  const first = it.children?.[0];
  return first?.type !== 'p' || isTransparent(first);
}

export function markTransparent(p: Child): void {
  if (p.token) metaOf(p.token).transparent = true;
}

export function isTransparent(p: Child): boolean {
  return p.token !== undefined && metaOf(p.token).transparent === true;
}
