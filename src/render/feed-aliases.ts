// Old addresses of feeds (feeds.aliases): jekyll-feed's /feed.xml and /feed/by_tag/<tag>.xml, Hugo's
// /index.xml… Each is served as a document of its own, the scope's feed in that format with a self link
// (and Atom id) naming the old address, rather than as a redirect: jekyll-feed's readers stored that
// address as the feed's, many never update a stored address on a 301 (and pay a round trip on each poll
// forever), and a feed whose self link names where it was fetched from validates.
import type { Config } from '../config/schema.js';
import type { FormatName } from '../format-table.js';
import { foldName } from '../posts/taxonomy.js';
import { scopeDir, type Scope } from '../scopes/scopes.js';

export interface FeedAlias {
  /** Decoded path, as snapshot entries are keyed. */
  readonly path: string;
  readonly format: FormatName;
}

/** The old addresses of a scope's feeds, in the order the config lists them. */
export function aliasesOf(scope: Scope, config: Config): FeedAlias[] {
  const out: FeedAlias[] = [];
  for (const alias of config.feeds.aliases) {
    if (alias.scope !== scope.kind) continue;
    if (scope.kind === 'site') {
      out.push({ path: alias.path, format: alias.format });
      continue;
    }
    // By key or by name: an author of the authors data is keyed by their key (`liming`), not their name.
    const named = (names: readonly string[]): boolean => names.some((n) => foldName(n) === scope.key || foldName(n) === foldName(scope.name));
    if ((alias.only && !named(alias.only)) || named(alias.except)) continue;
    // A name that is not one path segment cannot stand in a file name.
    if (/[/\\]/.test(scope.name) || scope.name === '.' || scope.name === '..') continue;
    out.push({ path: alias.path.replace(/:(name|slug)\b/g, (_, key: 'name' | 'slug') => scope[key]), format: alias.format });
  }
  return out;
}

/**
 * The address readers subscribed to a scope's feed in `format` at: its first old address in that format
 * (jekyll-feed's /feed.xml, Hugo's /index.xml), which the site's own pages announced before feedwright
 * came, else feedwright's own. An archive page names it as `current` and keeps its identity (RFC 5005 §4:
 * the subscription document), so a reader of /feed.xml paging back is sent back to /feed.xml.
 */
export function subscribedPath(scope: Scope, format: FormatName, file: string, config: Config): string {
  return aliasesOf(scope, config).find((a) => a.format === format)?.path ?? scopeDir(scope) + file;
}
