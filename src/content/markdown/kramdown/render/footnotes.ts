// Footnotes as kramdown's converter writes them: a marker numbered when it is first written (a later marker of
// the same footnote links back with `:1`, `:2`), and at the end (or where `{:footnotes}` asks) the list, each
// footnote's content with its backlinks appended to its last paragraph.
import type Token from 'markdown-it/lib/token.mjs';
import { entity, type Entity, entityToString, escapeText } from '../escape.js';
import type { KramdownOptions } from '../options.js';
import { token } from '../state.js';
import type { Node } from './tree.js';

const NBSP = entity('nbsp') as Entity;

interface Entry {
  readonly name: string;
  readonly content: Node;
  readonly number: number;
  repeat: number;
}

/** A list item written by the converter (its <li> rules) at an indentation. */
export type WriteItem = (item: Node, indent: number) => string;

export class Footnotes {
  private counter: number;
  private readonly entries: Entry[] = [];
  private readonly byName = new Map<string, Entry>();

  constructor(
    private readonly o: KramdownOptions,
    private readonly trees: ReadonlyMap<string, Node>,
    private readonly notes: Set<string>,
  ) {
    this.counter = o.footnoteNr;
  }

  /** The marker for `[^rawName]` (convert_footnote). */
  marker(rawName: string): string {
    const name = this.o.footnotePrefix + rawName;
    let repeat = '';
    let number: number;
    const known = this.byName.get(name);
    if (known) {
      number = known.number;
      known.repeat++;
      repeat = `:${known.repeat}`;
    } else {
      number = this.counter++;
      const content = this.trees.get(rawName);
      if (content && !content.children.some((c) => c.token.type !== 'kd_removed')) {
        this.notes.add(`footnote [^${rawName}] is empty: Jekyll's kramdown fails on it`);
      }
      if (content) {
        const entry = { name, content, number, repeat: 0 };
        this.entries.push(entry);
        this.byName.set(name, entry);
      }
    }
    return `<sup id="fnref:${name}${repeat}" role="doc-noteref"><a href="#fn:${name}" class="footnote" rel="footnote">${number}</a></sup>`;
  }

  /** The footnotes' list (footnote_content); '' when no marker was written. */
  section(write: WriteItem): string {
    let ol = '';
    const backlink = escapeText(this.o.footnoteBacklink);
    const nbsp = entityToString(NBSP, this.o.entityOutput);
    // The list may grow while it is written: a footnote can refer to another.
    for (let i = 0; i < this.entries.length; i++) {
      const fn = this.entries[i] as Entry;
      let links = '';
      if (this.o.footnoteBacklink !== '') {
        const insertSpace = lastBlock(fn.content)?.token.type === 'paragraph_open' || this.o.footnoteBacklinkInline;
        links = `${insertSpace ? nbsp : ''}<a href="#fnref:${fn.name}" class="reversefootnote" role="doc-backlink">${backlink}</a>`;
        for (let r = 1; r <= fn.repeat; r++) {
          links += `${nbsp}<a href="#fnref:${fn.name}:${r}" class="reversefootnote" role="doc-backlink">${backlink}<sup>${r + 1}</sup></a>`;
        }
      }
      ol += write(this.item(fn, links), 4);
    }
    if (ol === '') return '';
    const start = this.o.footnoteNr !== 1 ? ` start="${this.o.footnoteNr}"` : '';
    return `<div class="footnotes" role="doc-endnotes">\n  <ol${start}>\n${ol}  </ol>\n</div>\n`;
  }

  // The footnote as a list item. Its backlinks go into the innermost last paragraph (or header) when it ends
  // with a paragraph, else into a paragraph of their own.
  private item(fn: Entry, backlinks: string): Node {
    let children = [...fn.content.children];
    if (backlinks !== '') {
      const links: Node = { token: leaf('kd_backlinks', backlinks), children: [] };
      const last = lastBlock(fn.content);
      let target: Node | undefined;
      if (last?.token.type === 'paragraph_open' || this.o.footnoteBacklinkInline) {
        let parent: Node = fn.content;
        for (;;) {
          const lc = lastBlock(parent);
          if (!lc || lc.token.type === 'paragraph_open' || lc.token.type === 'heading_open' || lc.children.length === 0) break;
          parent = lc;
        }
        target = lastBlock(parent);
      }
      if (target && (target.token.type === 'paragraph_open' || target.token.type === 'heading_open')) {
        children = withAppended(fn.content, target, links).children;
      } else {
        children.push({ token: open('paragraph_open', 'p', new Map()), children: [links] });
      }
    }
    return {
      token: open(
        'list_item_open',
        'li',
        new Map([
          ['id', `fn:${fn.name}`],
          ['role', 'doc-endnote'],
        ]),
      ),
      children,
    };
  }
}

function leaf(type: string, content: string): Token {
  const t = token(type, '', 0);
  t.content = content;
  return t;
}

function open(type: string, tag: string, attrs: Map<string, string>): Token {
  return token(type, tag, 1, attrs);
}

function lastBlock(n: Node): Node | undefined {
  for (let i = n.children.length - 1; i >= 0; i--) {
    const c = n.children[i] as Node;
    if (c.token.type !== 'kd_removed') return c;
  }
  return undefined;
}

// A copy of `root` with `extra` appended to the children of `target` (somewhere below it).
function withAppended(root: Node, target: Node, extra: Node): Node {
  if (root === target) return { token: root.token, children: [...root.children, extra] };
  return { token: root.token, children: root.children.map((c) => (contains(c, target) ? withAppended(c, target, extra) : c)) };
}

function contains(n: Node, target: Node): boolean {
  return n === target || n.children.some((c) => contains(c, target));
}
