// Attributes as kramdown writes them (html_attributes): ` key="value"` in the element's order, escaped, an empty
// id left out.
import type Token from 'markdown-it/lib/token.mjs';
import { escapeAttribute } from '../escape.js';
import { strip } from '../ruby-string.js';

/** A token's attribute map (kept in meta, in kramdown's order). */
export function attrs(t: Token): Map<string, string> {
  const meta = t.meta as { attrs?: Map<string, string> } | null;
  return meta?.attrs ?? new Map<string, string>();
}

export function htmlAttributes(a: ReadonlyMap<string, string>): string {
  let out = '';
  for (const [k, v] of a) {
    if (k === 'id' && strip(v) === '') continue;
    out += ` ${k}="${escapeAttribute(v)}"`;
  }
  return out;
}
