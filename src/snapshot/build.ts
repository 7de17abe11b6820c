// Posts → a Snapshot of every document's bytes, reusing whatever the previous snapshot made from the same
// inputs. Pure and deterministic: the output depends on the posts, their prepared contents, the config
// and `now` (which posts are due), nothing else.
import { createHash } from 'node:crypto';
import type { Config } from '../config/schema.js';
import type { Post } from '../posts/post.js';
import type { PreparedContent, Spliced } from '../render/feed-document.js';
import { feedModel } from '../render/feed-model.js';
import { formatsFor, renderFeed } from '../render/formats.js';
import { buildScopes, scopeDir, type Scope } from '../scopes/scopes.js';
import { DocumentBody } from './body.js';
import { etagsFor } from './etag.js';
import type { ScopeSummary, Snapshot, SnapshotEntry } from './snapshot.js';

export interface BuildInput {
  readonly scopes: readonly Scope[];
  readonly config: Config;
  /** Prepared content of every post a feed shows, by `contentKey`. */
  readonly contents: ReadonlyMap<string, PreparedContent>;
}

/** A document the build may render: its path, what it is made from, and how to make it. */
export interface DocumentPlan {
  readonly path: string;
  readonly contentType: string;
  readonly lastModified: number | undefined;
  /** Everything the bytes depend on, as text; hashed into the entry's signature. */
  readonly inputs: string;
  readonly render: () => Spliced;
}

export interface BuildStats {
  readonly rendered: number;
  readonly reused: number;
}

/** Identity of a post's content: its path and the hash of its file. */
export function contentKey(post: Pick<Post, 'path' | 'hash'>): string {
  return `${post.path}\0${post.hash}`;
}

/** The scopes at `now`: posts dated later are not published yet. */
export function scopesAt(posts: readonly Post[], now: number): Scope[] {
  return buildScopes(posts, now);
}

/** Every post some feed shows (the newest `limit` of each scope), once each, in a stable order. */
export function postsInFeeds(scopes: readonly Scope[], limit: number): Post[] {
  const seen = new Map<string, Post>();
  for (const scope of scopes) for (const post of scope.posts.slice(0, limit)) seen.set(contentKey(post), post);
  return [...seen.values()];
}

/** The earliest date after `now` among the posts: when a rescan must publish a post though no file changed. */
export function nextDue(posts: readonly Post[], now: number): number | undefined {
  let next: number | undefined;
  for (const post of posts) if (post.date > now && (next === undefined || post.date < next)) next = post.date;
  return next;
}

export function buildSnapshot(input: BuildInput, previous?: Snapshot): { snapshot: Snapshot; stats: BuildStats } {
  const { config, scopes } = input;
  const configPrint = hash(JSON.stringify(config));
  const plans = planFeeds(scopes, config, input.contents);
  const entries = new Map<string, SnapshotEntry>();
  let rendered = 0;
  for (const plan of plans) {
    const signature = hash(`${configPrint}\n${plan.contentType}\n${plan.inputs}`);
    const old = previous?.entries.get(plan.path);
    if (old && old.signature === signature) {
      entries.set(plan.path, old);
      continue;
    }
    rendered++;
    const doc = plan.render();
    entries.set(plan.path, {
      path: plan.path,
      contentType: plan.contentType,
      lastModified: plan.lastModified,
      body: new DocumentBody(doc.chunks),
      etags: etagsFor(doc.hash),
      signature,
    });
  }
  const snapshot: Snapshot = {
    // Sorted, so iteration (the static export, /status) is in the same order on every replica.
    entries: new Map([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    scopes: scopes.map(summarize),
    posts: scopes[0]?.posts.length ?? 0,
  };
  return { snapshot, stats: { rendered, reused: plans.length - rendered } };
}

/** Every scope × every configured format. */
function planFeeds(scopes: readonly Scope[], config: Config, contents: ReadonlyMap<string, PreparedContent>): DocumentPlan[] {
  const formats = formatsFor(config.feeds.formats);
  const plans: DocumentPlan[] = [];
  for (const scope of scopes) {
    const posts = scope.posts.slice(0, config.feeds.limit);
    const updated = posts.reduce((max, p) => Math.max(max, p.updated), 0);
    // The hubs are written into every feed, so they are inputs of every feed (the config print has them
    // too; naming them keeps the signature right if that print is ever narrowed).
    const inputs = [scope.kind, scope.slug, scope.name, config.websub.hubs.join(' '), ...posts.map((p) => `${contentKey(p)}\0${p.id}`)].join('\n');
    const items = (): { post: Post; content: PreparedContent }[] =>
      posts.map((post) => {
        const content = contents.get(contentKey(post));
        if (!content) throw new Error(`no prepared content for ${post.path}`);
        return { post, content };
      });
    for (const format of formats) {
      plans.push({
        path: scopeDir(scope) + format.file,
        contentType: `${format.mediaType}; charset=utf-8`,
        lastModified: posts.length > 0 ? updated : undefined,
        inputs: `${format.name}\n${inputs}`,
        render: () => {
          const list = items();
          return renderFeed(format, feedModel(scope, list, config), list.map((i) => i.content));
        },
      });
    }
  }
  return plans;
}

function summarize(scope: Scope): ScopeSummary {
  return {
    kind: scope.kind,
    name: scope.name,
    slug: scope.slug,
    dir: scopeDir(scope),
    posts: scope.posts.length,
    newest: scope.posts[0]?.date,
  };
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}
