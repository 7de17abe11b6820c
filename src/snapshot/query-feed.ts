// A query feed as the server keeps and sends it (docs/guides/query-feeds-and-subscribers.md): an entry like any snapshot
// document (strong ETags per encoding, Last-Modified, the browser's Content-Type for a styled feed), and
// the signature of what it shows, so a rescan that leaves its posts alone leaves its bytes and ETag too.
import { createHash } from 'node:crypto';
import type { Config } from '../config/schema.js';
import type { Post } from '../posts/post.js';
import { mediaPrint } from '../posts/post-media-parts.js';
import { contentKey } from '../render/feed-document.js';
import { renderQueryFeed, type QueryFeedSpec, type QueryItem } from '../render/query-feed.js';
import { DocumentBody } from './body.js';
import { etagsFor, navigationEtagsFor } from './etag.js';
import type { SnapshotEntry } from './snapshot.js';

// As for every styled feed (build.ts): a browser navigating to RSS or Atom gets application/xml, so that
// it applies the stylesheet.
const XML_FOR_BROWSERS = 'application/xml; charset=utf-8';

/**
 * Everything a query feed's bytes depend on besides the config: its path and query, the scope's names,
 * the count of the scope's posts (an empty feed is dated by the newest), each shown post, and `version`:
 * what else the posts' contents depend on (a Jekyll site's values), '' when nothing.
 */
export function querySignature(spec: QueryFeedSpec, posts: readonly Post[], version = ''): string {
  const { scope } = spec;
  return createHash('sha256')
    .update(
      [
        version,
        spec.path,
        spec.canonical,
        spec.saved ? `${spec.saved.name}\0${spec.saved.title ?? ''}` : '',
        scope.kind,
        scope.slug,
        scope.name,
        posts.length === 0 ? String(scope.posts[0]?.updated ?? 0) : '',
        ...posts.map((post) => `${contentKey(post)}\0${post.id}${mediaPrint(post)}`),
      ].join('\n'),
    )
    .digest('base64url');
}

/** The entry of a query feed showing `posts` (newest first), with each one's prepared item in the feed's format. */
export function queryFeedEntry(spec: QueryFeedSpec, posts: readonly Post[], prepared: readonly QueryItem[], signature: string, config: Config): SnapshotEntry {
  const items = posts.map((post, i) => ({ post, ...(prepared[i] as QueryItem) }));
  const doc = renderQueryFeed(spec, items, config);
  const { format } = spec;
  const navigation = format.stylesheet !== undefined && config.feeds.stylesheet;
  return {
    path: spec.path,
    contentType: `${format.mediaType}; charset=utf-8`,
    lastModified: posts.length > 0 ? posts.reduce((max, post) => Math.max(max, post.updated), 0) : spec.scope.posts[0]?.updated,
    body: new DocumentBody(doc.chunks),
    etags: etagsFor(doc.hash),
    signature,
    ...(navigation ? { navigation: { contentType: XML_FOR_BROWSERS, etags: navigationEtagsFor(doc.hash) } } : {}),
  };
}
