// Scope + its newest posts → the one model every format renders (Hugo's "one page, many output formats").
import type { Author, Config } from '../config/schema.js';
import { FORMAT_TABLE, type FormatName } from '../format-table.js';
import type { Post } from '../posts/post.js';
import { oneLine, xmlSafe } from '../posts/text.js';
import { scopeDir, taxonomyDir, type Scope } from '../scopes/scopes.js';
import type { ContentOf } from './document-plan.js';
import type { PreparedContent } from './feed-document.js';
import { itemMedia, type ItemMedia } from './media-rss.js';
import type { PodcastChannel } from './podcast.js';
import { alternateUrl, publicUrl, relativeUrl } from './urls.js';

export interface FeedCategory {
  readonly name: string;
  /** Which taxonomy the name belongs to: the URL of the categories or tags folder. */
  readonly scheme: string;
}

export interface FeedItem {
  readonly id: string;
  readonly link: string;
  readonly title: string;
  readonly published: Date;
  readonly updated: Date;
  readonly author: Author;
  readonly categories: readonly FeedCategory[];
  /** Plain text. */
  readonly summary: string;
  /**
   * Whether the item carries the post's content: not for an empty post (a blank `content` is a validator
   * warning) nor with feeds.excerptOnly (jekyll-feed's excerpt_only).
   */
  readonly hasContent: boolean;
  readonly image: string | undefined;
  /** Pictures and enclosures beyond `image` (media-rss.ts); absent for a post with none. */
  readonly media?: ItemMedia;
}

export interface FeedModel {
  readonly title: string;
  readonly description: string;
  readonly language: string;
  /** The HTML page this feed is the feed of. */
  readonly alternate: string;
  /** Absolute URL of this scope's feed in each format, for rel="self" and JSON Feed's feed_url. */
  readonly selfUrls: Readonly<Record<FormatName, string>>;
  /** Relative URL of the XSLT stylesheet a browser renders the feed with, per XML format (feeds.stylesheet). */
  readonly stylesheets: Readonly<Partial<Record<FormatName, string>>>;
  /** Newest `updated` among the items: the feed's own updated time; never the build time. */
  readonly updated: Date;
  readonly author: Author;
  /** Polling hint for RSS readers, in minutes. */
  readonly ttlMinutes: number;
  /** WebSub hubs that readers may subscribe at (config websub.hubs); empty for none. */
  readonly hubs: readonly string[];
  /** Item i's HTML content is spliced in where a renderer writes `placeholder(i)` (feed-document.ts). */
  readonly items: readonly FeedItem[];
  /** media.mediaRss: RSS and Atom declare Media RSS's namespace, and items carry its tags. */
  readonly mediaRss?: boolean;
  /** A podcast's RSS feed (podcast.ts): the show's tags, and each item's episode tags. */
  readonly podcast?: PodcastChannel;
}

export interface ModelItem {
  readonly post: Post;
  readonly content: PreparedContent;
}

/** Posts with their prepared contents, as `feedModel` takes them. */
export function modelItems(posts: readonly Post[], contentOf: ContentOf): ModelItem[] {
  return posts.map((post) => ({ post, content: contentOf(post) }));
}

export function feedModel(scope: Scope, items: readonly ModelItem[], config: Config): FeedModel {
  return { ...shellModel(scope, items, config), items: items.map((item) => feedItem(item, config)) };
}

/**
 * The model of a feed without its items, for rendering its head and tail around items rendered
 * elsewhere: the items' text is not needed, only their newest date.
 */
export function shellModel(scope: Scope, items: readonly ModelItem[], config: Config): FeedModel {
  const site = config.site;
  const dir = scopeDir(scope);
  const label = scope.kind === 'site' ? '' : config.feeds.labels[scope.kind];
  const siteTitle = oneLine(site.title);
  const title = scope.kind === 'site' ? siteTitle : `${siteTitle} — ${label}: ${scope.name}`;
  const siteDescription = oneLine(site.description) || siteTitle;
  const description = scope.kind === 'site' ? siteDescription : `${label}: ${scope.name} — ${siteDescription}`;
  // An author's feeds are theirs: they are its author (Atom, JSON Feed), not the site's.
  const author = cleanAuthor(scope.person ?? site.author);
  // An empty feed has no newest item; the epoch keeps its bytes free of the build time.
  const updated = new Date(items.reduce((max, { post }) => Math.max(max, post.updated), 0));

  return {
    title,
    description,
    language: site.language,
    alternate: alternateUrl(scope, config),
    // Every format's, configured or not: a feed links its siblings only when they exist, but its own
    // self link must not depend on the config's order of formats.
    selfUrls: Object.fromEntries(FORMAT_TABLE.map((f) => [f.name, publicUrl(config, dir + f.file)])) as Record<FormatName, string>,
    stylesheets: config.feeds.stylesheet
      ? Object.fromEntries(FORMAT_TABLE.flatMap((f) => (f.stylesheet ? [[f.name, relativeUrl(dir, `/${f.stylesheet}`)]] : [])))
      : {},
    updated,
    author,
    ttlMinutes: Math.max(1, Math.round(config.cache.maxAge / 60)),
    hubs: config.websub.hubs,
    items: [],
    ...(config.media.mediaRss ? { mediaRss: true } : {}),
  };
}

/** A model to render items in when no particular feed is meant: nothing in an item depends on its feed. */
export function itemsModel(config: Config): FeedModel {
  return feedModel({ kind: 'site', key: '', name: '', slug: '', posts: [] }, [], config);
}

/** One post as an item: nothing in it depends on the feed it is in. */
export function feedItem({ post, content }: ModelItem, config: Config): FeedItem {
  return {
    id: post.id,
    link: post.link,
    title: post.title,
    published: new Date(post.date),
    updated: new Date(post.updated),
    author: cleanAuthor(post.author ?? config.site.author),
    categories: [
      ...post.categories.map((name) => ({ name, scheme: publicUrl(config, taxonomyDir('category')) })),
      ...post.tags.map((name) => ({ name, scheme: publicUrl(config, taxonomyDir('tag')) })),
    ],
    summary: content.summary,
    hasContent: !config.feeds.excerptOnly && content.xml.length > 0,
    image: post.image,
    ...withMedia(itemMedia(post, content, config)),
  };
}

function withMedia(media: ItemMedia | undefined): { media?: ItemMedia } {
  return media ? { media } : {};
}

function cleanAuthor(a: Author): Author {
  return {
    name: oneLine(a.name),
    ...(a.email ? { email: xmlSafe(a.email) } : {}),
    ...(a.url ? { url: a.url } : {}),
    ...(a.avatar ? { avatar: a.avatar } : {}),
  };
}
