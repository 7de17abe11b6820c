// kramdown-parser-gfm's last pass (update_elements): a backslash before a newline in text becomes <br /> (with
// hard_wrap, every newline does), and headers without an id get GFM's. Neither reaches into HTML elements (a
// header in `<div markdown="1">` keeps kramdown's own id, which the converter gives) nor into footnotes.
import type Token from 'markdown-it/lib/token.mjs';
import { node } from '../inline/span-state.js';
import { attrsOf, type Doc, metaOf } from '../state.js';
import { gfmIdBase } from '../render/header-id.js';

export function gfmUpdateElements(doc: Doc, tokens: readonly Token[]): void {
  const counter = new Map<string, number>();
  const breakAt = doc.opts.hardWrap ? '\n' : '\\\n';
  let htmlDepth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (t.type === 'kd_html_open') htmlDepth++;
    else if (t.type === 'kd_html_close') htmlDepth--;
    if (htmlDepth > 0) continue;
    if (t.type === 'heading_open') {
      const attrs = attrsOf(t);
      if (doc.opts.autoIds && !attrs.has('id')) {
        const base = gfmIdBase(String(metaOf(t).rawText ?? ''));
        const n = (counter.get(base) ?? -1) + 1;
        counter.set(base, n);
        attrs.set('id', doc.opts.autoIdPrefix + base + (n > 0 ? `-${n}` : ''));
        i += 2;
      }
      continue;
    }
    if (t.type === 'inline') {
      const block = metaOf(t).rawBlock !== true;
      t.children = splitBreaks(t.children ?? [], breakAt, block);
    }
  }
}

function splitBreaks(nodes: Token[], breakAt: string, blockParent: boolean): Token[] {
  const out: Token[] = [];
  nodes.forEach((n, index) => {
    if (n.type === 'text' && n.content.includes(breakAt)) {
      const lines = n.content.split(breakAt);
      const omitTrailing = lines.at(-1) === '' && blockParent && index === nodes.length - 1;
      lines.forEach((line, k) => {
        const t = node('text');
        t.content = k > 0 ? `\n${line}` : line;
        out.push(t);
        if (k < lines.length - 2 || (k === lines.length - 2 && !omitTrailing)) out.push(node('br', 'br'));
      });
      return;
    }
    if (n.type !== 'html_element' && n.children && n.children.length > 0) n.children = splitBreaks(n.children, breakAt, false);
    out.push(n);
  });
  return out;
}
