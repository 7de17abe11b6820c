// What a planner hands the snapshot build: a document's path, what its bytes are made from, and how to
// make them. Planners live in render/ (feeds, pages, OPML, stylesheets); snapshot/build.ts renders the
// plans whose inputs changed and reuses the rest.
import { createHash } from 'node:crypto';
import type { Config } from '../config/schema.js';
import { cached } from '../memo.js';
import type { Post } from '../posts/post.js';
import { mediaPrint } from '../posts/post-media-parts.js';
import type { Scope } from '../scopes/scopes.js';
import { contentKey, type PreparedContent, type Spliced } from './feed-document.js';

export interface DocumentPlan {
  readonly path: string;
  readonly contentType: string;
  readonly lastModified: number | undefined;
  /** Everything the bytes depend on besides the config, as text; hashed into the entry's signature. */
  readonly inputs: string;
  /** The bytes: spliced for a feed, `whole(text)` for any other document. */
  readonly render: () => Spliced;
  /** Called for every plan that will be rendered, before any is: a feed asks for its items here. */
  readonly prepare?: () => void;
  /** Response headers of this document beyond the common ones (a page's Content-Security-Policy). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Content-Type for a browser's own top-level navigation (see SnapshotEntry.navigation). */
  readonly navigationContentType?: string;
}

/** A post's prepared content; the build makes it from the contents the rescan prepared. */
export type ContentOf = (post: Post) => PreparedContent;

/** Looks contents up by `contentKey`; a post without one is a bug in whoever prepared them. */
export function contentLookup(contents: ReadonlyMap<string, PreparedContent>): ContentOf {
  return (post) => {
    const content = contents.get(contentKey(post));
    if (!content) throw new Error(`no prepared content for ${post.path}`);
    return content;
  };
}

/** The newest `feeds.limit` posts of a scope: what its feeds and its page show. */
export interface ScopeWindow {
  readonly posts: readonly Post[];
  /** What a document showing them depends on (the scope's names and each post's bytes, id and files, in order), hashed. */
  readonly inputs: string;
  /** The newest `updated` among them; undefined for an empty scope. */
  readonly lastModified: number | undefined;
}

function scopeWindow(scope: Scope, config: Config, contentOf: ContentOf | undefined): ScopeWindow {
  const posts = scope.posts.slice(0, config.feeds.limit);
  // Hashed here, once, rather than copied into the signature of each document that shows the window.
  // A post's key names its file; a content whose Liquid read other files (notes) may change while the
  // file does not, so its own hash and summary are named too.
  const inputs = createHash('sha256')
    .update([scope.kind, scope.slug, scope.name, ...posts.map((p) => `${contentKey(p)}\0${p.id}${mediaPrint(p)}${liquidPart(p, contentOf)}`)].join('\n'))
    .digest('base64url');
  const lastModified = posts.length > 0 ? posts.reduce((max, p) => Math.max(max, p.updated), 0) : undefined;
  return { posts, inputs, lastModified };
}

/** A scope's window, as the build made it once for every document of the scope (its feeds, its page). */
export type WindowOf = (scope: Scope) => ScopeWindow;

function liquidPart(post: Post, contentOf: ContentOf | undefined): string {
  const content = contentOf?.(post);
  if (!content?.notes || content.notes.deps.length === 0) return '';
  return cached(liquidParts, content, partOf);
}

function partOf(content: PreparedContent): string {
  return `\0${content.xmlHash}\0${createHash('sha256').update(content.summary).digest('base64url')}`;
}

// Made once per content: a post is in the window of every scope it belongs to.
const liquidParts = new WeakMap<PreparedContent, string>();

/** `contentOf`: the build's contents, so that a content rendered again from other inputs changes the window. */
export function scopeWindows(scopes: readonly Scope[], config: Config, contentOf?: ContentOf): WindowOf {
  const windows = new Map(scopes.map((scope) => [scope, scopeWindow(scope, config, contentOf)]));
  return (scope) => {
    const window = windows.get(scope);
    if (!window) throw new Error(`no window for scope ${scope.kind} ${scope.slug}`);
    return window;
  };
}
