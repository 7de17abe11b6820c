// Whether an old address (feeds.aliases, jekyll-feed's feed.path) would hide one of feedwright's own: a
// name taken by a feed, page, list or route must keep meaning what it means. Category and tag aliases
// can still meet a name only known at build time; the build keeps the canonical document then.
import { FORMAT_TABLE } from '../format-table.js';

// What feedwright serves at fixed paths (tests/config/alias-clash.test.ts checks this list against a
// build and the routes, so it cannot fall behind them).
export const RESERVED_PATHS: ReadonlySet<string> = new Set([
  '/',
  '/index.html',
  '/feeds.opml',
  '/categories/',
  '/tags/',
  '/authors/',
  '/status',
  '/healthz',
  '/readyz',
  '/metrics',
  '/hooks/rebuild',
  ...FORMAT_TABLE.map((f) => `/${f.file}`),
  ...FORMAT_TABLE.flatMap((f) => (f.stylesheet ? [`/${f.stylesheet}`] : [])),
]);
const RESERVED_FOLDERS = ['/assets/'];

export interface AliasLike {
  readonly path: string;
  readonly scope: 'site' | 'category' | 'tag' | 'author';
}

/** The first alias that clashes, with why; undefined when none does. */
export function aliasClash(aliases: readonly AliasLike[]): { key: string; why: string } | undefined {
  const seen = new Map<string, number>();
  for (const [i, alias] of aliases.entries()) {
    const key = `feeds.aliases.${i}.path`;
    if (RESERVED_PATHS.has(alias.path) || RESERVED_FOLDERS.some((f) => alias.path.startsWith(f))) {
      return { key, why: `${alias.path} is one of feedwright's own addresses; choose another path` };
    }
    // A scope's own folder holds its feeds and page: /categories/:slug/atom.xml would be a second copy.
    const file = alias.path.slice(alias.path.lastIndexOf('/') + 1);
    if (/^\/(categories|tags|authors)\/:(slug|name)\/[^/]+$/.test(alias.path) && (FORMAT_TABLE.some((f) => f.file === file) || file === 'index.html')) {
      return { key, why: `${alias.path} is where feedwright puts each scope's own ${file}` };
    }
    const earlier = seen.get(alias.path);
    if (earlier !== undefined) return { key, why: `${alias.path} is also feeds.aliases.${earlier}.path` };
    seen.set(alias.path, i);
  }
  return undefined;
}
