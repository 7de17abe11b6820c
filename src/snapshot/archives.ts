// RFC 5005 archive pages as the snapshot knows them, and the HTML pages of older posts for people: which
// scope, page and format a path names, and how a page is rendered once its posts' contents are at hand
// (render/archive.ts says which posts each holds).
// The build renders none of them: it keeps an index (the scopes' post lists) in the snapshot, and a page
// is rendered on its first request (archives/archive-cache.ts) or by `feedwright build`. A cold start then
// costs what it did without archives, whatever the number of posts (docs/reference/feeds.md "History: archive pages").
import { createHash } from 'node:crypto';
import type { Config } from '../config/schema.js';
import type { ContentSite } from '../content/render-body.js';
import type { Post } from '../posts/post.js';
import { mediaPrint } from '../posts/post-media-parts.js';
import type { FormatName } from '../format-table.js';
import {
  archiveDir,
  archiveListCount,
  archivePageCount,
  archivePagePosts,
  archivePaging,
  isFullPage,
  withArchiveLinks,
  type ArchiveLinks,
} from '../render/archive.js';
import { subscribedPath } from '../render/feed-aliases.js';
import { contentKey, piece, whole, type ItemPieces, type PreparedContent } from '../render/feed-document.js';
import { shellModel, type ModelItem } from '../render/feed-model.js';
import { assembleFeed, feedShell, formatsFor, type FeedFormat, type FeedShell } from '../render/formats.js';
import { renderArchiveListPage } from '../render/pages/archive-page.js';
import { HTML_TYPE, PAGE_CSP } from '../render/pages/layout.js';
import { pageItems } from '../render/pages/scope-page.js';
import { publicUrl, relativeUrl } from '../render/urls.js';
import { scopeDir, type Scope } from '../scopes/scopes.js';
import { DocumentBody } from './body.js';
import { etagsFor, navigationEtagsFor } from './etag.js';
import type { ArchiveIndex, Snapshot, SnapshotEntry } from './snapshot.js';

// As for the subscription documents (build.ts): a browser navigating to RSS or Atom gets application/xml,
// so that it applies the stylesheet.
const XML_FOR_BROWSERS = 'application/xml; charset=utf-8';

/** One archive page of one scope in one format, and what it is made from. */
export interface ArchivePage {
  readonly path: string;
  readonly scope: Scope;
  readonly page: number;
  /** The scope's number of pages: the newest is `pages`. */
  readonly pages: number;
  readonly format: FeedFormat;
  readonly posts: readonly Post[];
  /** Full pages never change again: served immutable. */
  readonly full: boolean;
  /** Hash of everything the bytes depend on besides the config: the same for the same bytes, build after build. */
  readonly signature: string;
}

/** A post's content and its item in each format, read back from its file. */
export interface PreparedForms {
  readonly content: PreparedContent;
  readonly items: Partial<Record<FormatName, ItemPieces>>;
}

/** Prepared posts by `contentKey`. */
export type PreparedPosts = ReadonlyMap<string, PreparedForms>;

/** A document rendered on request: a feed's archive page, or an HTML page of older posts. */
export interface ArchiveDocument {
  readonly path: string;
  readonly posts: readonly Post[];
  /** Hash of everything the bytes depend on besides the config: equal signatures, equal bytes. */
  readonly signature: string;
  /** Its entry; a post missing from `prepared` (its file changed or went) is left out. */
  readonly render: (prepared: PreparedPosts, config: Config) => SnapshotEntry;
}

/** A snapshot's archive documents as a bucket publish needs them (archives/archive-cache.ts archiveForBucket). */
export interface OnRequestDocuments {
  /** Each one's path, and what it is made of (the bucket manifest's `inputs`): the same inputs, the same bytes. */
  readonly documents: ReadonlyMap<string, string>;
  /** Renders those at `paths`: the ones whose inputs the manifest does not have. */
  readonly render: (paths: ReadonlySet<string>) => Promise<readonly SnapshotEntry[]>;
}

/** Finds a document a snapshot does not hold rendered (an archive page): at once, later, or not at all. */
export type FindEntry = (snapshot: Snapshot, path: string) => SnapshotEntry | Promise<SnapshotEntry | undefined> | undefined;

/** `public, max-age=<a year>, immutable`: what a full page, whose bytes never change, is served with. */
export function immutableCacheControl(config: Config): string {
  return `public, max-age=${config.feeds.archive.maxAge}, immutable`;
}

/** The index a snapshot keeps; undefined with feeds.archive off. Costs a map of the scopes, no rendering. */
export function archiveIndex(scopes: readonly Scope[], config: Config, site?: ContentSite): ArchiveIndex | undefined {
  const p = archivePaging(config);
  if (!p) return undefined;
  // Only the scopes that have archive pages (feeds.archive.taxonomies); the site's always does.
  const archived = scopes.filter((scope) => archivePaging(config, scope.kind));
  return {
    scopes: new Map(archived.map((scope) => [scopeDir(scope), scope])),
    paging: p,
    formats: formatsFor(config.feeds.formats),
    ...(site ? { site } : {}),
  };
}

// `<scope folder>archive/<n>/<format file>`; the greedy folder makes a tag named "archive" work too.
const PAGE_PATH = /^(.*\/)archive\/([1-9]\d{0,8})\/([^/]+)$/;

/** The archive page at a decoded path, if the index has one there. */
export function archivePageAt(index: ArchiveIndex, path: string): ArchivePage | undefined {
  const m = PAGE_PATH.exec(path);
  if (!m) return undefined;
  const scope = index.scopes.get(m[1] ?? '');
  const format = index.formats.find((f) => f.file === m[3]);
  if (!scope || !format) return undefined;
  const page = Number(m[2]);
  const pages = archivePageCount(scope.posts.length, index.paging);
  return page <= pages ? pageOf(index, scope, page, pages, format) : undefined;
}

/** The archive document at a decoded path: a feed's archive page, or an HTML page of older posts. */
export function archiveDocumentAt(index: ArchiveIndex, path: string): ArchiveDocument | undefined {
  const page = archivePageAt(index, path);
  return page ? feedDocument(page) : listDocumentAt(index, path);
}

/** Every archive document of every scope, scope after scope (the tests; the build goes by archive-sweep.ts). */
export function* allArchiveDocuments(index: ArchiveIndex): Generator<ArchiveDocument> {
  for (const scope of index.scopes.values()) {
    const pages = archivePageCount(scope.posts.length, index.paging);
    for (let page = 1; page <= pages; page++) yield* pageDocuments(index, scope, page);
  }
}

/** The documents of a scope's page `page`: the feeds' page in each format, and the HTML page of the same posts. */
export function pageDocuments(index: ArchiveIndex, scope: Scope, page: number): ArchiveDocument[] {
  const pages = archivePageCount(scope.posts.length, index.paging);
  const lists = archiveListCount(scope.posts.length, index.paging);
  const feeds = index.formats.map((format) => feedDocument(pageOf(index, scope, page, pages, format)));
  return page <= lists ? [...feeds, listDocument(index, scope, page, lists)] : feeds;
}

/** How many archive documents an index has, counted without rendering or hashing any. */
export function archiveDocumentCount(index: ArchiveIndex): number {
  let count = 0;
  for (const scope of index.scopes.values()) {
    count += archivePageCount(scope.posts.length, index.paging) * index.formats.length + archiveListCount(scope.posts.length, index.paging);
  }
  return count;
}

function feedDocument(page: ArchivePage): ArchiveDocument {
  return {
    path: page.path,
    posts: page.posts,
    signature: page.signature,
    render: (prepared, config) => {
      const found = page.posts.flatMap((post) => {
        const one = prepared.get(contentKey(post));
        const item = one?.items[page.format.name];
        return one && item ? [{ post, prepared: { content: one.content, item } }] : [];
      });
      return renderArchivePage(
        { ...page, posts: found.map((f) => f.post) },
        found.map((f) => f.prepared),
        config,
      );
    },
  };
}

const LIST_PATH = /^(.*\/)archive\/([1-9]\d{0,8})\/$/;

/** `/tags/<slug>/archive/<n>/` (the site's: `/archive/<n>/`): the HTML page of a scope's older posts. */
function listDocumentAt(index: ArchiveIndex, path: string): ArchiveDocument | undefined {
  const m = LIST_PATH.exec(path);
  const scope = m ? index.scopes.get(m[1] ?? '') : undefined;
  if (!scope) return undefined;
  const page = Number(m?.[2]);
  const lists = archiveListCount(scope.posts.length, index.paging);
  return page <= lists ? listDocument(index, scope, page, lists) : undefined;
}

function listDocument(index: ArchiveIndex, scope: Scope, page: number, lists: number): ArchiveDocument {
  const posts = archivePagePosts(scope.posts, page, index.paging);
  const path = archiveDir(scope, page);
  const signature = createHash('sha256')
    .update([path, scope.name, page === lists ? 'newest' : 'older', ...posts.map((post) => `${contentKey(post)}\0${post.id}${mediaPrint(post)}`)].join('\n'))
    .digest('base64url');
  return {
    path,
    posts,
    signature,
    render: (prepared, config) => {
      const pageItem = pageItems(config);
      const items = posts.flatMap((post) => {
        const one = prepared.get(contentKey(post));
        return one ? [pageItem({ post, content: one.content })] : [];
      });
      const doc = whole(renderArchiveListPage(scope, page, lists, items, config));
      return {
        path,
        contentType: HTML_TYPE,
        // As the scope's own page: no Last-Modified, an exact ETag; the usual Cache-Control (its links
        // to newer pages change as the scope grows).
        lastModified: undefined,
        body: new DocumentBody(doc.chunks),
        etags: etagsFor(doc.hash),
        signature,
        headers: { 'Content-Security-Policy': PAGE_CSP },
      };
    },
  };
}

function pageOf(index: ArchiveIndex, scope: Scope, page: number, pages: number, format: FeedFormat): ArchivePage {
  const posts = archivePagePosts(scope.posts, page, index.paging);
  const full = isFullPage(page, scope.posts.length, index.paging);
  const path = archiveDir(scope, page) + format.file;
  // A full page's neighbours always exist, so its links are a function of its number; the newest page's
  // depend on whether it has an older one only.
  const signature = createHash('sha256')
    .update(
      [
        path,
        scope.name,
        full ? 'full' : 'filling',
        page === pages ? 'newest' : 'older',
        ...posts.map((post) => `${contentKey(post)}\0${post.id}${mediaPrint(post)}`),
      ].join('\n'),
    )
    .digest('base64url');
  return { path, scope, page, pages, format, posts, full, signature };
}

/** What a subscription document adds for paging: its signature's share, and the link in its head. */
export interface SubscriptionPaging {
  /** Empty when the document has no archive to link to, so that its signature is what it was. */
  readonly inputs: string;
  readonly shell: (format: FeedFormat, shell: FeedShell) => FeedShell;
}

/** A scope's subscription documents link prev-archive (JSON: next_url) to its newest archive page. */
export function subscriptionPaging(scope: Scope, config: Config): SubscriptionPaging {
  const p = archivePaging(config, scope.kind);
  const pages = p ? archivePageCount(scope.posts.length, p) : 0;
  if (pages === 0) return { inputs: '', shell: (_format, shell) => shell };
  return {
    inputs: `\nprev-archive ${pages}`,
    shell: (format, shell) => withLinks(format, shell, { prevArchive: publicUrl(config, archiveDir(scope, pages) + format.file), archive: false }),
  };
}

/** A post of the page with its content and its item in the page's format, as the rescan prepared them. */
export interface PreparedItem {
  readonly content: PreparedContent;
  readonly item: ItemPieces;
}

/** A page's entry, from its posts' prepared items (in the page's order). Pure: the same bytes every time. */
export function renderArchivePage(page: ArchivePage, prepared: readonly PreparedItem[], config: Config): SnapshotEntry {
  const { scope, format, posts } = page;
  const dir = archiveDir(scope, page.page);
  const shown: ModelItem[] = posts.map((post, i) => ({ post, content: (prepared[i] as PreparedItem).content }));
  // The page's identity (Atom id, JSON feed_url) stays the subscription document's: RFC 5005 pages are
  // parts of one feed. Only the self link and the stylesheet's relative path move. With an old address
  // (a Jekyll site's /feed.xml), that is the document its readers subscribed to.
  const subscribed = publicUrl(config, subscribedPath(scope, format.name, format.file, config));
  const shell = shellModel(scope, shown, config);
  const model = { ...shell, selfUrls: { ...shell.selfUrls, [format.name]: subscribed } };
  const stylesheet = format.stylesheet && model.stylesheets[format.name] !== undefined ? relativeUrl(dir, `/${format.stylesheet.file}`) : undefined;
  // No hub links: nobody subscribes to an archive page.
  const pageModel = { ...model, hubs: [], stylesheets: { ...model.stylesheets, [format.name]: stylesheet } };
  const urlOf = (n: number): string => publicUrl(config, archiveDir(scope, n) + format.file);
  const links: ArchiveLinks = {
    self: publicUrl(config, page.path),
    current: subscribed,
    ...(page.page > 1 ? { prevArchive: urlOf(page.page - 1) } : {}),
    ...(page.page < page.pages ? { nextArchive: urlOf(page.page + 1) } : {}),
    archive: true,
  };
  const doc = assembleFeed(
    format,
    withLinks(format, feedShell(format, pageModel), links),
    prepared.map((p) => p.item),
    prepared.map((p) => p.content),
  );
  const navigation = format.stylesheet !== undefined && config.feeds.stylesheet;
  return {
    path: page.path,
    contentType: `${format.mediaType}; charset=utf-8`,
    lastModified: posts.length > 0 ? posts.reduce((max, post) => Math.max(max, post.updated), 0) : undefined,
    body: new DocumentBody(doc.chunks),
    etags: etagsFor(doc.hash),
    signature: page.signature,
    ...(page.full ? { cacheControl: immutableCacheControl(config) } : {}),
    ...(navigation ? { navigation: { contentType: XML_FOR_BROWSERS, etags: navigationEtagsFor(doc.hash) } } : {}),
  };
}

function withLinks(format: FeedFormat, shell: FeedShell, links: ArchiveLinks): FeedShell {
  return { head: piece(withArchiveLinks(shell.head.bytes.toString('utf8'), format.name, links)), tail: shell.tail };
}
