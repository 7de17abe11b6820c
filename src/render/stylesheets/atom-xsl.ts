// /atom.xsl: an Atom 1.0 feed as a readable page (title, subtitle, entries with date and summary).
import type { Config } from '../../config/schema.js';
import { renderXsl } from './xsl-page.js';

export function renderAtomXsl(config: Config): string {
  return renderXsl(config, {
    file: 'atom.xsl',
    namespaces: 'xmlns:atom="http://www.w3.org/2005/Atom" exclude-result-prefixes="atom"',
    title: 'atom:feed/atom:title',
    description: 'atom:feed/atom:subtitle',
    self: "atom:feed/atom:link[@rel='self']/@href",
    items: 'atom:feed/atom:entry',
    // Entry titles and summaries are type="html": escaped plain text.
    item: `<h3><a href="{atom:link[not(@rel) or @rel='alternate']/@href}"><xsl:call-template name="unescape"><xsl:with-param name="s" select="atom:title"/></xsl:call-template></a></h3>
                <p class="meta"><time datetime="{atom:published}"><xsl:value-of select="concat(substring(atom:published, 1, 10), ' ', substring(atom:published, 12, 5), ' UTC')"/></time></p>
                <p class="summary"><xsl:call-template name="unescape"><xsl:with-param name="s" select="atom:summary"/></xsl:call-template></p>`,
  });
}
