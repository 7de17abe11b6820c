// The parsed document → HTML, as kramdown's HTML converter writes it (Kramdown::Converter::Html): its element
// markup, two-space indentation, footnotes at the end (numbered in the order their markers are written), the
// table of contents where `{:toc}` asks for it, and code blocks in Rouge's wrappers as Jekyll configures them.
import type Token from 'markdown-it/lib/token.mjs';
import type { HtmlMeta } from '../block/html-element.js';
import { ELEMENTS_WITHOUT_BODY } from '../html-syntax.js';
import { type Entity, entity, entityToString, escapeAll, escapeText } from '../escape.js';
import type { KramdownOptions } from '../options.js';
import { type AttributeList, applyList } from '../attribute-list.js';
import type { Doc } from '../state.js';
import { attrs, htmlAttributes } from './attributes.js';
import { codeBlock, codeSpan } from './code.js';
import { Footnotes } from './footnotes.js';
import { type TocEntry, tocHtml } from './toc.js';
import { kramdownId } from './header-id.js';
import type { Node } from './tree.js';

const NBSP = entity('nbsp') as Entity;
const TYPOGRAPHIC: Readonly<Record<string, string[]>> = {
  mdash: ['mdash'],
  ndash: ['ndash'],
  hellip: ['hellip'],
  laquo_space: ['laquo', 'nbsp'],
  raquo_space: ['nbsp', 'raquo'],
  laquo: ['laquo'],
  raquo: ['raquo'],
};
const QUOTE_INDEX: Readonly<Record<string, number>> = { lsquo: 0, rsquo: 1, ldquo: 2, rdquo: 3 };

function meta(t: Token): Record<string, unknown> {
  return (t.meta ?? {}) as Record<string, unknown>;
}

export class Converter {
  private readonly footnotes: Footnotes;
  private readonly toc: TocEntry[] = [];
  private tocList: { kind: string; attrs: Map<string, string>; placeholder: string } | undefined;
  private footnoteLocation: string | undefined;
  private readonly usedIds = new Map<string, number>();
  private placeholders = 0;
  private readonly o: KramdownOptions;

  constructor(
    private readonly doc: Doc,
    footnoteTrees: ReadonlyMap<string, Node>,
  ) {
    this.o = doc.opts;
    this.footnotes = new Footnotes(this.o, footnoteTrees, doc.notes);
  }

  root(root: Node): string {
    let result = this.inner(root, -2, false);
    const footnotes = this.footnotes.section((item, indent) => this.li(item, indent, ' '.repeat(indent)));
    if (this.footnoteLocation) result = result.replace(this.footnoteLocation, () => footnotes);
    else result += footnotes;
    if (this.tocList) {
      const toc = tocHtml(this.toc, this.tocList.kind, this.tocList.attrs, (nodes) => this.spans(nodes));
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
        return this.o.mathEngine === 'mathjax'
          ? attrs(t).size === 0
            ? `\\(${escapeAll(t.content)}\\)`
            : `<span${htmlAttributes(attrs(t))}>$${t.content}$</span>`
          : `<span${htmlAttributes(new Map([...attrs(t), ['class', `${attrs(t).get('class') ?? ''} kdmath`.trimStart()]]))}>$${t.content}$</span>`;
      case 'abbreviation': {
        const def = this.doc.abbrevs.get(t.content);
        // The definition's attributes: from an IAL written under (or before) it.
        const a = new Map<string, string>();
        if (def?.eob.ial) applyList(a, def.eob.ial, this.doc.alds);
        if (def && def.title !== '') a.set('title', def.title);
        // kramdown writes the abbreviation itself unescaped.
        return `<abbr${htmlAttributes(a)}>${t.content}</abbr>`;
      }
      case 'footnote':
        return this.footnotes.marker(t.content);
      default:
        return '';
    }
  }
}

const CJK_BREAK = /([\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}]+)\n([\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}]+)/u;

function fixCjkLineBreak(s: string): string {
  let out = s;
  while (CJK_BREAK.test(out)) out = out.replace(new RegExp(CJK_BREAK.source, 'gu'), '$1$2');
  return out;
}
