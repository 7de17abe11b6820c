// The `<?xml-stylesheet?>` processing instruction that lets a browser show a feed through XSLT.
// Feed readers skip processing instructions (XML 1.0 §2.6), so the feed itself is unchanged for them.

const DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n';

/** Puts the instruction right after the XML declaration, where browsers look for it. */
export function withStylesheet(xml: string, href: string | undefined): string {
  if (href === undefined) return xml;
  if (!xml.startsWith(DECLARATION)) throw new Error('withStylesheet: the document does not start with the XML declaration');
  // A pseudo-attribute value: the href is a relative URL made by relativeUrl, percent-encoded, but escape anyway.
  const value = href.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');
  return `${DECLARATION}<?xml-stylesheet href="${value}" type="text/xsl"?>\n${xml.slice(DECLARATION.length)}`;
}
