// What the RSS and Atom XSLT stylesheets share: the page around a feed, and the templates that read it.
// XSLT 1.0, the version browsers run. Everything from the feed goes out through xsl:value-of, as text:
// a feed's HTML content is never rendered here, so nothing in a post can run in this page.
import { escapeUTF8 } from 'entities';
import type { Config } from '../../config/schema.js';
import { uiStrings } from '../strings.js';

export interface XslParts {
  /** The stylesheet's own file name; the feed's xml-stylesheet href ends with it. */
  readonly file: string;
  /** Extra namespace declarations on xsl:stylesheet. */
  readonly namespaces: string;
  /** XPath of the feed's title, subtitle and self URL. */
  readonly title: string;
  readonly description: string;
  readonly self: string;
  /** XPath of the items, and the markup of one item (context: the item). */
  readonly items: string;
  readonly item: string;
}

export function renderXsl(config: Config, parts: XslParts): string {
  const ui = uiStrings(config.site.language);
  const t = (s: string): string => escapeUTF8(s);
  return `<?xml version="1.0" encoding="utf-8"?>
<!-- feedwright: shows the feed as a page in a browser. Feed readers do not load it. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" ${parts.namespaces}>
  <xsl:output method="html" encoding="utf-8" indent="no" doctype-system="about:legacy-compat"/>
  <!-- The way up to feedwright's root: the feed's own xml-stylesheet href without the file name. -->
  <xsl:variable name="root" select="substring-before(substring-after(/processing-instruction('xml-stylesheet'), 'href=&quot;'), '${parts.file}')"/>
  <xsl:template match="/">
    <html lang="${t(config.site.language)}">
      <head>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="${parts.title}"/></title>
        <link rel="icon" type="image/svg+xml" href="{$root}assets/icon.svg"/>
        <link rel="stylesheet" href="{$root}assets/site.css"/>
      </head>
      <body>
        <header>
          <p class="crumbs"><a href="{$root}./">${t(ui.allFeeds)}</a></p>
          <h1><xsl:value-of select="${parts.title}"/></h1>
          <p class="lead"><xsl:value-of select="${parts.description}"/></p>
        </header>
        <main>
          <div class="notice">
            <p>${t(ui.feedIntro)} <strong>${t(ui.feedHowTo)}</strong></p>
            <p><code class="feed-address"><xsl:value-of select="${parts.self}"/></code></p>
          </div>
          <h2>${t(ui.latest)}</h2>
          <ol class="items">
            <xsl:for-each select="${parts.items}">
              <li>${parts.item}</li>
            </xsl:for-each>
          </ol>
        </main>
      </body>
    </html>
  </xsl:template>
${UNESCAPE}
${MONTH}
</xsl:stylesheet>
`;
}

// Titles and summaries that the feed marks as HTML are escaped plain text (feed-quirks.ts `textAsHtml`:
// only &amp; &lt; &gt;). Unescaping them here, left to right, gives the text back exactly, still as text;
// disable-output-escaping would parse it as markup instead, and Firefox ignores it.
const UNESCAPE = `  <xsl:template name="unescape">
    <xsl:param name="s"/>
    <xsl:choose>
      <xsl:when test="contains($s, '&amp;')">
        <xsl:value-of select="substring-before($s, '&amp;')"/>
        <xsl:variable name="rest" select="substring-after($s, '&amp;')"/>
        <xsl:choose>
          <xsl:when test="starts-with($rest, 'lt;')">&lt;<xsl:call-template name="unescape"><xsl:with-param name="s" select="substring($rest, 4)"/></xsl:call-template></xsl:when>
          <xsl:when test="starts-with($rest, 'gt;')">&gt;<xsl:call-template name="unescape"><xsl:with-param name="s" select="substring($rest, 4)"/></xsl:call-template></xsl:when>
          <xsl:when test="starts-with($rest, 'amp;')">&amp;<xsl:call-template name="unescape"><xsl:with-param name="s" select="substring($rest, 5)"/></xsl:call-template></xsl:when>
          <xsl:otherwise>&amp;<xsl:call-template name="unescape"><xsl:with-param name="s" select="$rest"/></xsl:call-template></xsl:otherwise>
        </xsl:choose>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$s"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>`;

// RFC 822 dates (RSS, always written by Date#toUTCString: `Wed, 03 Apr 2024 09:45:00 GMT`) as
// `2024-04-03 09:45 UTC`, the form the Atom stylesheet shows too.
const MONTH = `  <xsl:template name="rfc822">
    <xsl:param name="d"/>
    <xsl:variable name="month" select="string-length(substring-before('JanFebMarAprMayJunJulAugSepOctNovDec', substring($d, 9, 3))) div 3 + 1"/>
    <xsl:value-of select="concat(substring($d, 13, 4), '-', format-number($month, '00'), '-', substring($d, 6, 2), ' ', substring($d, 18, 5), ' UTC')"/>
  </xsl:template>`;
