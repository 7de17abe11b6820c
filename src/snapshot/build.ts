// Posts → a Snapshot of every document's bytes (feeds, pages, OPML, stylesheets), reusing whatever the
// previous build made from the same inputs.
// Deterministic: the output depends on the posts, the config and `now` (which posts are due), nothing else.
import { createHash } from 'node:crypto';
import type { Config } from '../config/schema.js';
import type { Post } from '../posts/post.js';
import { contentKey, renderContent, type RenderedContent } from '../render/content.js';
import { scopeWindow, type ContentOf, type DocumentPlan } from '../render/document-plan.js';
import { feedModel, modelItems } from '../render/feed-model.js';
import { formatsFor } from '../render/formats.js';
import { planOpml } from '../render/opml.js';
import { planPages } from '../render/pages/plan.js';
import { planStylesheets } from '../render/stylesheets/plan.js';
import { buildScopes, scopeDir, type Scope } from '../scopes/scopes.js';
import { compress } from './compress.js';
import { contentHash, etagFor } from './etag.js';
import type { ScopeSummary, Snapshot, SnapshotEntry } from './snapshot.js';

/** What a previous build leaves for the next one: its snapshot and the rendered bodies it used. */
export interface BuildCache {
  readonly snapshot: Snapshot;
  readonly contents: ReadonlyMap<string, RenderedContent>;
}

export interface BuildInput {
  readonly posts: readonly Post[];
  readonly config: Config;
  /** Posts dated after `now` are not published yet. */
  readonly now: number;
}

export type { DocumentPlan };

export interface BuildStats {
  readonly rendered: number;
  readonly reused: number;
}

export async function buildSnapshot(
  input: BuildInput,
  cache?: BuildCache,
): Promise<{ snapshot: Snapshot; cache: BuildCache; stats: BuildStats }> {
  const { config } = input;
  const scopes = buildScopes(input.posts, input.now);
  const configPrint = hash(JSON.stringify(config));

  // Only posts that some feed shows are rendered, and only their bodies are kept for the next build.
  const contents = new Map<string, RenderedContent>();
  const contentOf = (post: Post): RenderedContent => {
    const key = contentKey(post);
    let content = contents.get(key) ?? cache?.contents.get(key);
    if (!content) content = renderContent(post);
    contents.set(key, content);
    return content;
  };

  const plans = [
    ...planFeeds(scopes, config, contentOf),
    ...planPages(scopes, config, contentOf),
    planOpml(scopes, config),
    ...planStylesheets(config),
  ];
  const previous = cache?.snapshot.entries;
  const entries = new Map<string, SnapshotEntry>();
  const pending: Promise<void>[] = [];
  let rendered = 0;
  for (const plan of plans) {
    const headers = JSON.stringify([plan.headers, plan.navigationContentType]);
    const signature = hash(`${configPrint}\n${plan.contentType}\n${headers}\n${plan.inputs}`);
    const old = previous?.get(plan.path);
    if (old && old.signature === signature) {
      entries.set(plan.path, old);
      continue;
    }
    rendered++;
    pending.push(makeEntry(plan, signature).then((entry) => void entries.set(plan.path, entry)));
  }
  await Promise.all(pending);

  // Carry over bodies of posts in reused feeds too, so a later partial rebuild finds them.
  for (const scope of scopes) {
    for (const post of scope.posts.slice(0, config.feeds.limit)) {
      const key = contentKey(post);
      const old = cache?.contents.get(key);
      if (!contents.has(key) && old) contents.set(key, old);
    }
  }

  const snapshot: Snapshot = {
    // Sorted, so iteration (the static export, /status) is in the same order on every replica.
    entries: new Map([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    scopes: scopes.map(summarize),
    posts: scopes[0]?.posts.length ?? 0,
  };
  return { snapshot, cache: { snapshot, contents }, stats: { rendered, reused: plans.length - rendered } };
}

// What a browser gets for RSS and Atom when it navigates to them: Chromium shows the registered types as
// plain text and would never apply the feed's stylesheet.
const XML_FOR_BROWSERS = 'application/xml; charset=utf-8';

/** Every scope × every configured format. */
function planFeeds(scopes: readonly Scope[], config: Config, contentOf: ContentOf): DocumentPlan[] {
  const formats = formatsFor(config.feeds.formats);
  const plans: DocumentPlan[] = [];
  for (const scope of scopes) {
    const { posts, inputs, lastModified } = scopeWindow(scope, config);
    for (const format of formats) {
      plans.push({
        path: scopeDir(scope) + format.file,
        contentType: `${format.mediaType}; charset=utf-8`,
        lastModified,
        inputs: `${format.name}\n${inputs}`,
        render: () => format.render(feedModel(scope, modelItems(posts, contentOf), config)),
        ...(format.stylesheet && config.feeds.stylesheet ? { navigationContentType: XML_FOR_BROWSERS } : {}),
      });
    }
  }
  return plans;
}

async function makeEntry(plan: DocumentPlan, signature: string): Promise<SnapshotEntry> {
  const body = Buffer.from(plan.render(), 'utf8');
  const id = contentHash(body);
  const packed = await compress(body);
  return {
    path: plan.path,
    contentType: plan.contentType,
    lastModified: plan.lastModified,
    identity: { body, etag: etagFor(id, 'identity') },
    gzip: { body: packed.gzip, etag: etagFor(id, 'gzip') },
    br: { body: packed.br, etag: etagFor(id, 'br') },
    signature,
    ...(plan.headers ? { headers: plan.headers } : {}),
    ...(plan.navigationContentType ? { navigationContentType: plan.navigationContentType } : {}),
  };
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
