// Abbreviations: each defined one, where it stands as a word in text (not in code or raw HTML), becomes an
// <abbr>. "A word" is kramdown's: not preceded or followed by an ASCII letter, digit or underscore, so an
// abbreviation next to CJK text is found too.
import type Token from 'markdown-it/lib/token.mjs';
import type { HtmlMeta } from '../block/html-element.js';
import { node } from '../inline/span-state.js';
import type { Doc } from '../state.js';

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A replacer for the document's abbreviations, or undefined if it defines none. */
export function abbreviationReplacer(doc: Doc): ((nodes: Token[]) => void) | undefined {
  if (doc.abbrevs.size === 0) return undefined;
  const names = [...doc.abbrevs.keys()].sort((a, b) => b.length - a.length);
  const any = names.map(escapeRegExp).join('|');
  const find = new RegExp(`(?=(?:\\W|^)(?:${any})(?!\\w))`, 'gmu');
  const at = new RegExp(`(?:${any})`, 'yu');
  const test = new RegExp(`(?:${any})`, 'u');
  const replaceIn = (parent: Token | undefined, nodes: Token[]): Token[] => {
    const raw = (parent?.meta as Record<string, unknown> | null)?.html as HtmlMeta | undefined;
    const out: Token[] = [];
    for (const n of nodes) {
      if (n.type === 'text' && raw?.contentModel !== 'raw' && test.test(n.content)) {
        out.push(...split(n.content));
        continue;
      }
      if (n.children && n.children.length > 0) n.children = replaceIn(n, n.children);
      out.push(n);
    }
    return out;
  };
  const split = (value: string): Token[] => {
    const out: Token[] = [];
    let pos = 0;
    const text = (s: string) => {
      const t = node('text');
      t.content = s;
      out.push(t);
    };
    for (;;) {
      find.lastIndex = pos;
      const m = find.exec(value);
      if (!m) break;
      let temp = value.slice(pos, m.index);
      pos = m.index;
      at.lastIndex = pos;
      let abbr = at.exec(value);
      if (!abbr) {
        // The non-word character before it (or nothing, at a line start).
        const c = String.fromCodePoint(value.codePointAt(pos) ?? 0);
        if (/^\W$/u.test(c)) {
          temp += c;
          pos += c.length;
        }
        at.lastIndex = pos;
        abbr = at.exec(value);
        if (!abbr) {
          text(temp);
          if (pos === m.index) break;
          continue;
        }
      }
      text(temp);
      pos += abbr[0].length;
      const a = node('abbreviation');
      a.content = abbr[0];
      out.push(a);
    }
    text(value.slice(pos));
    return out;
  };
  return (nodes) => {
    const replaced = replaceIn(undefined, nodes);
    nodes.splice(0, nodes.length, ...replaced);
  };
}
