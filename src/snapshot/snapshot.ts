// The Snapshot: every URL's bytes and validators from one rebuild. Immutable once built.
import type { ContentSite } from '../content/render-body.js';
import type { ArchivePaging } from '../render/archive.js';
import type { FeedFormat } from '../render/formats.js';
import type { Scope, ScopeKind } from '../scopes/scopes.js';
import type { DocumentBody } from './body.js';
import type { Etags } from './etag.js';

export interface SnapshotEntry {
  /** Decoded URL path, e.g. `/tags/常州日报新闻/rss.xml`. */
  readonly path: string;
  /** Full Content-Type, charset included. */
  readonly contentType: string;
  /** The document's own modification time (a feed's newest item), never the build time. */
  readonly lastModified: number | undefined;
  readonly body: DocumentBody;
  /** One strong ETag per encoding. */
  readonly etags: Etags;
  /** Hash of everything the bytes were made from: an equal signature means the entry is reused as is. */
  readonly signature: string;
  /** Response headers of this document beyond the common ones (a page's Content-Security-Policy). */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * How a browser's own top-level navigation (`Sec-Fetch-Dest: document`) gets this document, when that
   * differs. Chromium shows application/rss+xml and application/atom+xml as plain text and never applies
   * their stylesheet; the same bytes as application/xml render through it. Feed readers do not send that
   * header.
   */
  readonly navigation?: { readonly contentType: string; readonly etags: Etags };
  /** Cache-Control instead of the configured one: a full archive page's bytes never change (immutable). */
  readonly cacheControl?: string;
}

export interface ScopeSummary {
  readonly kind: ScopeKind;
  readonly name: string;
  readonly slug: string;
  /** Decoded path of the scope's folder: `/`, `/categories/<slug>/`, `/tags/<slug>/`. */
  readonly dir: string;
  readonly posts: number;
  /** Published time of the newest post. */
  readonly newest: number | undefined;
}

export interface Snapshot {
  readonly entries: ReadonlyMap<string, SnapshotEntry>;
  readonly scopes: readonly ScopeSummary[];
  /** Published posts (drafts, future and rejected posts are not counted). */
  readonly posts: number;
  /** What its archive pages are rendered from, on request (snapshot/archives.ts); none with feeds.archive off. */
  readonly archive?: ArchiveIndex;
  /**
   * With Liquid: the version of the site's values its posts were rendered with (config, data, includes). A
   * warm start serves its documents at once only if they are still those.
   */
  readonly siteVersion?: string;
  /** With Liquid: the site its posts were rendered with, for posts read back later (query feeds, saved queries). */
  readonly site?: ContentSite;
  /** Every scope, by its folder (`/`, `/tags/<slug>/`): what query feeds narrow (docs/guides/query-feeds-and-subscribers.md). */
  readonly scopeIndex?: ReadonlyMap<string, Scope>;
}

/** What a snapshot keeps to find and render its archive pages: each scope by its folder, and the paging. */
export interface ArchiveIndex {
  readonly scopes: ReadonlyMap<string, Scope>;
  readonly paging: ArchivePaging;
  readonly formats: readonly FeedFormat[];
  /** What the posts' Liquid sees when a page is rendered (content.liquid): the snapshot's own. */
  readonly site?: ContentSite;
}

/** Where a document goes in a static export, relative: a folder's page is its `index.html`. */
export function exportPath(path: string): string {
  return (path.endsWith('/') ? `${path}index.html` : path).slice(1);
}

/** The served path of an export path: `exportPath` undone (no served path ends in `/index.html`). */
export function servedPath(rel: string): string {
  return `/${rel.replace(/(^|\/)index\.html$/, '$1')}`;
}

/** Paths whose bytes differ between two snapshots, added and removed ones included, sorted. */
export function changedPaths(before: Snapshot | undefined, after: Snapshot): string[] {
  const changed = new Set<string>();
  for (const [path, entry] of after.entries) {
    if (before?.entries.get(path)?.etags.identity !== entry.etags.identity) changed.add(path);
  }
  if (before) for (const path of before.entries.keys()) if (!after.entries.has(path)) changed.add(path);
  return [...changed].sort();
}
