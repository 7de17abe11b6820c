// What a reader gets from an entry's HTML content, for comparing feedwright's with Jekyll's (issue 24):
// the text (white space folded), the links and image sources (made absolute against the content's base,
// as a reader resolves jekyll-feed's relative ones against xml:base), the structure (the elements that
// carry meaning, in order; classes and Rouge's colouring spans left out), and any Liquid left in the text.
import { parseFragment, type DefaultTreeAdapterMap } from 'parse5';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

export interface ReadContent {
  /** The text, white space runs as one space, trimmed. */
  readonly text: string;
  readonly links: readonly string[];
  readonly images: readonly string[];
  /** Meaningful element names in document order (`p`, `a`, `ul`, `li`, `table`, `pre`, `code`…). */
  readonly structure: readonly string[];
  /** `{{` and `{%` in the text: Liquid a reader would see. */
  readonly liquid: number;
}

// Elements whose presence and order a reader sees; presentational wrappers (span, div, tbody, which the
// parser adds anyway) are left out.
const STRUCTURE = new Set([
  'p',
  'a',
  'img',
  'ul',
  'ol',
  'li',
  'dl',
  'dt',
  'dd',
  'table',
  'tr',
  'th',
  'td',
  'pre',
  'code',
  'figure',
  'figcaption',
  'blockquote',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'em',
  'strong',
  'sup',
  'sub',
  'hr',
  'br',
  'abbr',
  'del',
  'kbd',
]);

// Elements a reader shows on lines of their own: their text never runs into the text beside them.
const BLOCK = new Set([
  'p',
  'div',
  'li',
  'tr',
  'td',
  'th',
  'table',
  'ul',
  'ol',
  'dl',
  'dt',
  'dd',
  'pre',
  'figure',
  'figcaption',
  'blockquote',
  'br',
  'hr',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
]);

export function readContent(html: string, base: string): ReadContent {
  const fragment = parseFragment(html);
  const text: string[] = [];
  const links: string[] = [];
  const images: string[] = [];
  const structure: string[] = [];
  const resolve = (url: string): string => (URL.canParse(url, base) ? new URL(url, base).href : url);
  const walk = (node: Node): void => {
    if (node.nodeName === '#text') text.push((node as DefaultTreeAdapterMap['textNode']).value);
    if (!('tagName' in node)) {
      if ('childNodes' in node) for (const child of node.childNodes) walk(child);
      return;
    }
    const el = node as Element;
    const attr = (name: string): string | undefined => el.attrs.find((a) => a.name === name)?.value;
    if (STRUCTURE.has(el.tagName)) structure.push(el.tagName);
    const href = el.tagName === 'a' ? attr('href') : undefined;
    if (href !== undefined) links.push(resolve(href));
    const src = el.tagName === 'img' ? attr('src') : undefined;
    if (src !== undefined) images.push(resolve(src));
    const children = el.tagName === 'template' ? (el as DefaultTreeAdapterMap['template']).content.childNodes : el.childNodes;
    if (BLOCK.has(el.tagName)) text.push(' ');
    for (const child of children) walk(child);
    if (BLOCK.has(el.tagName)) text.push(' ');
  };
  for (const child of fragment.childNodes) walk(child);
  const all = text.join('');
  return {
    text: all.replace(/\s+/g, ' ').trim(),
    links,
    images,
    structure,
    liquid: (all.match(/\{\{|\{%/g) ?? []).length,
  };
}
