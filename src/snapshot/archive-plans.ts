// The plans of every scope's RFC 5005 archive pages (render/archive.ts says which posts each holds), and
// the prev-archive link of the subscription documents. Pages are rendered in the build like any feed, from
// the same per-post item pieces, and only when their inputs changed: a full page's inputs never change, so
// after the first build it is reused for good (README "History: archive pages").
import { createHash } from 'node:crypto';
import type { Config } from '../config/schema.js';
import type { Post } from '../posts/post.js';
import { archiveDir, archivePageCount, archivePagePosts, isFullPage, withArchiveLinks, type ArchiveLinks, type ArchivePaging } from '../render/archive.js';
import type { ContentOf, DocumentPlan } from '../render/document-plan.js';
import { contentKey, piece } from '../render/feed-document.js';
import { modelItems, shellModel } from '../render/feed-model.js';
import { assembleFeed, feedShell, formatsFor, type FeedFormat, type FeedShell } from '../render/formats.js';
import { publicUrl, relativeUrl } from '../render/urls.js';
import { scopeDir, type Scope } from '../scopes/scopes.js';
import type { ItemCache } from './item-cache.js';

// As for the subscription documents (build.ts): a browser navigating to RSS or Atom gets application/xml,
// so that it applies the stylesheet.
const XML_FOR_BROWSERS = 'application/xml; charset=utf-8';

function paging(config: Config): ArchivePaging | undefined {
  const archive = config.feeds.archive;
  return archive.enabled ? { limit: config.feeds.limit, pageSize: archive.pageSize } : undefined;
}

/** `public, max-age=<a year>, immutable`: what a full page, whose bytes never change, is served with. */
export function immutableCacheControl(config: Config): string {
  return `public, max-age=${config.feeds.archive.maxAge}, immutable`;
}

/** What a subscription document adds for paging: its signature's share, and the link in its head. */
export interface SubscriptionPaging {
  /** Empty when the document has no archive to link to, so that its signature is what it was. */
  readonly inputs: string;
  readonly shell: (format: FeedFormat, shell: FeedShell) => FeedShell;
}

/** A scope's subscription documents link prev-archive (JSON: next_url) to its newest archive page. */
export function subscriptionPaging(scope: Scope, config: Config): SubscriptionPaging {
  const p = paging(config);
  const pages = p ? archivePageCount(scope.posts.length, p) : 0;
  if (pages === 0) return { inputs: '', shell: (_format, shell) => shell };
  return {
    inputs: `\nprev-archive ${pages}`,
    shell: (format, shell) => withLinks(format, shell, { prevArchive: publicUrl(config, archiveDir(scope, pages) + format.file), archive: false }),
  };
}

/** Every archive page of every scope, in every configured format. */
export function planArchives(scopes: readonly Scope[], config: Config, contentOf: ContentOf, items: ItemCache): DocumentPlan[] {
  const p = paging(config);
  if (!p) return [];
  const formats = formatsFor(config.feeds.formats);
  const plans: DocumentPlan[] = [];
  for (const scope of scopes) {
    const pages = archivePageCount(scope.posts.length, p);
    for (let page = 1; page <= pages; page++) {
      const posts = archivePagePosts(scope.posts, page, p);
      const full = isFullPage(page, scope.posts.length, p);
      // Made once per page for all its formats. A full page's neighbours always exist, so the links are
      // a function of its number; the newest page's depend on whether it has an older one only.
      const inputs = pageInputs(scope, page, pages, full, posts);
      const lastModified = posts.length > 0 ? posts.reduce((max, post) => Math.max(max, post.updated), 0) : undefined;
      const shown = modelItems(posts, contentOf);
      for (const format of formats) {
        const dir = archiveDir(scope, page);
        const path = dir + format.file;
        const urlOf = (n: number): string => publicUrl(config, archiveDir(scope, n) + format.file);
        plans.push({
          prepare: () => items.want(format, shown),
          path,
          contentType: `${format.mediaType}; charset=utf-8`,
          lastModified,
          inputs: `archive\n${format.name}\n${path}\n${inputs}`,
          render: () => {
            const model = shellModel(scope, shown, config);
            // The page's identity (Atom id, JSON feed_url) stays the subscription document's: RFC 5005
            // pages are parts of one feed. Only the self link and the stylesheet's relative path move.
            const stylesheet = format.stylesheet && model.stylesheets[format.name] !== undefined ? relativeUrl(dir, `/${format.stylesheet.file}`) : undefined;
            // No hub links: nobody subscribes to an archive page, and it does not change.
            const pageModel = { ...model, hubs: [], stylesheets: { ...model.stylesheets, [format.name]: stylesheet } };
            const links: ArchiveLinks = {
              self: publicUrl(config, path),
              current: publicUrl(config, scopeDir(scope) + format.file),
              ...(page > 1 ? { prevArchive: urlOf(page - 1) } : {}),
              ...(page < pages ? { nextArchive: urlOf(page + 1) } : {}),
              archive: true,
            };
            return assembleFeed(
              format,
              withLinks(format, feedShell(format, pageModel), links),
              shown.map((item) => items.get(format, item)),
              shown.map((item) => item.content),
            );
          },
          ...(full ? { cacheControl: immutableCacheControl(config) } : {}),
          ...(format.stylesheet && config.feeds.stylesheet ? { navigationContentType: XML_FOR_BROWSERS } : {}),
        });
      }
    }
  }
  return plans;
}

function withLinks(format: FeedFormat, shell: FeedShell, links: ArchiveLinks): FeedShell {
  return { head: piece(withArchiveLinks(shell.head.bytes.toString('utf8'), format.name, links)), tail: shell.tail };
}

function pageInputs(scope: Scope, page: number, pages: number, full: boolean, posts: readonly Post[]): string {
  const last = page === pages ? 'newest' : 'older';
  return createHash('sha256')
    .update([scope.kind, scope.slug, scope.name, page, full ? 'full' : 'filling', last, ...posts.map((post) => `${contentKey(post)}\0${post.id}`)].join('\n'))
    .digest('base64url');
}
