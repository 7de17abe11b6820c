// Which posts a query feed shows (docs/guides/query-feeds-and-subscribers.md): the path's scope narrowed by the scopes, date and
// words the query names, newest first, as many as its limit. Pure and deterministic: a post's text comes
// from the caller, which reads it when the selection asks for it (the generator yields the posts whose
// text it needs next), so the same posts and the same query always select the same posts.
import { cached } from '../memo.js';
import type { FeedQuery, ScopeParameter } from '../feed-query.js';
import { withNames, SCOPE_PARAMETERS } from '../feed-query.js';
import { foldText } from '../fold.js';
import type { Post } from '../posts/post.js';
import { byNewest, type Scope, type ScopeKind } from './scopes.js';

/** Scopes by parameter, each under its folded name and under its slug. */
export type ScopeLookup = Readonly<Record<ScopeParameter, ReadonlyMap<string, Scope>>>;

export interface Selection {
  readonly posts: readonly Post[];
  /** False when a post's text could not be read (its file changed or went since the scan): right for now, not to be kept. */
  readonly exact: boolean;
  /** Posts the word filter looked at. */
  readonly scanned: number;
}

/** Posts whose text the selection needs before it goes on; the caller makes `textOf` answer for them. */
export type TextsWanted = readonly Post[];

const KIND: Readonly<Record<ScopeParameter, ScopeKind>> = { category: 'category', tag: 'tag', author: 'author' };

/** Posts looked at together when their text must be read: one read of several files, one check of the budget. */
export const TEXT_BATCH = 32;

const lookups = new WeakMap<ReadonlyMap<string, Scope>, ScopeLookup>();

/** The lookup of a snapshot's scopes, made once per snapshot. */
export function scopeLookup(index: ReadonlyMap<string, Scope>): ScopeLookup {
  return cached(lookups, index, makeLookup);
}

function makeLookup(index: ReadonlyMap<string, Scope>): ScopeLookup {
  const made = { category: new Map<string, Scope>(), tag: new Map<string, Scope>(), author: new Map<string, Scope>() };
  const scopes = [...index.values()];
  // Slugs first, then names over them: a name wins over another scope's slug (`c-plus-plus` may be a tag of its own).
  for (const by of ['slug', 'key'] as const) {
    for (const scope of scopes) for (const key of SCOPE_PARAMETERS) if (scope.kind === KIND[key]) made[key].set(scope[by], scope);
  }
  return made;
}

/**
 * The query with each scope named by its folded name, so that `tag=c-plus-plus` (a slug) and `tag=C++`
 * are one document. A name no scope has is kept as given: the feed is then empty, and valid.
 */
export function resolveNames(query: FeedQuery, lookup: ScopeLookup): FeedQuery {
  const named = (key: ScopeParameter): string[] => query[key].map((name) => lookup[key].get(name)?.key ?? name);
  return withNames(query, { category: named('category'), tag: named('tag'), author: named('author') });
}

/**
 * The selection, as a generator: it yields batches of posts whose text (`textOf`) it needs, and the
 * caller resumes it once they can be read; `textOf` answering undefined leaves that post out (`exact`
 * false). A word filter looks at no more than `maxScan` posts.
 */
export function* selectPosts(
  base: Scope,
  query: FeedQuery,
  lookup: ScopeLookup,
  textOf: (post: Post) => string | undefined,
  maxScan: number,
): Generator<TextsWanted, Selection, void> {
  const source = candidates(base, query, lookup);
  const shown: Post[] = [];
  const since = query.since;
  const positive = query.terms.filter((t) => !t.exclude).map((t) => t.text);
  const negative = query.terms.filter((t) => t.exclude).map((t) => t.text);
  if (query.terms.length === 0) {
    for (const post of source) {
      if (shown.length >= query.limit || (since !== undefined && post.date < since)) break;
      shown.push(post);
    }
    return { posts: shown, exact: true, scanned: 0 };
  }
  const inTitle = query.in !== 'content';
  const inContent = query.in !== 'title';
  const it = source[Symbol.iterator]();
  let scanned = 0;
  let exact = true;
  let ended = false;
  while (!ended && shown.length < query.limit && scanned < maxScan) {
    const batch: Post[] = [];
    while (batch.length < TEXT_BATCH && scanned + batch.length < maxScan) {
      const next = it.next();
      if (next.done || (since !== undefined && next.value.date < since)) {
        ended = true;
        break;
      }
      batch.push(next.value);
    }
    if (batch.length === 0) break;
    scanned += batch.length;
    // A post the title alone decides (every word there, none to keep out) costs no read.
    const decided = (post: Post): boolean => inTitle && negative.length === 0 && positive.every((w) => titleOf(post).includes(w));
    if (inContent) {
      const lacking = batch.filter((post) => !decided(post));
      if (lacking.length > 0) yield lacking;
    }
    for (const post of batch) {
      if (shown.length >= query.limit) break;
      if (decided(post)) {
        shown.push(post);
        continue;
      }
      let text = inTitle ? titleOf(post) : '';
      if (inContent) {
        const content = textOf(post);
        if (content === undefined) {
          exact = false;
          continue;
        }
        text = inTitle ? `${text}\n${content}` : content;
      }
      if (positive.every((w) => text.includes(w)) && !negative.some((w) => text.includes(w))) shown.push(post);
    }
  }
  return { posts: shown, exact, scanned };
}

/**
 * The posts the path's scope and the query's scopes leave, newest first (byNewest, the order of every
 * scope's list). `all`: in every named scope (an unknown one leaves none); `any`: in at least one.
 */
function candidates(base: Scope, query: FeedQuery, lookup: ScopeLookup): Iterable<Post> {
  const named = SCOPE_PARAMETERS.flatMap((key) => query[key].map((name) => lookup[key].get(name)));
  if (named.length === 0) return base.posts;
  const known = named.filter((s): s is Scope => s !== undefined);
  if (query.match === 'all' || named.length === 1) {
    if (known.length < named.length) return [];
    // Walk the shortest list, and test the others by set.
    const all = [base, ...known];
    const shortest = all.reduce((a, b) => (b.posts.length < a.posts.length ? b : a));
    const others = all.filter((s) => s !== shortest && s.kind !== 'site').map(membersOf);
    return others.length === 0 ? shortest.posts : filtered(shortest.posts, (p) => others.every((set) => set.has(p)));
  }
  if (known.length === 0) return [];
  const union = known.length === 1 ? (known[0] as Scope).posts : [...new Set(known.flatMap((s) => s.posts))].sort(byNewest);
  if (base.kind === 'site') return union;
  const inBase = membersOf(base);
  return filtered(union, (p) => inBase.has(p));
}

function* filtered(posts: readonly Post[], keep: (post: Post) => boolean): Generator<Post> {
  for (const post of posts) if (keep(post)) yield post;
}

// A snapshot's scopes never change: their member sets and their posts' folded titles are made once.
const members = new WeakMap<Scope, ReadonlySet<Post>>();
const titles = new WeakMap<Post, string>();

function membersOf(scope: Scope): ReadonlySet<Post> {
  return cached(members, scope, (s) => new Set(s.posts));
}

function titleOf(post: Post): string {
  return cached(titles, post, (p) => foldText(p.title));
}
