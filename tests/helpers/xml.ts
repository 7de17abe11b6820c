// Parses served XML into plain objects, so tests can check items, order and attributes.
import { XMLParser, XMLValidator } from 'fast-xml-parser';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  cdataPropName: false,
  // RSS has one <link> per item; Atom may have several.
  isArray: (name, jpath) => ['item', 'entry', 'category', 'author'].includes(name) || (name === 'link' && String(jpath).startsWith('feed')),
  processEntities: true,
  htmlEntities: false,
  parseTagValue: false,
  trimValues: false,
});

export type XmlNode = Record<string, unknown>;

export function parseXml(text: string): XmlNode {
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new Error(`not well-formed XML: ${JSON.stringify(valid.err)}`);
  return parser.parse(text) as XmlNode;
}

export function rssItems(text: string): XmlNode[] {
  const doc = parseXml(text) as { rss: { channel: { item?: XmlNode[] } } };
  return doc.rss.channel.item ?? [];
}

export function atomEntries(text: string): XmlNode[] {
  const doc = parseXml(text) as { feed: { entry?: XmlNode[] } };
  return doc.feed.entry ?? [];
}

/** The text of a parsed element, whether it came out as a string or as {'#text', '@attr'…}. */
export function text(node: unknown): string {
  if (typeof node === 'string') return node;
  if (node && typeof node === 'object' && '#text' in node) return String((node as XmlNode)['#text']);
  throw new Error(`no text in ${JSON.stringify(node)}`);
}

/** A parsed element that may appear once or many times, always as a list. */
export const list = (node: unknown): XmlNode[] => (Array.isArray(node) ? (node as XmlNode[]) : node ? [node as XmlNode] : []);
