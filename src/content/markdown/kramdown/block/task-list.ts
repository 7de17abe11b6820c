// GFM task lists (kramdown-parser-gfm): an item whose text starts with `[ ]` or `[x]` gets a disabled checkbox,
// written into its text as HTML; from the first such item on, every item has class task-list-item, and the list
// task-list.
import type Token from 'markdown-it/lib/token.mjs';
import { attrsOf, type Child } from '../state.js';

const UNCHECKED = '<input type="checkbox" class="task-list-item-checkbox" disabled="disabled" />';
const CHECKED = '<input type="checkbox" class="task-list-item-checkbox" disabled="disabled" checked="checked" />';

/** `items`: each item's token and children, in order. */
export function markTaskList(list: Token, items: readonly { token: Token; children: readonly Child[] }[]): void {
  let isTaskList = false;
  for (const item of items) {
    const first = item.children[0];
    if (first?.type !== 'p' || !first.inline) continue;
    const text = first.inline.content;
    let replaced = text.replace(/^[ \t\r\n\f\v]*\[ \][ \t\r\n\f\v]+/, UNCHECKED);
    const unchecked = replaced !== text;
    const after = replaced.replace(/^[ \t\r\n\f\v]*\[x\][ \t\r\n\f\v]+/i, CHECKED);
    const checked = after !== replaced;
    replaced = after;
    first.inline.content = replaced;
    isTaskList ||= unchecked || checked;
    if (isTaskList) attrsOf(item.token).set('class', 'task-list-item');
  }
  if (isTaskList) attrsOf(list).set('class', 'task-list');
}
