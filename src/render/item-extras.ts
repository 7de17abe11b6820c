// Elements `feed` cannot write (Media RSS, Atom enclosures with their real types, iTunes and Podcasting
// 2.0 tags): each renderer has `feed` write a one-line stand-in element per item that needs any, holding
// a marker, and the whole line is then replaced by our own lines, escaped here. The marker is U+0004,
// which `xmlSafe` removes from every string in the model, so only a stand-in can hold it; an item's text
// is one line each (feed-cut.ts), so the stand-in line is found by its start and end.
import { escapeUTF8 } from 'entities';

const MARK = '\u0004';

/** The text of item `index`'s stand-in element. */
export function extrasMarker(index: number): string {
  return `${MARK}${index}${MARK}`;
}

/** An element to write: its name, attributes (unset ones left out), and text or children. */
export interface XmlElement {
  readonly name: string;
  readonly attrs?: Readonly<Record<string, string | number | undefined>>;
  readonly text?: string;
  readonly children?: readonly XmlElement[];
}

/** Lines of XML for `elements`, each indented by `indent` (children 4 spaces more, as xml-js indents). */
export function xmlLines(elements: readonly XmlElement[], indent: string): string[] {
  return elements.flatMap((e) => {
    const attrs = Object.entries(e.attrs ?? {})
      .filter(([, v]) => v !== undefined)
      // XML's own escapes (entities' HTML ones leave `<` raw in attributes, and write `&nbsp;`).
      .map(([k, v]) => ` ${k}="${escapeUTF8(String(v))}"`)
      .join('');
    if (e.children && e.children.length > 0) return [`${indent}<${e.name}${attrs}>`, ...xmlLines(e.children, `${indent}    `), `${indent}</${e.name}>`];
    if (e.text !== undefined) return [`${indent}<${e.name}${attrs}>${escapeUTF8(e.text)}</${e.name}>`];
    return [`${indent}<${e.name}${attrs}/>`];
  });
}

/**
 * Replaces each stand-in line (`<element>` holding a marker) with what `extras(i)` gives for item i,
 * indented as the stand-in was. A stand-in is only ever written for an item that has extras.
 */
export function fillExtras(xml: string, element: string, extras: (index: number) => readonly XmlElement[]): string {
  const line = new RegExp(`^( *)<${element}>${MARK}(\\d+)${MARK}</${element}>$`, 'gm');
  return xml.replace(line, (_m, indent: string, index: string) => xmlLines(extras(Number(index)), indent).join('\n'));
}

/** Namespace declarations added to the root element (`<rss …>`, `<feed …>`), after those it has. */
export function withRootNamespaces(xml: string, root: 'rss' | 'feed', namespaces: Readonly<Record<string, string>>): string {
  const declared = Object.entries(namespaces)
    .map(([prefix, uri]) => ` xmlns:${prefix}="${uri}"`)
    .join('');
  if (declared === '') return xml;
  return xml.replace(new RegExp(`<${root} [^>]*?(?=>)`), (tag) => `${tag}${declared}`);
}
