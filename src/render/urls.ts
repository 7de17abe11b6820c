// URLs of what feedwright serves: absolute public ones (self links, autodiscovery, copy boxes, OPML),
// relative ones between its own documents, and the site's own page for a scope.
import type { Config } from '../config/schema.js';
import { cached } from '../memo.js';
import { encodePath, scopeDir, type Scope } from '../scopes/scopes.js';

// Every item names the same few scheme URLs, and every feed its own; URL parsing is not free.
const known = new WeakMap<Config, Map<string, string>>();

/** Absolute public URL of a path served by feedwright. */
export function publicUrl(config: Config, path: string): string {
  const urls = cached(known, config, () => new Map());
  let url = urls.get(path);
  if (url === undefined) {
    url = new URL(encodePath(path).replace(/^\//, ''), config.feeds.baseUrl).href;
    urls.set(path, url);
  }
  return url;
}

/**
 * A link from a document in folder `fromDir` to the decoded path `to`, relative, so it works wherever
 * feedwright is mounted (behind a proxy under /feeds/, on localhost, as static files), and stays
 * same-origin, which browsers require of an XSLT stylesheet.
 */
export function relativeUrl(fromDir: string, to: string): string {
  const from = fromDir.split('/').slice(1, -1);
  const target = to.split('/').slice(1);
  let common = 0;
  while (common < from.length && common < target.length - 1 && from[common] === target[common]) common++;
  const href = '../'.repeat(from.length - common) + encodePath(target.slice(common).join('/'));
  return href === '' ? './' : href;
}

/**
 * The HTML page a scope's feeds are the feeds of: the site itself, the site's own category or tag page
 * when `feeds.alternate` has a pattern for it (`/category/:slug.html`, `:name`), else feedwright's page.
 */
export function alternateUrl(scope: Pick<Scope, 'kind' | 'slug' | 'name'>, config: Config): string {
  if (scope.kind === 'site') return config.site.url;
  const pattern = config.feeds.alternate[scope.kind];
  if (pattern === undefined) return publicUrl(config, scopeDir(scope));
  const path = pattern.replace(/:(slug|name)\b/g, (_, key: 'slug' | 'name') => encodeURIComponent(scope[key]));
  return new URL(path.replace(/^\//, ''), config.site.url).href;
}
