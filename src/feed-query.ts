// What a feed URL's query string asks for (docs/guides/query-feeds-and-subscribers.md): more scopes, words to look for, a date
// and a length, checked against the config's bounds, and the one canonical form of it, so that the order,
// the case and the repeats of parameters never make a second document. At the bottom of the house: the
// config checks its saved queries with it, and the server every query feed request.
import { compareText } from './order.js';
import { foldText } from './fold.js';

export type MatchMode = 'all' | 'any';
export type SearchIn = 'all' | 'title' | 'content';

/** A word or "a phrase" to look for, folded (fold.ts); `exclude`: a post that has it is left out. */
export interface QueryTerm {
  readonly text: string;
  readonly exclude: boolean;
}

/** A query, normalised: names folded, sorted and once each; terms the same. */
export interface FeedQuery {
  readonly category: readonly string[];
  readonly tag: readonly string[];
  readonly author: readonly string[];
  /** How the scopes named here combine (the path's own scope is always required). */
  readonly match: MatchMode;
  readonly terms: readonly QueryTerm[];
  /** Where the terms are looked for. */
  readonly in: SearchIn;
  /** Only posts published at or after this instant (ms). */
  readonly since: number | undefined;
  readonly limit: number;
}

export interface QueryBounds {
  /** Parameters in one query string, known or not. */
  readonly maxParameters: number;
  /** Characters of `q`. */
  readonly maxKeywordLength: number;
  readonly maxLimit: number;
  /** The length of a query feed that names none (feeds.limit, within maxLimit). */
  readonly defaultLimit: number;
}

/** A date as `since` takes it → an instant, or undefined when it is not one (the site's time zone applies). */
export type ReadInstant = (text: string) => number | undefined;

/** `query` undefined: no parameter changes anything, and the fixed feed is the answer. */
export type ParsedQuery = { readonly ok: true; readonly query: FeedQuery | undefined } | { readonly ok: false; readonly reason: string };

export type ScopeParameter = 'category' | 'tag' | 'author';
export const SCOPE_PARAMETERS: readonly ScopeParameter[] = ['category', 'tag', 'author'];
type Single = 'match' | 'q' | 'in' | 'since' | 'limit';
const SINGLE: readonly Single[] = ['match', 'q', 'in', 'since', 'limit'];

/** Terms in one `q`: more say nothing a reader needs and cost a scan each. */
export const MAX_TERMS = 16;
/** Characters of one scope name: names are cut at 100 (posts/limits.ts), so a longer one names nothing. */
const MAX_NAME = 200;
const MAX_SINCE = 64;

/**
 * Reads a query string (without `?`). Parameter names are case-insensitive, empty values are as if absent
 * (a form sends its empty fields), unknown parameters are ignored (`utm_source`, cache busters), a scope
 * parameter may repeat, and any other may repeat only with the same value.
 */
export function parseFeedQuery(search: string, bounds: QueryBounds, readInstant: ReadInstant): ParsedQuery {
  const pairs = search === '' ? [] : search.split('&').filter((p) => p !== '');
  if (pairs.length > bounds.maxParameters) return fail(`${pairs.length} query parameters; at most ${bounds.maxParameters} are taken`);
  const scopes: Record<ScopeParameter, string[]> = { category: [], tag: [], author: [] };
  const single: Partial<Record<Single, string>> = {};
  // Every problem is found before one is told, in a fixed order: the answer never depends on the order
  // of the parameters, a refusal's reason included.
  const problems = new Set<string>();
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    const name = decode(at === -1 ? pair : pair.slice(0, at));
    const value = decode(at === -1 ? '' : pair.slice(at + 1));
    if (name === undefined || value === undefined) {
      problems.add('malformed percent-encoding in the query string');
      continue;
    }
    const key = name.toLowerCase();
    const text = value.replace(/\s+/gu, ' ').trim();
    if (text === '') continue;
    if ((SCOPE_PARAMETERS as readonly string[]).includes(key)) {
      if (text.length > MAX_NAME) problems.add(`${key}: a name longer than ${MAX_NAME} characters`);
      else scopes[key as ScopeParameter].push(foldText(text));
    } else if ((SINGLE as readonly string[]).includes(key)) {
      const had = single[key as Single];
      if (had !== undefined && had !== text) problems.add(`${key} is given twice, with different values`);
      else single[key as Single] = text;
    }
  }
  if (problems.size > 0) return fail([...problems].sort(compareText).join('; '));

  const match = single.match ?? 'all';
  if (match !== 'all' && match !== 'any') return fail('match must be all or any');
  const where = single.in ?? 'all';
  if (where !== 'all' && where !== 'title' && where !== 'content') return fail('in must be title, content or all');
  const terms = single.q === undefined ? { ok: true as const, terms: [] } : readTerms(single.q, bounds.maxKeywordLength);
  if (!terms.ok) return terms;
  let limit = bounds.defaultLimit;
  if (single.limit !== undefined) {
    limit = /^\d{1,9}$/.test(single.limit) ? Number(single.limit) : NaN;
    if (!(limit >= 1 && limit <= bounds.maxLimit)) return fail(`limit must be a whole number from 1 to ${bounds.maxLimit}`);
  }
  let since: number | undefined;
  if (single.since !== undefined) {
    since = single.since.length <= MAX_SINCE ? readInstant(single.since) : undefined;
    if (since === undefined) return fail('since must be a date such as 2024-05-01 or 2024-05-01T08:00:00Z');
  }
  const query: FeedQuery = {
    category: names(scopes.category),
    tag: names(scopes.tag),
    author: names(scopes.author),
    match,
    terms: terms.terms,
    in: where,
    since,
    limit,
  };
  return { ok: true, query: canonicalQuery(query, bounds.defaultLimit) === '' ? undefined : query };
}

/**
 * The query as one string, parameters in a fixed order, values in their normal form, and nothing that
 * changes no byte (`match` with one scope, `in` without words, the default `limit`): two queries that
 * ask for the same are the same string, and it reads back (parseFeedQuery) as the same query.
 */
export function canonicalQuery(query: FeedQuery, defaultLimit: number): string {
  const parts: string[] = [];
  for (const key of SCOPE_PARAMETERS) for (const name of query[key]) parts.push(`${key}=${encodeURIComponent(name)}`);
  if (query.match === 'any' && scopeCount(query) > 1) parts.push('match=any');
  if (query.terms.length > 0) {
    parts.push(`q=${encodeURIComponent(termsText(query.terms))}`);
    if (query.in !== 'all') parts.push(`in=${query.in}`);
  }
  if (query.since !== undefined) parts.push(`since=${encodeURIComponent(instantText(query.since))}`);
  if (query.limit !== defaultLimit) parts.push(`limit=${query.limit}`);
  return parts.join('&');
}

/** What a query asks for, in words a feed's title can carry: `tag: ferry · q: harbour -bus · limit: 50`. */
export function describeQuery(query: FeedQuery, defaultLimit: number): string {
  return canonicalQuery(query, defaultLimit)
    .split('&')
    .map((part) => {
      const at = part.indexOf('=');
      return `${part.slice(0, at)}: ${decodeURIComponent(part.slice(at + 1))}`;
    })
    .join(' · ');
}

/** The scope names a query gives, all kinds together. */
export function scopeCount(query: FeedQuery): number {
  return query.category.length + query.tag.length + query.author.length;
}

/** The same query with other scope names (the server replaces a slug by the name it stands for). */
export function withNames(query: FeedQuery, replaced: Readonly<Record<ScopeParameter, readonly string[]>>): FeedQuery {
  return { ...query, category: names(replaced.category), tag: names(replaced.tag), author: names(replaced.author) };
}

/** `q`'s terms as canonicalQuery writes them: a phrase, or a term that starts with `-`, is quoted. */
export function termsText(terms: readonly QueryTerm[]): string {
  return terms.map((t) => `${t.exclude ? '-' : ''}${/\s/u.test(t.text) || t.text.startsWith('-') ? `"${t.text}"` : t.text}`).join(' ');
}

function instantText(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

// A word, or a "phrase" (its closing quote may be missing), each maybe after a `-`.
const TERM = /(-?)"([^"]*)"?|(\S+)/gu;

function readTerms(q: string, max: number): { ok: true; terms: QueryTerm[] } | { ok: false; reason: string } {
  if ([...q].length > max) return fail(`q: ${[...q].length} characters; at most ${max}`);
  const found = new Map<string, QueryTerm>();
  for (const m of q.matchAll(TERM)) {
    let exclude = m[1] === '-';
    let text = m[2] ?? '';
    if (m[3] !== undefined) {
      if (m[3] === '-') continue;
      exclude = m[3].startsWith('-') && m[3].length > 1;
      text = (exclude ? m[3].slice(1) : m[3]).replaceAll('"', '');
    }
    const folded = foldText(text).replace(/\s+/gu, ' ').trim();
    if (folded === '') continue;
    found.set(`${exclude ? '-' : '+'}${folded}`, { text: folded, exclude });
    if (found.size > MAX_TERMS) return fail(`q: more than ${MAX_TERMS} words`);
  }
  const terms = [...found.values()].sort((a, b) => Number(a.exclude) - Number(b.exclude) || compareText(a.text, b.text));
  return { ok: true, terms };
}

function names(list: readonly string[]): string[] {
  return [...new Set(list)].sort(compareText);
}

function decode(text: string): string | undefined {
  try {
    return decodeURIComponent(text.replaceAll('+', ' '));
  } catch {
    return undefined;
  }
}

function fail(reason: string): { ok: false; reason: string } {
  return { ok: false, reason };
}
