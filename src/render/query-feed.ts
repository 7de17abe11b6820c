// A query feed's bytes (docs/guides/query-feeds-and-subscribers.md): the narrowed scope's feed model, with a title that says
// what the query asks for and a self link that names the query in its canonical form, around the items
// of the posts the selection chose, as they were prepared for every feed.
import type { Config } from '../config/schema.js';
import { FORMAT_TABLE, type FormatName } from '../format-table.js';
import { canonicalQuery, describeQuery, parseFeedQuery, type FeedQuery, type QueryBounds, type ReadInstant } from '../feed-query.js';
import { foldText } from '../fold.js';
import { parseDate } from '../posts/dates.js';
import { resolveNames, scopeLookup } from '../scopes/query-select.js';
import { oneLine } from '../posts/text.js';
import { scopeDir, type Scope } from '../scopes/scopes.js';
import type { ItemPieces, PreparedContent, Spliced } from './feed-document.js';
import { shellModel, type FeedModel, type ModelItem } from './feed-model.js';
import { assembleFeed, feedShell, formatsFor, type FeedFormat } from './formats.js';
import { publicUrl, relativeUrl } from './urls.js';

/** Where saved queries are served: `/queries/<name>/<format file>`. */
export const SAVED_DIR = '/queries/';

export interface QueryFeedSpec {
  /** The decoded path it is served at: the scope's feed file (the query is in the URL), or a saved query's. */
  readonly path: string;
  readonly scope: Scope;
  readonly format: FeedFormat;
  readonly query: FeedQuery;
  /** `canonicalQuery` of the query: an ad hoc query feed's self link ends with it. */
  readonly canonical: string;
  /** A saved query (config queries.saved): its own address and, if given, title. */
  readonly saved?: { readonly name: string; readonly title: string | undefined };
}

/** A saved query's name, scope, query and title, as the config has them (queries.saved). */
export interface SavedQuery {
  readonly name: string;
  readonly scope: string;
  readonly query: string;
  readonly title?: string | undefined;
}

/** How `since` is read: as a post's date is, wall-clock times in the site's zone. */
export function readInstantIn(timezone: string): ReadInstant {
  return (text) => {
    const r = parseDate(text, timezone);
    return r.ok ? r.ms : undefined;
  };
}

/** A saved query's scope that a snapshot lacks (its last post went): the same feed, empty. */
export function standInScope(dir: string): Scope {
  const [, folder = '', slug = ''] = /^\/(?:(categories|tags|authors)\/([^/]+)\/)?$/.exec(dir) ?? [];
  const kind = folder === 'categories' ? 'category' : folder === 'tags' ? 'tag' : folder === 'authors' ? 'author' : 'site';
  return { kind, key: foldText(slug), name: slug, slug, posts: [] };
}

/**
 * A saved query as a feed in one format, in a snapshot's scopes; its reason when its query cannot be
 * read (the config checks all of it but the date, which only the site's zone reads).
 */
export function savedQuerySpec(
  saved: SavedQuery,
  index: ReadonlyMap<string, Scope>,
  format: FeedFormat,
  config: Config,
): QueryFeedSpec | { readonly reason: string } {
  const bounds = queryBounds(config);
  const parsed = parseFeedQuery(saved.query, bounds, readInstantIn(config.timezone));
  if (!parsed.ok) return { reason: parsed.reason };
  const query = resolveNames(
    parsed.query ?? { category: [], tag: [], author: [], match: 'all', terms: [], in: 'all', since: undefined, limit: bounds.defaultLimit },
    scopeLookup(index),
  );
  return {
    path: `${SAVED_DIR}${saved.name}/${format.file}`,
    scope: index.get(saved.scope) ?? standInScope(saved.scope),
    format,
    query,
    canonical: canonicalQuery(query, bounds.defaultLimit),
    saved: { name: saved.name, title: saved.title },
  };
}

/** A post of the feed with its content and its item in the feed's format, as prepared for every feed. */
export interface QueryItem {
  readonly content: PreparedContent;
  readonly item: ItemPieces;
}

/** Every saved query's path in every configured format; none with query feeds off. */
export function savedQueryPaths(config: Config): string[] {
  if (!config.queries.enabled) return [];
  const formats = formatsFor(config.feeds.formats);
  return config.queries.saved.flatMap((saved) => formats.map((f) => `${SAVED_DIR}${saved.name}/${f.file}`));
}

/** The config's bounds on a query; a query that names no length gets the fixed feeds' (within maxLimit). */
export function queryBounds(config: Config): QueryBounds {
  const q = config.queries;
  return { maxParameters: q.maxParameters, maxKeywordLength: q.maxKeywordLength, maxLimit: q.maxLimit, defaultLimit: Math.min(config.feeds.limit, q.maxLimit) };
}

/** The public address of a query feed in one format: the saved one's path, or the scope's feed with `?<canonical>`. */
export function querySelfUrl(spec: Pick<QueryFeedSpec, 'scope' | 'canonical' | 'saved'>, format: FormatName, config: Config): string {
  const file = FORMAT_TABLE.find((f) => f.name === format)?.file ?? '';
  if (spec.saved) return publicUrl(config, `${SAVED_DIR}${spec.saved.name}/${file}`);
  return `${publicUrl(config, scopeDir(spec.scope) + file)}?${spec.canonical}`;
}

/** The feed's model without items: the scope's, retitled, with the query's own addresses. */
export function queryFeedModel(spec: QueryFeedSpec, items: readonly ModelItem[], config: Config): FeedModel {
  const model = shellModel(spec.scope, items, config);
  const described = describeQuery(spec.query, queryBounds(config).defaultLimit);
  const title = spec.saved?.title !== undefined ? oneLine(spec.saved.title) : `${model.title} (${oneLine(described)})`;
  const dir = spec.path.slice(0, spec.path.lastIndexOf('/') + 1);
  const stylesheets: Partial<Record<FormatName, string>> = {};
  for (const f of FORMAT_TABLE) {
    if (f.stylesheet !== undefined && model.stylesheets[f.name] !== undefined) stylesheets[f.name] = relativeUrl(dir, `/${f.stylesheet}`);
  }
  // An empty feed is dated by its scope's newest post, as an empty podcast is: the epoch is what the W3C
  // validator calls an implausible date.
  const updated = items.length > 0 ? model.updated : new Date(spec.scope.posts[0]?.updated ?? 0);
  return {
    ...model,
    updated,
    title,
    description: `${oneLine(described)} — ${model.description}`,
    selfUrls: Object.fromEntries(FORMAT_TABLE.map((f) => [f.name, querySelfUrl(spec, f.name, config)])) as Record<FormatName, string>,
    stylesheets,
  };
}

/** The whole feed, from its posts (newest first) and their prepared items in the feed's format. */
export function renderQueryFeed(spec: QueryFeedSpec, items: readonly (ModelItem & QueryItem)[], config: Config): Spliced {
  const model = queryFeedModel(spec, items, config);
  return assembleFeed(
    spec.format,
    feedShell(spec.format, model),
    items.map((i) => i.item),
    items.map((i) => i.content),
  );
}
