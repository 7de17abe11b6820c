// The parsed document → HTML, as kramdown's HTML converter writes it (Kramdown::Converter::Html): its element
// markup, two-space indentation, footnotes at the end (numbered in the order their markers are written), the
// table of contents where `{:toc}` asks for it, and code blocks in Rouge's wrappers as Jekyll configures them.
import type Token from 'markdown-it/lib/token.mjs';
import type { HtmlMeta } from '../block/html-element.js';
import { ELEMENTS_WITHOUT_BODY } from '../html-syntax.js';
import { type Entity, entity, entityToString, escapeAll, escapeAttribute, escapeText } from '../escape.js';
import type { KramdownOptions } from '../options.js';
import { type AttributeList, applyList } from '../attribute-list.js';
import type { Doc } from '../state.js';
import { codeBlock, codeSpan } from './code.js';
import { kramdownId } from './header-id.js';
import type { Node } from './tree.js';

const NBSP = entity('nbsp') as Entity;
const TYPOGRAPHIC: Readonly<Record<string, string[]>> = {
  mdash: ['mdash'], ndash: ['ndash'], hellip: ['hellip'], laquo_space: ['laquo', 'nbsp'], raquo_space: ['nbsp', 'raquo'], laquo: ['laquo'], raquo: ['raquo'],
};
const QUOTE_INDEX: Readonly<Record<string, number>> = { lsquo: 0, rsquo: 1, ldquo: 2, rdquo: 3 };

export function attrs(t: Token): Map<string, string> {
  const meta = t.meta as { attrs?: Map<string, string> } | null;
  return meta?.attrs ?? new Map<string, string>();
}

function meta(t: Token): Record<string, unknown> {
  return (t.meta ?? {}) as Record<string, unknown>;
}

/** kramdown's html_attributes: ` k="v"` each, an empty id left out. */
export function htmlAttributes(a: ReadonlyMap<string, string>): string {
  let out = '';
  for (const [k, v] of a) {
    if (k === 'id' && v.trim() === '') continue;
    out += ` ${k}="${escapeAttribute(v)}"`;
  }
  return out;
}

interface FootnoteEntry {
  readonly name: string;
  readonly content: Node;
  readonly number: number;
  repeat: number;
}

export class Converter {
  private footnoteCounter: number;
  private readonly footnotes: FootnoteEntry[] = [];
  private readonly footnotesByName = new Map<string, FootnoteEntry>();
  private readonly toc: { level: number; id: string; children: Token[] }[] = [];
  private tocList: { kind: string; attrs: Map<string, string>; placeholder: string } | undefined;
  private footnoteLocation: string | undefined;
  private readonly usedIds = new Map<string, number>();
  private placeholders = 0;
  private readonly o: KramdownOptions;

  constructor(
    private readonly doc: Doc,
    private readonly footnoteTrees: ReadonlyMap<string, Node>,
  ) {
    this.o = doc.opts;
    this.footnoteCounter = this.o.footnoteNr;
  }

  root(root: Node): string {
    let result = this.inner(root, -2, false);
    const footnotes = this.footnoteContent();
    if (this.footnoteLocation) result = result.replace(this.footnoteLocation, () => footnotes);
    else result += footnotes;
    if (this.tocList) {
      const toc = this.tocTree(this.tocList.kind, this.tocList.attrs);
      result = result.replace(this.tocList.placeholder, () => toc);
    }
    return result;
  }

  private inner(n: Node, indent: number, raw: boolean): string {
    let out = '';
    let lastBlank = false;
    for (const c of n.children) {
      // Blank lines separated only by definitions are one blank element to kramdown.
      if (c.token.type === 'kd_blank') {
        if (lastBlank) continue;
        lastBlank = true;
      } else lastBlank = false;
      out += this.block(c, indent + 2, raw);
    }
    return out;
  }

  private block(n: Node, indent: number, parentRaw: boolean): string {
    const t = n.token;
    const pad = ' '.repeat(Math.max(0, indent));
    switch (t.type) {
      case 'kd_blank':
        return '\n';
      case 'inline':
        return this.spans(t.children ?? []);
      case 'paragraph_open': {
        const body = this.inner(n, indent, false);
        if (meta(t)['transparent'] === true) return body;
        return `${pad}<p${htmlAttributes(attrs(t))}>${body}</p>\n`;
      }
      case 'heading_open':
        return this.header(n, indent, pad);
      case 'blockquote_open':
        return `${pad}<blockquote${htmlAttributes(attrs(t))}>\n${this.inner(n, indent, false)}${pad}</blockquote>\n`;
      case 'hr':
        return `${pad}<hr${htmlAttributes(attrs(t))} />\n`;
      case 'code_block':
        return codeBlock(t, pad, this.o);
      case 'bullet_list_open':
      case 'ordered_list_open':
        return this.list(n, indent, pad);
      case 'list_item_open':
      case 'dd_open':
        return this.li(n, indent, pad);
      case 'dl_open':
      case 'table_open':
      case 'thead_open':
      case 'tbody_open':
      case 'tfoot_open':
      case 'tr_open':
        return `${pad}<${t.tag}${htmlAttributes(attrs(t))}>\n${this.inner(n, indent, false)}${pad}</${t.tag}>\n`;
      case 'dt_open':
        return `${pad}<dt${htmlAttributes(attrs(t))}>${this.inner(n, indent, false)}</dt>\n`;
      case 'td_open':
      case 'th_open': {
        const body = this.inner(n, indent, false);
        const a = new Map(attrs(t));
        const align = meta(t)['align'];
        if (typeof align === 'string') a.set('style', `${a.has('style') ? `${a.get('style') ?? ''}; ` : ''}text-align: ${align}`);
        return `${pad}<${t.tag}${htmlAttributes(a)}>${body === '' ? entityToString(NBSP, this.o.entityOutput) : body}</${t.tag}>\n`;
      }
      case 'kd_html_open':
        return this.htmlElement(n, indent, pad, parentRaw);
      case 'kd_html_text':
        return escapeText(t.content);
      case 'kd_html_raw_text':
        return t.content;
      case 'kd_xml_comment':
        return parentRaw ? t.content : `${pad}${t.content}\n`;
      case 'kd_comment':
        return `${pad}<!-- ${t.content} -->\n`;
      case 'kd_raw':
        return t.info === '' || t.info.split(/[ \t\r\n\f\v]+/).includes('html') ? `${t.content}\n` : '';
      case 'math_block':
        return this.mathBlock(t, pad);
      case 'kd_backlinks':
        return t.content;
      default:
        return '';
    }
  }

  private header(n: Node, indent: number, pad: string): string {
    const t = n.token;
    const a = new Map(attrs(t));
    if (this.o.autoIds && !a.has('id')) a.set('id', this.generateId(String(meta(t)['rawText'] ?? '')));
    const level = Number(meta(t)['level'] ?? 1);
    const id = a.get('id');
    if (id !== undefined && this.o.tocLevels.includes(level) && !/\bno_toc\b/.test(a.get('class') ?? '')) {
      const inline = n.children.find((c) => c.token.type === 'inline');
      this.toc.push({ level, id, children: inline?.token.children ?? [] });
    }
    const out = Math.min(6, Math.max(1, level + this.o.headerOffset));
    return `${pad}<h${out}${htmlAttributes(a)}>${this.inner(n, indent, false)}</h${out}>\n`;
  }

  /** The converter's own ids (headers GFM left without one, e.g. inside HTML parsed as Markdown). */
  private generateId(text: string): string {
    let id = kramdownId(text);
    if (id === '') id = 'section';
    const used = this.usedIds.get(id);
    if (used !== undefined) {
      this.usedIds.set(id, used + 1);
      id += `-${used + 1}`;
    } else this.usedIds.set(id, 0);
    return this.o.autoIdPrefix + id;
  }

  private placeholder(): string {
    this.placeholders++;
    return `\u0000kd-placeholder-${this.placeholders}\u0000`;
  }

  private list(n: Node, indent: number, pad: string): string {
    const t = n.token;
    const refs = (meta(t)['ial'] as AttributeList | undefined)?.refs ?? [];
    if (!this.tocList && refs.includes('toc')) {
      this.tocList = { kind: t.tag, attrs: attrs(t), placeholder: this.placeholder() };
      return this.tocList.placeholder;
    }
    if (!this.footnoteLocation && refs.includes('footnotes')) {
      this.footnoteLocation = this.placeholder();
      return this.footnoteLocation;
    }
    return `${pad}<${t.tag}${htmlAttributes(attrs(t))}>\n${this.inner(n, indent, false)}${pad}</${t.tag}>\n`;
  }

  private li(n: Node, indent: number, pad: string): string {
    const t = n.token;
    let out = `${pad}<${t.tag}${htmlAttributes(attrs(t))}>`;
    const res = this.inner(n, indent, false);
    const first = n.children.find((c) => c.token.type !== 'kd_removed');
    if (!first || (first.token.type === 'paragraph_open' && meta(first.token)['transparent'] === true)) {
      out += res + (/\n$/.test(res) ? pad : '');
    } else out += `\n${res}${pad}`;
    return `${out}</${t.tag}>\n`;
  }

  private htmlElement(n: Node, indent: number, pad: string, parentRaw: boolean): string {
    const t = n.token;
    const m = meta(t)['html'] as HtmlMeta;
    const raw = m.contentModel === 'raw';
    const res = this.inner(n, indent, raw);
    let out = parentRaw ? '' : pad;
    out += `<${m.name}${htmlAttributes(attrs(t))}`;
    if (m.isClosed && raw) out += ' />';
    else if (res !== '' && m.contentModel !== 'block') out += `>${res}</${m.name}>`;
    else if (res !== '') out += `>\n${res.replace(/\n$/, '')}\n${pad}</${m.name}>`;
    else if (ELEMENTS_WITHOUT_BODY.has(m.name)) out += ' />';
    else out += `></${m.name}>`;
    return parentRaw ? out : `${out}\n`;
  }

  private mathBlock(t: Token, pad: string): string {
    const a = attrs(t);
    if (this.o.mathEngine === 'mathjax') {
      const body = `\\[${escapeAll(t.content)}\\]\n`;
      return a.size === 0 ? body : `${pad}<div${htmlAttributes(a)}>${body}</div>\n`;
    }
    const withClass = new Map(a);
    withClass.set('class', `${withClass.get('class') ?? ''} kdmath`.trimStart());
    return `${pad}<div${htmlAttributes(withClass)}>$$\n${t.content}\n$$</div>\n`;
  }

  /** Span elements (kramdown's convert_* for them). */
  spans(nodes: readonly Token[]): string {
    let out = '';
    for (const t of nodes) out += this.span(t);
    return out;
  }

  private span(t: Token): string {
    const kids = t.children ?? [];
    switch (t.type) {
      case 'text': {
        const escaped = escapeText(t.content);
        return this.o.removeLineBreaksForCjk ? fixCjkLineBreak(escaped) : escaped;
      }
      case 'em':
      case 'strong':
        return `<${t.type}${htmlAttributes(attrs(t))}>${this.spans(kids)}</${t.type}>`;
      case 'a':
        return `<a${htmlAttributes(attrs(t))}>${this.spans(kids)}</a>`;
      case 'img':
        return `<img${htmlAttributes(attrs(t))} />`;
      case 'br':
        return '<br />';
      case 'codespan':
        return codeSpan(t, this.o);
      case 'html_element': {
        const m = meta(t)['html'] as HtmlMeta;
        const res = this.spans(kids);
        return `<${m.name}${htmlAttributes(attrs(t))}${res === '' && ELEMENTS_WITHOUT_BODY.has(m.name) ? ' />' : `>${res}</${m.name}>`}`;
      }
      case 'xml_comment':
        return t.content;
      case 'comment':
        return `<!-- ${t.content} -->`;
      case 'raw':
        return t.info === '' || t.info.split(/[ \t\r\n\f\v]+/).includes('html') ? t.content : '';
      case 'entity': {
        const m = meta(t);
        return entityToString(m['entity'] as Entity, this.o.entityOutput, m['original'] as string | undefined);
      }
      case 'smart_quote': {
        const q = this.o.smartQuotes[QUOTE_INDEX[t.content] ?? 0] ?? t.content;
        const e = entity(q);
        return e ? entityToString(e, this.o.entityOutput) : '';
      }
      case 'typographic_sym': {
        const custom = this.o.typographicSymbols[t.content];
        if (custom !== undefined) return escapeText(custom);
        return (TYPOGRAPHIC[t.content] ?? []).map((name) => entityToString(entity(name) as Entity, this.o.entityOutput)).join('');
      }
      case 'math':
        return this.o.mathEngine === 'mathjax' ? (attrs(t).size === 0 ? `\\(${escapeAll(t.content)}\\)` : `<span${htmlAttributes(attrs(t))}>$${t.content}$</span>`) : `<span${htmlAttributes(new Map([...attrs(t), ['class', `${attrs(t).get('class') ?? ''} kdmath`.trimStart()]]))}>$${t.content}$</span>`;
      case 'abbreviation': {
        const def = this.doc.abbrevs.get(t.content);
        // The definition's attributes: from an IAL written under (or before) it.
        const a = new Map<string, string>();
        if (def?.eob.ial) applyList(a, def.eob.ial, this.doc.alds);
        if (def && def.title !== '') a.set('title', def.title);
        return `<abbr${htmlAttributes(a)}>${escapeText(t.content)}</abbr>`;
      }
      case 'footnote':
        return this.footnote(t.content);
      default:
        return '';
    }
  }

  private footnote(rawName: string): string {
    const name = this.o.footnotePrefix + rawName;
    let repeat = '';
    let number: number;
    const known = this.footnotesByName.get(name);
    if (known) {
      number = known.number;
      known.repeat++;
      repeat = `:${known.repeat}`;
    } else {
      number = this.footnoteCounter++;
      const content = this.footnoteTrees.get(rawName);
      if (content) {
        const entry = { name, content, number, repeat: 0 };
        this.footnotes.push(entry);
        this.footnotesByName.set(name, entry);
      }
    }
    return `<sup id="fnref:${name}${repeat}" role="doc-noteref"><a href="#fn:${name}" class="footnote" rel="footnote">${number}</a></sup>`;
  }

  private footnoteContent(): string {
    let ol = '';
    const backlink = escapeText(this.o.footnoteBacklink);
    const nbsp = entityToString(NBSP, this.o.entityOutput);
    // The list may grow while it is written: a footnote can refer to another.
    for (let i = 0; i < this.footnotes.length; i++) {
      const fn = this.footnotes[i] as FootnoteEntry;
      const links: string[] = [];
      if (this.o.footnoteBacklink !== '') {
        const last = lastBlock(fn.content);
        const insertSpace = last?.token.type === 'paragraph_open' || this.o.footnoteBacklinkInline;
        links.push(`${insertSpace ? nbsp : ''}<a href="#fnref:${fn.name}" class="reversefootnote" role="doc-backlink">${backlink}</a>`);
        for (let r = 1; r <= fn.repeat; r++) {
          links.push(`${nbsp}<a href="#fnref:${fn.name}:${r}" class="reversefootnote" role="doc-backlink">${backlink}<sup>${r + 1}</sup></a>`);
        }
      }
      ol += this.footnoteItem(fn, links.join(''));
    }
    if (ol === '') return '';
    const start = this.o.footnoteNr !== 1 ? ` start="${this.o.footnoteNr}"` : '';
    return `<div class="footnotes" role="doc-endnotes">\n  <ol${start}>\n${ol}  </ol>\n</div>\n`;
  }

  // kramdown appends the backlinks to the innermost last paragraph (or header) when the footnote ends with a
  // paragraph, else to a paragraph of their own.
  private footnoteItem(fn: FootnoteEntry, backlinks: string): string {
    const li: Node = { token: fn.content.token, children: [...fn.content.children] };
    const last = lastBlock(fn.content);
    let target: Node | undefined;
    if (backlinks !== '' && (last?.token.type === 'paragraph_open' || this.o.footnoteBacklinkInline)) {
      let parent: Node = li;
      for (;;) {
        const lc = lastBlock(parent);
        if (!lc || lc.token.type === 'paragraph_open' || lc.token.type === 'heading_open' || lc.children.length === 0) break;
        parent = lc;
      }
      target = lastBlock(parent);
    }
    const rawTok = { type: 'kd_backlinks', content: backlinks, children: null, meta: null, nesting: 0 } as unknown as Token;
    let children = li.children;
    if (backlinks !== '') {
      if (target && (target.token.type === 'paragraph_open' || target.token.type === 'heading_open')) {
        children = withAppended(li, target, { token: rawTok, children: [] }).children;
      } else {
        const p = { token: { type: 'paragraph_open', tag: 'p', meta: { attrs: new Map() }, nesting: 1 } as unknown as Token, children: [{ token: rawTok, children: [] }] };
        children = [...children, p];
      }
    }
    const itemToken = { type: 'list_item_open', tag: 'li', nesting: 1, meta: { attrs: new Map([['id', `fn:${fn.name}`], ['role', 'doc-endnote']]) } } as unknown as Token;
    return this.liWith({ token: itemToken, children }, 4);
  }

  private liWith(n: Node, indent: number): string {
    return this.li(n, indent, ' '.repeat(indent));
  }

  private tocTree(kind: string, listAttrs: Map<string, string>): string {
    const a = new Map(listAttrs);
    if (!a.has('id')) a.set('id', 'markdown-toc');
    const listId = a.get('id') ?? 'markdown-toc';
    interface Item { level: number; html: string; sub: Item[] }
    const top: Item[] = [];
    const stack: Item[] = [];
    for (const entry of this.toc) {
      const text = this.spans(unwrapForToc(entry.children));
      const item: Item = { level: entry.level, html: `<a href="#${escapeAttribute(entry.id)}" id="${escapeAttribute(`${listId}-${entry.id}`)}">${text}</a>`, sub: [] };
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
    const render = (items: Item[], indent: number, attrsText: string): string => {
      const pad = ' '.repeat(indent);
      let out = `${pad}<${kind}${attrsText}>\n`;
      for (const it of items) {
        const ipad = ' '.repeat(indent + 2);
        if (it.sub.length === 0) out += `${ipad}<li>${it.html}</li>\n`;
        else out += `${ipad}<li>${it.html}${render(it.sub, indent + 4, "")}${ipad}</li>\n`;
      }
      return `${out}${pad}</${kind}>\n`;
    };
    return render(top, 0, htmlAttributes(a));
  }

  /** A node converted as its own block at an indentation (for tests and the footnote list). */
  convertAt(n: Node, indent: number): string {
    return this.block(n, indent, false);
  }
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

// The header's spans as a TOC entry shows them: footnote markers out, links unwrapped to their content.
function unwrapForToc(nodes: readonly Token[]): Token[] {
  const out: Token[] = [];
  for (const t of nodes) {
    if (t.type === 'footnote') continue;
    const kids = t.children ? unwrapForToc(t.children) : null;
    if (t.type === 'a') out.push(...(kids ?? []));
    else if (kids !== null && kids !== t.children) {
      const copy = Object.assign(Object.create(Object.getPrototypeOf(t) as object) as Token, t);
      copy.children = kids;
      out.push(copy);
    } else out.push(t);
  }
  return out;
}

const CJK_BREAK = /([\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}]+)\n([\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}]+)/u;

function fixCjkLineBreak(s: string): string {
  let out = s;
  while (CJK_BREAK.test(out)) out = out.replace(new RegExp(CJK_BREAK.source, 'gu'), '$1$2');
  return out;
}
