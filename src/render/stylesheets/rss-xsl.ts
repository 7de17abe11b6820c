// /rss.xsl: an RSS 2.0 feed as a readable page (title, description, items with date and summary).
import type { Config } from '../../config/schema.js';
import { renderXsl } from './xsl-page.js';

export function renderRssXsl(config: Config): string {
  return renderXsl(config, {
    file: 'rss.xsl',
    namespaces: 'xmlns:atom="http://www.w3.org/2005/Atom" exclude-result-prefixes="atom"',
    title: 'rss/channel/title',
    description: 'rss/channel/description',
    self: "rss/channel/atom:link[@rel='self']/@href",
    items: 'rss/channel/item',
    // RSS titles are plain text; descriptions are escaped plain text.
    item: `<h3><a href="{link}"><xsl:value-of select="title"/></a></h3>
                <p class="meta"><time><xsl:call-template name="rfc822"><xsl:with-param name="d" select="pubDate"/></xsl:call-template></time></p>
                <p class="summary"><xsl:call-template name="unescape"><xsl:with-param name="s" select="description"/></xsl:call-template></p>`,
  });
}
