// Work-arounds for what the `feed` package (6.0.0) and its xml-js writer get wrong, in one place.
// Each is tested in tests/render/feed-quirks.test.ts (the WebSub hub links in tests/render/hubs.test.ts);
// docs/internals/feed-quirks.md lists them.
//
// The sentinels below are control characters that `xmlSafe` has already removed from every string in
// the model, so after rendering they can only be ours, and `finishXml` can replace them exactly.
import { escapeAttribute, escapeText } from 'entities';
import { typeOfName } from '../posts/media-types.js';

const CDATA_END = '\u0001';
const ATTR_LT = '\u0002';

/**
 * Text for an element that xml-js writes as text. xml-js first turns every `&amp;` back into `&` "to
 * avoid double escaping" (so a title about `&amp;` would lose it), then escapes. Escaping `&` first
 * makes that round trip exact.
 */
export function forText(s: string): string {
  return s.replaceAll('&', '&amp;');
}

/**
 * Text for a CDATA section. xml-js splits only the first `]]>`; a second one ends the section early and
 * the document is no longer XML. Every `]]>` is marked here and split in `finishXml`.
 */
export function forCdata(s: string): string {
  return s.replaceAll(']]>', `]]${CDATA_END}>`);
}

/**
 * An attribute value that `feed` passes through its `sanitize` (escapes `&` only) and xml-js (escapes
 * `"` only): a `<` would go out raw, which XML forbids in attributes.
 */
export function forSanitizedAttr(s: string): string {
  return s.replaceAll('<', ATTR_LT);
}

/** An attribute value that `feed` passes to xml-js untouched (xml-js escapes `"` itself). */
export function forRawAttr(s: string): string {
  return s.replaceAll('&', '&amp;').replaceAll('<', ATTR_LT);
}

/**
 * Adds one `<link rel="hub">` per WebSub hub right after the feed's `rel="self"` link (WebSub §4 wants
 * both). `feed` takes a single `hub` and Atom output has no extension point, so the lines are inserted
 * into the rendered skeleton, indented like the self link. A skeleton holds post content only as
 * placeholders, and titles on one escaped line, so the search meets `feed`'s own lines only, and costs
 * the size of the skeleton, not of the posts. No self link to anchor to is a bug: it throws.
 */
export function withHubLinks(xml: string, element: 'link' | 'atom:link', hubs: readonly string[]): string {
  if (hubs.length === 0) return xml;
  const self = new RegExp(`^( *)<${element} [^>]*rel="self"[^>]*/>$`, 'm').exec(xml);
  if (!self) throw new Error(`feed-quirks: no <${element} rel="self"> to put the hub links beside`);
  const end = self.index + self[0].length;
  // Attributes in the order `feed` writes its own single hub in each format.
  const attrs = (href: string): string => (element === 'link' ? `rel="hub" href="${href}"` : `href="${href}" rel="hub"`);
  const links = hubs.map((hub) => `\n${self[1] ?? ''}<${element} ${attrs(escapeAttribute(hub))}/>`).join('');
  return xml.slice(0, end) + links + xml.slice(end);
}

/**
 * `feed` types every Atom entry title "html". Ours are plain text (markup stripped, entities decoded:
 * posts/fields/title.ts), and "html" made feedparser, rss-parser and newsboat show `&amp;` or `&`
 * depending on the reader; "text" is read alike by all. An entry's title is one line that starts
 * with the element (titles have no line breaks), so the anchor meets `feed`'s own tags only.
 */
export function textTitles(xml: string): string {
  return xml.replace(/^( *)<title type="html">/gm, '$1<title type="text">');
}

export function finishXml(xml: string): string {
  return xml.replaceAll(CDATA_END, ']]><![CDATA[').replaceAll(ATTR_LT, '&lt;');
}

/**
 * HTML-escapes plain text, so that Atom's `type="html"`, which `feed` always writes, is true. (entities
 * would also write a no-break space as `&nbsp;`; titles and summaries have none: `oneLine` folds it.)
 */
export function textAsHtml(s: string): string {
  return escapeText(s);
}

/** Media type of an image URL from its extension; `feed` would write `image/jpg` or `image//path`. */
export function imageType(url: string): string | undefined {
  const type = typeOfName(new URL(url).pathname);
  return type?.startsWith('image/') ? type : undefined;
}
