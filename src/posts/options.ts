// The posts stage's options, made from the config once: what the scanner, the reader and the pool's
// workers use.
import type { Author, Config } from '../config/schema.js';
import { foldName } from './taxonomy.js';
import type { DefaultsSet } from './defaults.js';

export interface ReadOptions {
  readonly timeZone: string;
  /** Absolute site URL ending in `/`; links and ids are resolved against it. */
  readonly siteUrl: string;
  readonly permalink: string;
  /** Extensions (lower case, no dot) whose bodies are Markdown. */
  readonly markdown: readonly string[];
  /** `jekyll`: the folders above `_posts` are categories, and `_drafts` are dated by their files' time. */
  readonly layout: 'folder' | 'jekyll';
  /** How ids are made (config feeds.ids) and titles written (feeds.titles). */
  readonly ids: 'link' | 'jekyll';
  readonly titles: 'plain' | 'jekyll';
  /** Who a post's `author: key` names (config authors, Jekyll's _data/authors.yml). */
  readonly authors: Readonly<Record<string, Author>>;
  /** feeds.authors: every author a post names is read, for author feeds (posts/fields/authors.ts). */
  readonly authorFeeds?: boolean;
  /** media.dir: the site's files, where local pictures and enclosures are measured (post-reader.ts). */
  readonly mediaDir?: string | undefined;
  /** The podcasts' scopes (config podcasts), by kind and folded name: a post in one should be an episode. */
  readonly podcasts?: readonly { readonly kind: 'site' | 'category' | 'tag'; readonly key: string }[];
  /** Jekyll's front matter defaults (config posts.defaults); none when absent. */
  readonly defaults?: readonly DefaultsSet[];
  /** Keep each post's front matter on its Post: Liquid's `page` and `site.posts` read it, and the excerpt. */
  readonly keepFront?: boolean;
  /**
   * `jekyll`: a post's own summary is jekyll-feed's (`description`, else the front matter's `excerpt`, as
   * HTML stripped to text), and images are resolved as `absolute_url` does (under baseurl).
   */
  readonly flavour?: 'jekyll';
}

export interface ScanOptions {
  readonly dir: string;
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  readonly maxBytes: number;
  readonly layout: 'folder' | 'jekyll';
  /** Jekyll layout: `_drafts` are posts too. */
  readonly drafts: boolean;
  readonly read: ReadOptions;
}

export function scanOptionsFrom(config: Config): ScanOptions {
  return {
    dir: config.posts.dir,
    include: config.posts.include,
    exclude: config.posts.exclude,
    maxBytes: config.posts.maxBytes,
    layout: config.posts.layout,
    drafts: config.posts.drafts,
    read: {
      timeZone: config.timezone,
      siteUrl: config.site.url,
      permalink: config.feeds.permalink,
      markdown: config.posts.markdown.map((e) => e.toLowerCase()),
      layout: config.posts.layout,
      ids: config.feeds.ids,
      titles: config.feeds.titles,
      defaults: config.posts.defaults,
      keepFront: config.content.liquid || config.posts.excerptSeparator !== undefined,
      ...(config.posts.layout === 'jekyll' ? { flavour: 'jekyll' as const } : {}),
      authors: Object.fromEntries(
        Object.entries(config.authors).map(([key, a]) => {
          const url = a.url ?? a.uri;
          return [key, { name: a.name, ...(a.email ? { email: a.email } : {}), ...(url ? { url } : {}), ...avatarOf(a.avatar, config.site.url) }];
        }),
      ),
      authorFeeds: config.feeds.authors,
      mediaDir: config.media.dir,
      podcasts: config.podcasts.map((p) => ({ kind: p.scope, key: foldName(p.name ?? '') })),
    },
  };
}

/** An avatar as written in the authors data, made absolute against the site; http(s) only. */
function avatarOf(avatar: string | undefined, siteUrl: string): { avatar?: string } {
  if (!avatar || !URL.canParse(avatar.trim(), siteUrl)) return {};
  const url = new URL(avatar.trim(), siteUrl);
  return /^https?:$/.test(url.protocol) ? { avatar: url.href } : {};
}
