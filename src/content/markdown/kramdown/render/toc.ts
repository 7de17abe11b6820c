// The table of contents kramdown writes for `{:toc}`: every header with an id in toc_levels and without class
// no_toc, nested by level, each entry a link (id `markdown-toc-<id>`) holding the header's content without its
// footnote markers and with its links unwrapped.
import type Token from 'markdown-it/lib/token.mjs';
import { escapeAttribute } from '../escape.js';
import { htmlAttributes } from './attributes.js';

export interface TocEntry {
  readonly level: number;
  readonly id: string;
  readonly children: readonly Token[];
}

interface Item {
  readonly level: number;
  readonly html: string;
  readonly sub: Item[];
}

/** The list replacing the `{:toc}` list (`kind` ul or ol, with that list's attributes); '' with no entry. */
export function tocHtml(
  entries: readonly TocEntry[],
  kind: string,
  listAttrs: ReadonlyMap<string, string>,
  spans: (nodes: readonly Token[]) => string,
): string {
  const attrs = new Map(listAttrs);
  if (!attrs.has('id')) attrs.set('id', 'markdown-toc');
  const listId = attrs.get('id') ?? 'markdown-toc';
  const top: Item[] = [];
  const stack: Item[] = [];
  for (const entry of entries) {
    const text = spans(unwrapForToc(entry.children));
    const item: Item = {
      level: entry.level,
      html: `<a href="#${escapeAttribute(entry.id)}" id="${escapeAttribute(`${listId}-${entry.id}`)}">${text}</a>`,
      sub: [],
    };
    for (;;) {
      const last = stack.at(-1);
      if (!last) {
        top.push(item);
        stack.push(item);
        break;
      }
      if (last.level < item.level) {
        last.sub.push(item);
        stack.push(item);
        break;
      }
      stack.pop();
    }
  }
  if (top.length === 0) return '';
  // kramdown's <li> rules: the entry's link, then (no newline between) its sublist indented two more.
  const render = (items: readonly Item[], indent: number, attrsText: string): string => {
    const pad = ' '.repeat(indent);
    const ipad = ' '.repeat(indent + 2);
    let out = `${pad}<${kind}${attrsText}>\n`;
    for (const it of items) out += `${ipad}<li>${it.html}${it.sub.length > 0 ? `${render(it.sub, indent + 4, '')}${ipad}` : ''}</li>\n`;
    return `${out}${pad}</${kind}>\n`;
  };
  return render(top, 0, htmlAttributes(attrs));
}

function unwrapForToc(nodes: readonly Token[]): Token[] {
  const out: Token[] = [];
  for (const t of nodes) {
    if (t.type === 'footnote') continue;
    const kids = t.children ? unwrapForToc(t.children) : null;
    if (t.type === 'a') out.push(...(kids ?? []));
    else if (kids !== null) {
      const copy = Object.assign(Object.create(Object.getPrototypeOf(t) as object) as Token, t);
      copy.children = kids;
      out.push(copy);
    } else out.push(t);
  }
  return out;
}
