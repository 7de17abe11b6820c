// A Jekyll site's posts: files in a `_posts` folder (at the root, or under folders that name categories:
// `news/_posts/…` is in category news), and in `_drafts` when drafts are shown. Jekyll's reader.rb and
// document.rb rules, for paths relative to the site root.

/** The underscore folders a Jekyll site's walk enters (every other `_name` is Jekyll's own, or private). */
export function jekyllFolders(drafts: boolean): ReadonlySet<string> {
  return new Set(drafts ? ['_posts', '_drafts'] : ['_posts']);
}

// Jekyll's DATE_FILENAME_MATCHER: a post's file name starts with its date; others in _posts are skipped.
const DATED = /^\d{2,4}-\d{1,2}-\d{1,2}-[^/]*\.[^./]+$/;

/** Where a path is in the layout: a post, a draft, or neither. */
export function jekyllKind(rel: string, drafts: boolean): 'post' | 'draft' | undefined {
  const parts = rel.split('/');
  const at = parts.findIndex((p) => p === '_posts' || p === '_drafts');
  // Folders above the special one are walked by Jekyll only when none is special itself.
  if (at < 0 || parts.slice(0, at).some((p) => p.startsWith('_'))) return undefined;
  const name = parts.at(-1) ?? '';
  if (parts[at] === '_posts') return DATED.test(name) ? 'post' : undefined;
  return drafts && /\.[^./]+$/.test(name) ? 'draft' : undefined;
}

/** The categories a path gives a post: the folders above its `_posts` (Document#categories_from_path). */
export function categoriesFromPath(rel: string): string[] {
  const parts = rel.split('/');
  const at = parts.findIndex((p) => p === '_posts' || p === '_drafts');
  return at <= 0 ? [] : parts.slice(0, at);
}
