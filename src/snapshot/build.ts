// Posts → a Snapshot of every document's bytes (feeds, pages, OPML, stylesheets), reusing whatever the
// previous snapshot made from the same inputs. Pure and deterministic: the output depends on the posts,
// their prepared contents, the config and `now` (which posts are due), nothing else.
import { hash as oneShot } from 'node:crypto';
import type { Config } from '../config/schema.js';
import type { ContentSite } from '../content/render-body.js';
import type { Post } from '../posts/post.js';
import { contentLookup, scopeWindows, type ContentOf, type DocumentPlan, type WindowOf } from '../render/document-plan.js';
import { contentKey, type PreparedContent } from '../render/feed-document.js';
import { modelItems, shellModel, type FeedModel } from '../render/feed-model.js';
import { aliasesOf } from '../render/feed-aliases.js';
import { assembleFeed, feedShell, FORMATS, formatsFor, type FeedFormat } from '../render/formats.js';
import { publicUrl, relativeUrl } from '../render/urls.js';
import { planOpml } from '../render/opml.js';
import { planPages } from '../render/pages/plan.js';
import { planStylesheets } from '../render/stylesheets/plan.js';
import { scopeDir, type Scope } from '../scopes/scopes.js';
import { DocumentBody } from './body.js';
import { renderedConfig } from './config-print.js';
import { etagsFor, navigationEtagsFor } from './etag.js';
import { ItemCache, type ItemPiecesMap } from './item-cache.js';
import { archiveIndex, subscriptionPaging } from './archives.js';
import { podcastFeed, type PodcastFeed } from './podcast-feed.js';
import { podcastOf } from '../render/podcast.js';
import type { ScopeSummary, Snapshot, SnapshotEntry } from './snapshot.js';
import { compareText } from '../order.js';
import { runToEnd } from '../slices.js';

export interface BuildInput {
  readonly scopes: readonly Scope[];
  readonly config: Config;
  /** The posts the feeds show (`postsInFeeds`), and the prepared content of each, by `contentKey`. */
  readonly shown: readonly Post[];
  readonly contents: ReadonlyMap<string, PreparedContent>;
  /** Items rendered by the previous build (see ItemCache). */
  readonly items?: ItemPiecesMap;
  /** What posts' Liquid sees (content.liquid): archive pages, rendered later, render with it. */
  readonly site?: ContentSite;
}

export interface BuildStats {
  readonly rendered: number;
  readonly reused: number;
}

export interface BuildOutput {
  readonly snapshot: Snapshot;
  readonly stats: BuildStats;
  /** The rendered items the feeds show, for the next build. */
  readonly items: ItemPiecesMap;
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

/** `buildSteps` run to its end at once: for the tests and whatever has nothing else to do meanwhile. */
export function buildSnapshot(input: BuildInput, previous?: Snapshot): BuildOutput {
  return runToEnd(buildSteps(input, previous));
}

/**
 * The build, yielding after each unit of work (a document's signature, its items, its rendering), so that
 * the rescan can run it in time slices between requests: a cold build of 10,000 posts is ~0.4 s of work.
 */
export function* buildSteps(input: BuildInput, previous?: Snapshot): Generator<void, BuildOutput> {
  const { config, scopes } = input;
  // Only what reaches the bytes: a restart on another port still reuses every document of a warm cache.
  const configPrint = hash(JSON.stringify(renderedConfig(config)));
  const contentOf = contentLookup(input.contents);
  const windowOf = scopeWindows(scopes, config, contentOf);
  const items = new ItemCache(config, input.items);
  const plans = [
    ...planFeeds(scopes, config, contentOf, windowOf, items),
    ...planPages(scopes, config, contentOf, windowOf),
    planOpml(scopes, config),
    ...planStylesheets(config),
  ];
  const entries = new Map<string, SnapshotEntry>();
  const toRender: { plan: DocumentPlan; signature: string }[] = [];
  for (const plan of plans) {
    const headers = JSON.stringify([plan.headers, plan.navigationContentType]);
    const signature = hash(`${configPrint}\n${plan.contentType}\n${headers}\n${plan.inputs}`);
    const old = previous?.entries.get(plan.path);
    if (old && old.signature === signature) entries.set(plan.path, old);
    else toRender.push({ plan, signature });
    yield;
  }
  // Items no earlier step rendered are rendered together, in batches, before the feeds need them.
  for (const { plan } of toRender) {
    plan.prepare?.();
    yield;
  }
  items.fill();
  items.keep(input.shown);
  yield;
  for (const { plan, signature } of toRender) {
    entries.set(plan.path, makeEntry(plan, signature));
    yield;
  }
  const rendered = toRender.length;
  const archive = archiveIndex(scopes, config, input.site);
  const snapshot: Snapshot = {
    // Sorted, so iteration (the static export, /status) is in the same order on every replica.
    entries: new Map([...entries].sort(([a], [b]) => compareText(a, b))),
    scopes: scopes.map(summarize),
    posts: scopes[0]?.posts.length ?? 0,
    // Archive pages are rendered on request, from the scopes this snapshot was built from.
    ...(archive ? { archive } : {}),
    ...(input.site ? { siteVersion: input.site.liquid.version, site: input.site } : {}),
    scopeIndex: new Map(scopes.map((scope) => [scopeDir(scope), scope])),
  };
  return { snapshot, stats: { rendered, reused: plans.length - rendered }, items: items.kept };
}

// What a browser gets for RSS and Atom when it navigates to them: Chromium shows the registered types as
// plain text and would never apply the feed's stylesheet.
const XML_FOR_BROWSERS = 'application/xml; charset=utf-8';

/**
 * Every scope × every configured format, then the scopes' old addresses (feeds.aliases). A feed that is
 * rendered asks `items` for its items first. An old address that a scope's name makes equal to one of
 * feedwright's own is left out: the canonical document keeps its path.
 */
function planFeeds(scopes: readonly Scope[], config: Config, contentOf: ContentOf, windowOf: WindowOf, items: ItemCache): DocumentPlan[] {
  const formats = formatsFor(config.feeds.formats);
  const plans: DocumentPlan[] = [];
  const aliases: DocumentPlan[] = [];
  for (const scope of scopes) {
    const { posts, inputs, lastModified } = windowOf(scope);
    // The hubs are written into every feed, so they are inputs of every feed (the config print has them
    // too; naming them keeps the signature right if that print is ever narrowed).
    const hubs = config.websub.hubs.join(' ');
    const shown = modelItems(posts, contentOf);
    // RFC 5005: prev-archive (JSON: next_url) to the scope's newest archive page, if it has any.
    const paging = subscriptionPaging(scope, config);
    const show = podcastOf(scope, config);
    const plan = (format: FeedFormat, path: string): DocumentPlan => {
      // The show's guid is made from its own address, the same at every alias of it.
      if (show && format.name === 'rss')
        return podcastPlan(format, path, podcastFeed(scope, posts, show, format, publicUrl(config, scopeDir(scope) + format.file), contentOf, config));
      return feedPlan(format, path);
    };
    // A podcast's RSS feed renders its own items (podcast-feed.ts); every other feed takes them from `items`.
    const podcastPlan = (format: FeedFormat, path: string, feed: PodcastFeed): DocumentPlan => ({
      path,
      contentType: `${format.mediaType}; charset=utf-8`,
      lastModified,
      inputs: `${format.name}\n${path}\n${hubs}\n${inputs}${paging.inputs}\n${feed.inputs}`,
      render: () =>
        feed.render(
          (shell) => paging.shell(format, shell),
          (model) => (path === scopeDir(scope) + format.file ? model : aliasModel(model, format, path, config)),
        ),
      ...(format.stylesheet && config.feeds.stylesheet ? { navigationContentType: XML_FOR_BROWSERS } : {}),
    });
    const feedPlan = (format: FeedFormat, path: string): DocumentPlan => ({
      prepare: () => items.want(format, shown),
      path,
      contentType: `${format.mediaType}; charset=utf-8`,
      lastModified,
      inputs: `${format.name}\n${path}\n${hubs}\n${inputs}${paging.inputs}`,
      render: () => {
        const model = shellModel(scope, shown, config);
        const self = path === scopeDir(scope) + format.file ? model : aliasModel(model, format, path, config);
        return assembleFeed(
          format,
          paging.shell(format, feedShell(format, self)),
          shown.map((item) => items.get(format, item)),
          shown.map((item) => item.content),
        );
      },
      ...(format.stylesheet && config.feeds.stylesheet ? { navigationContentType: XML_FOR_BROWSERS } : {}),
    });
    for (const format of formats) plans.push(plan(format, scopeDir(scope) + format.file));
    for (const alias of aliasesOf(scope, config)) {
      const format = FORMATS.find((f) => f.name === alias.format);
      if (format) aliases.push(plan(format, alias.path));
    }
  }
  const taken = new Set(plans.map((p) => p.path));
  for (const alias of aliases) {
    if (taken.has(alias.path)) continue;
    plans.push(alias);
    taken.add(alias.path);
  }
  return plans;
}

/** A feed's model as served at an old address: its self link (and Atom id) and stylesheet from there. */
function aliasModel(model: FeedModel, format: FeedFormat, path: string, config: Config): FeedModel {
  const dir = path.slice(0, path.lastIndexOf('/') + 1);
  const stylesheet = format.stylesheet && model.stylesheets[format.name] !== undefined ? relativeUrl(dir, `/${format.stylesheet.file}`) : undefined;
  return {
    ...model,
    selfUrls: { ...model.selfUrls, [format.name]: publicUrl(config, path) },
    stylesheets: { ...model.stylesheets, [format.name]: stylesheet },
  };
}

function makeEntry(plan: DocumentPlan, signature: string): SnapshotEntry {
  const doc = plan.render();
  return {
    path: plan.path,
    contentType: plan.contentType,
    lastModified: plan.lastModified,
    body: new DocumentBody(doc.chunks),
    etags: etagsFor(doc.hash),
    signature,
    ...(plan.headers ? { headers: plan.headers } : {}),
    // Same bytes, another Content-Type: the same hash with its own suffix (see navigationEtagsFor).
    ...(plan.navigationContentType ? { navigation: { contentType: plan.navigationContentType, etags: navigationEtagsFor(doc.hash) } } : {}),
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
  return oneShot('sha256', text, 'base64url');
}
