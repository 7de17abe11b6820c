// RFC 5005 archived feeds: which posts each archive page of a scope holds, where it lives, and the links
// written into a feed's head (docs/reference/feeds.md "History: archive pages").
//
// The paging rule. Pages are counted from the OLDEST post of the scope: page 1 holds its oldest `pageSize`
// posts, page 2 the next ones, and so on. They hold exactly the posts older than the subscription
// document's window (the newest `feeds.limit`), so a reader that reads the subscription document, then
// follows prev-archive to page 1, meets every published post of the scope once, newest to oldest. A new
// post enters the window and pushes the window's oldest post onto the newest page: a full page never
// changes, which is what lets it be cached as immutable (RFC 5005 §4: archive documents are stable).
// Calendar periods would also be stable, but make pages of any size (a busy month, an empty year).
//
// The newest page is the one still filling, and it always exists once any post has left the window, even
// when it holds none yet (the window's edge just filled the page before it): a full page can then name it
// as next-archive from the start, so a full page's bytes never gain a link later.
import { escapeAttribute } from 'entities';
import type { Config } from '../config/schema.js';
import type { Post } from '../posts/post.js';
import { scopeDir, type Scope, type ScopeKind } from '../scopes/scopes.js';

/** RFC 5005 §4's namespace for `fh:archive`. */
export const HISTORY_NS = 'http://purl.org/syndication/history/1.0';

export interface ArchivePaging {
  readonly limit: number;
  readonly pageSize: number;
}

/**
 * The paging of the config; undefined with feeds.archive off, or, given a scope's kind, for a kind that
 * feeds.archive.taxonomies leaves out (the site's feeds have archive pages whenever they are on).
 */
export function archivePaging(config: Config, kind?: ScopeKind): ArchivePaging | undefined {
  const archive = config.feeds.archive;
  if (kind !== undefined && kind !== 'site' && !archive.taxonomies.includes(kind)) return undefined;
  return archive.enabled ? { limit: config.feeds.limit, pageSize: archive.pageSize } : undefined;
}

/**
 * How many pages of older posts a scope's HTML page links through: the same pages as the feeds', less
 * the newest when it is empty (people need no empty page; feeds do, see above).
 */
export function archiveListCount(total: number, { limit, pageSize }: ArchivePaging): number {
  return Math.ceil(Math.max(0, total - limit) / pageSize);
}

/** How many archive pages a scope of `total` posts has: none while every post fits the window. */
export function archivePageCount(total: number, { limit, pageSize }: ArchivePaging): number {
  const archived = total - limit;
  return archived > 0 ? Math.floor(archived / pageSize) + 1 : 0;
}

/** Whether page `page` (1 = oldest) holds its full `pageSize` posts: full pages never change again. */
export function isFullPage(page: number, total: number, { limit, pageSize }: ArchivePaging): boolean {
  return page * pageSize <= total - limit;
}

/** The posts of page `page`, newest first like every feed; `posts` is the scope's list, newest first. */
export function archivePagePosts(posts: readonly Post[], page: number, { limit, pageSize }: ArchivePaging): readonly Post[] {
  const archived = Math.max(0, posts.length - limit);
  // Counted from the oldest: page p holds positions [(p-1)·size, p·size) of the archived posts, oldest first.
  const oldestFirstEnd = Math.min(page * pageSize, archived);
  const oldestFirstStart = (page - 1) * pageSize;
  if (oldestFirstStart >= oldestFirstEnd) return [];
  return posts.slice(posts.length - oldestFirstEnd, posts.length - oldestFirstStart);
}

/** Decoded path of a scope's archive folder for page `page`: `/archive/3/`, `/tags/<slug>/archive/3/`. */
export function archiveDir(scope: Pick<Scope, 'kind' | 'slug'>, page: number): string {
  return `${scopeDir(scope)}archive/${page}/`;
}

/** Absolute URLs a feed document links to for paging; each one left out is not written. */
export interface ArchiveLinks {
  /** RFC 5005 §4: the page itself (replaces the subscription document's self link in an archive page). */
  readonly self?: string;
  /** RFC 5005 §4: the subscription document, from an archive page. */
  readonly current?: string;
  /** The next older page (the newest page, from the subscription document). */
  readonly prevArchive?: string;
  /** The next newer page. */
  readonly nextArchive?: string;
  /** Marks an archive document (`fh:archive`). */
  readonly archive: boolean;
}

/**
 * Writes paging links into a rendered feed head (formats.ts `feedShell`). RSS and Atom: `current`,
 * `prev-archive` and `next-archive` links (atom:link in RSS, as its self link is) right after the self
 * link, whose href becomes the page's own, and `<fh:archive/>` with its namespace on the root element.
 * JSON Feed 1.1 has one paging link, `next_url`, which leads to older items: the subscription document's
 * goes to the newest page, each page's to the one before it.
 */
export function withArchiveLinks(head: string, format: 'rss' | 'atom' | 'json', links: ArchiveLinks): string {
  if (format === 'json') {
    if (links.prevArchive === undefined) return head;
    const at = head.lastIndexOf('"items": [');
    if (at === -1) throw new Error('archive: no items in a JSON Feed head');
    return `${head.slice(0, at)}"next_url": ${JSON.stringify(links.prevArchive)},\n  ${head.slice(at)}`;
  }
  const element = format === 'rss' ? 'atom:link' : 'link';
  const self = new RegExp(`^( *)<${element} ([^>]*)/>$`, 'm');
  let match: RegExpExecArray | null = null;
  for (const m of head.matchAll(new RegExp(self.source, 'gm'))) if (/\brel="self"/.test(m[2] ?? '')) match = m;
  if (!match) throw new Error(`archive: no <${element} rel="self"> in a feed head`);
  const indent = match[1] ?? '';
  const attrs = (href: string, rel: string): string =>
    format === 'rss' ? `href="${escapeAttribute(href)}" rel="${rel}"` : `rel="${rel}" href="${escapeAttribute(href)}"`;
  let selfLine = match[0];
  if (links.self !== undefined) selfLine = selfLine.replace(/href="[^"]*"/, `href="${escapeAttribute(links.self)}"`);
  const extra = [
    ...(links.archive ? [`${indent}<fh:archive/>`] : []),
    ...(links.current !== undefined ? [`${indent}<${element} ${attrs(links.current, 'current')}/>`] : []),
    ...(links.prevArchive !== undefined ? [`${indent}<${element} ${attrs(links.prevArchive, 'prev-archive')}/>`] : []),
    ...(links.nextArchive !== undefined ? [`${indent}<${element} ${attrs(links.nextArchive, 'next-archive')}/>`] : []),
  ];
  const end = match.index + match[0].length;
  let out = `${head.slice(0, match.index)}${[selfLine, ...extra].join('\n')}${head.slice(end)}`;
  if (links.archive) {
    // The namespace goes on the root element, the first start tag after the prolog and stylesheet PI.
    const root = format === 'rss' ? /<rss [^>]*?(?=>)/ : /<feed [^>]*?(?=>)/;
    out = out.replace(root, (tag) => `${tag} xmlns:fh="${HISTORY_NS}"`);
  }
  return out;
}
