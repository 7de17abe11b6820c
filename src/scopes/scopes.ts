// Posts → scopes: the whole site, each category, each tag and (feeds.authors) each author, each with its
// posts newest first.
import type { Author } from '../config/schema.js';
import type { Post } from '../posts/post.js';
import { authorGroups } from './authors.js';
import { foldName } from '../posts/taxonomy.js';
import { assignSlugs } from './slug.js';
import { compareText } from '../order.js';

export type ScopeKind = 'site' | 'category' | 'tag' | 'author';

export interface Scope {
  readonly kind: ScopeKind;
  /** Folded name (`foldName`); '' for the site. */
  readonly key: string;
  /** The spelling most posts use; '' for the site. */
  readonly name: string;
  /** '' for the site. */
  readonly slug: string;
  /** Every published post in the scope, newest first, ties by path. */
  readonly posts: readonly Post[];
  /** An author scope's person (name, address, site, avatar): its feeds' author. */
  readonly person?: Author;
}

/** Newest first by published date; equal dates by path, so the order never depends on the file system. */
export function byNewest(a: Post, b: Post): number {
  return b.date - a.date || compareText(a.path, b.path);
}

/**
 * Groups the posts that are published at `now` (not dated in the future) into scopes: the site first,
 * then categories, then tags, then authors (posts carry authors only with feeds.authors on), each kind
 * sorted by slug.
 */
export function buildScopes(posts: readonly Post[], now: number): Scope[] {
  const published = posts.filter((p) => p.date <= now).sort(byNewest);
  return [
    { kind: 'site', key: '', name: '', slug: '', posts: published },
    ...group(published, 'category', (p) => p.categories),
    ...group(published, 'tag', (p) => p.tags),
    ...authorGroups(published).map(({ key, name, slug, person, posts: list }): Scope => ({ kind: 'author', key, name, slug, posts: list, person })),
  ];
}

function group(posts: readonly Post[], kind: 'category' | 'tag', namesOf: (p: Post) => readonly string[]): Scope[] {
  // By spelling first: one map lookup per name a post carries (half a million at 100,000 posts). The
  // spellings of one name (JavaScript, javascript) are joined after; a post never carries two of them.
  const bySpelling = new Map<string, Post[]>();
  for (const post of posts) {
    for (const name of namesOf(post)) {
      const list = bySpelling.get(name);
      if (list) list.push(post);
      else bySpelling.set(name, [post]);
    }
  }
  const spellings = new Map<string, [name: string, posts: Post[]][]>();
  for (const [name, list] of bySpelling) {
    const key = foldName(name);
    const forms = spellings.get(key);
    if (forms) forms.push([name, list]);
    else spellings.set(key, [[name, list]]);
  }
  const slugs = assignSlugs(spellings.keys());
  const scopes: Scope[] = [];
  for (const [key, forms] of spellings) {
    const members = forms.length === 1 ? (forms[0]?.[1] ?? []) : forms.flatMap(([, list]) => list).sort(byNewest);
    scopes.push({ kind, key, name: mostUsed(forms), slug: slugs.get(key) ?? key, posts: members });
  }
  return scopes.sort((a, b) => compareText(a.slug, b.slug));
}

/** The most used spelling; a tie goes to the one that sorts first, so every replica picks the same. */
function mostUsed(forms: readonly (readonly [string, readonly Post[]])[]): string {
  let best = '';
  let bestCount = -1;
  for (const [name, { length: count }] of forms) {
    if (count > bestCount || (count === bestCount && name < best)) {
      best = name;
      bestCount = count;
    }
  }
  return best;
}

/**
 * The folder of every scope of a kind: `/categories/`, `/tags/` or `/authors/`. Its own page lists them,
 * and the feeds name it as their categories' domain (RSS) and scheme (Atom).
 */
export function taxonomyDir(kind: Exclude<ScopeKind, 'site'>): string {
  return kind === 'category' ? '/categories/' : kind === 'tag' ? '/tags/' : '/authors/';
}

/** URL path of a scope's folder, decoded: `/`, `/categories/<slug>/`, `/tags/<slug>/`, `/authors/<slug>/`. */
export function scopeDir(scope: Pick<Scope, 'kind' | 'slug'>): string {
  return scope.kind === 'site' ? '/' : `${taxonomyDir(scope.kind)}${scope.slug}/`;
}

/** A decoded path as it goes on the wire: each segment percent-encoded (常州 → %E5%B8%B8%E5%B7%9E). */
export function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}
