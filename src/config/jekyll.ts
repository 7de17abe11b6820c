// A Jekyll site's _config.yml → feedwright's config keys, read the way Jekyll and jekyll-feed read it, so
// a site switches without retyping its settings. Pure: load.ts reads the files and hands their data here.
// Keys Jekyll has and feeds do not need are ignored: the file belongs to Jekyll, not to us.
import { ConfigError } from '../errors.js';
import { PERMALINK_STYLES, permalinkDotsProblem } from './permalink-styles.js';

export interface JekyllFiles {
  /** Path of _config.yml, for messages; undefined when the site has none (Jekyll's defaults apply). */
  readonly file: string | undefined;
  readonly data: Readonly<Record<string, unknown>>;
  /** _data/authors.yml, when the site has one. */
  readonly authors: unknown;
  /** The zone Jekyll would read dates without an offset in when `timezone` is unset: the machine's. */
  readonly machineZone: string;
}

/** Feedwright config keys (as in feedwright.yaml) and, for each dotted key set, where it came from. */
export interface DerivedConfig {
  readonly raw: Record<string, unknown>;
  readonly origins: ReadonlyMap<string, string>;
}

// jekyll-feed's defaults (generator.rb, feed.xml): ten entries, the site feed at /feed.xml, category feeds
// in /feed/ and tag feeds in /feed/by_tag/.
const POSTS_LIMIT = 10;
const FEED_PATH = '/feed.xml';
const TAGS_PATH = '/feed/by_tag/';

// Jekyll's default excludes (configuration.rb) that could hold a `_posts` folder of someone else's.
const DEFAULT_EXCLUDE = ['node_modules', 'vendor/bundle', 'vendor/cache', 'vendor/gems', 'vendor/ruby', 'gemfiles'];

export function configFromJekyll({ file, data, authors, machineZone }: JekyllFiles): DerivedConfig {
  const name = file ?? '(Jekyll defaults)';
  const origins = new Map<string, string>();
  const fail = (key: string, why: string): never => {
    throw new ConfigError(`${name}: invalid config\n  ${key}: ${why}`);
  };
  const site: Record<string, unknown> = {};
  const posts: Record<string, unknown> = { layout: 'jekyll' };
  const feeds: Record<string, unknown> = { ids: 'jekyll', titles: 'jekyll' };
  const out: Record<string, unknown> = { site, posts, feeds };
  const from = (key: string, jekyllKey: string): void => void origins.set(key, `${name}: ${jekyllKey}`);
  origins.set('posts.layout', `${name}: a Jekyll site`);
  origins.set('feeds.ids', `${name}: jekyll-feed's ids`);
  origins.set('feeds.titles', `${name}: jekyll-feed's titles`);

  const text = (key: string): string | undefined => {
    const v = data[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'string' || typeof v === 'number') return String(v);
    return fail(key, 'must be text');
  };

  const title = text('title');
  if (title) {
    site.title = title;
    from('site.title', 'title');
  }
  const description = text('description');
  if (description !== undefined) {
    site.description = description;
    from('site.description', 'description');
  }

  // Jekyll: absolute links are url + baseurl + the page's path; baseurl is where the whole site is mounted.
  const url = text('url');
  const baseurl = text('baseurl') ?? '';
  if (url) {
    if (!URL.canParse(url)) fail('url', 'must be an absolute URL such as https://example.org');
    site.url = `${url.replace(/\/+$/, '')}/${baseurl.replace(/^\/+|\/+$/g, '')}`.replace(/\/?$/, '/');
    from('site.url', baseurl ? 'url + baseurl' : 'url');
  }

  const lang = text('lang');
  if (lang) {
    site.language = lang.replace(/_/g, '-');
    from('site.language', 'lang');
  }

  // site.author has no avatar key: a theme's avatar there is for the theme.
  const { avatar: _avatar, ...author } = jekyllAuthor(data.author, 'author', fail) ?? {};
  if (author.name) {
    site.author = author;
    from('site.author', 'author');
  }

  const zone = text('timezone');
  out.timezone = zone ?? machineZone;
  origins.set('timezone', zone ? `${name}: timezone` : `the machine's time zone (${name} sets no timezone; Jekyll reads dates without an offset in it)`);

  // Jekyll gives the posts collection the site's permalink unless the collection names its own.
  const collectionPermalink = postsCollection(data.collections, fail).permalink;
  const permalink = collectionPermalink ?? text('permalink') ?? 'date';
  feeds.permalink = jekyllPermalink(permalink, fail);
  origins.set(
    'feeds.permalink',
    collectionPermalink !== undefined
      ? `${name}: collections.posts.permalink`
      : text('permalink') === undefined
        ? `Jekyll's default (date)`
        : `${name}: permalink`,
  );

  const defaults = jekyllDefaults(data.defaults, fail);
  if (defaults.length > 0) {
    posts.defaults = defaults;
    from('posts.defaults', 'defaults');
  }
  // Jekyll's default separator is a blank line: the excerpt is the first paragraph, whole.
  const separator = data.excerpt_separator;
  posts.excerptSeparator = separator === undefined || separator === null ? '\n\n' : String(separator);
  origins.set('posts.excerptSeparator', separator === undefined || separator === null ? `Jekyll's default (a blank line)` : `${name}: excerpt_separator`);

  out.content = jekyllContent(data, fail);
  origins.set('content', `${name}: a Jekyll site (Liquid, then kramdown)`);

  const exclude = data.exclude;
  if (exclude !== undefined && exclude !== null && !Array.isArray(exclude)) fail('exclude', 'must be a list');
  const excluded = [...DEFAULT_EXCLUDE, ...((exclude as unknown[] | undefined) ?? []).map(String)];
  posts.exclude = excluded.flatMap((p) => {
    const clean = p.replace(/^\.?\/+|\/+$/g, '');
    return clean ? [clean, `${clean}/**`] : [];
  });
  if (exclude) from('posts.exclude', 'exclude');

  const markdownExt = text('markdown_ext');
  const markdown = (markdownExt ?? 'markdown,mkdown,mkdn,mkd,md')
    .split(',')
    .map((e) => e.trim().replace(/^\./, ''))
    .filter(Boolean);
  posts.markdown = markdown;
  posts.include = [`**/*.{${[...markdown, 'html', 'htm'].join(',')}}`];
  if (markdownExt) from('posts.markdown', 'markdown_ext');

  for (const [key, ours] of [
    ['future', 'future'],
    ['show_drafts', 'drafts'],
  ] as const) {
    const v = data[key];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'boolean') fail(key, 'must be true or false');
    posts[ours] = v;
    from(`posts.${ours}`, key);
  }

  const authorsMap = jekyllAuthors(authors, fail);
  if (authorsMap) {
    out.authors = authorsMap;
    origins.set('authors', '_data/authors.yml');
  }

  Object.assign(feeds, jekyllFeed(data.feed, name, fail, origins));
  return { raw: out, origins };
}

/** `collections.posts`: a map (or absent); Jekyll forces its `output` on, so only `permalink` counts. */
function postsCollection(value: unknown, fail: (key: string, why: string) => never): { permalink?: string } {
  if (value === undefined || value === null || Array.isArray(value)) return {};
  if (typeof value !== 'object') return fail('collections', 'must be a map or a list of collection names');
  const posts = (value as Record<string, unknown>).posts;
  if (posts === undefined || posts === null) return {};
  if (typeof posts !== 'object' || Array.isArray(posts)) return fail('collections.posts', 'must be a map');
  const permalink = (posts as Record<string, unknown>).permalink;
  if (permalink === undefined || permalink === null) return {};
  if (typeof permalink !== 'string') return fail('collections.posts.permalink', 'must be a permalink style or pattern');
  return { permalink };
}

/**
 * `defaults:` as Jekyll keeps it (frontmatter_defaults.rb): sets that are not a map with a `values` map
 * are skipped, as Jekyll skips them with a warning; the old singular types are renamed as Jekyll does.
 */
function jekyllDefaults(value: unknown, fail: (key: string, why: string) => never): Record<string, unknown>[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) return fail('defaults', 'must be a list of {scope, values}');
  const renamed: Readonly<Record<string, string>> = { page: 'pages', post: 'posts', draft: 'drafts' };
  return value.flatMap((set: unknown) => {
    if (!isMap(set) || !isMap(set.values)) return [];
    const scope = isMap(set.scope) ? set.scope : undefined;
    const path = scope?.path === undefined || scope.path === null ? undefined : String(scope.path);
    const type = scope?.type === undefined || scope.type === null ? undefined : String(scope.type);
    const clean = { ...(path !== undefined ? { path } : {}), ...(type !== undefined ? { type: renamed[type] ?? type } : {}) };
    return [{ ...(scope ? { scope: clean } : {}), values: set.values }];
  });
}

/** Liquid and kramdown, as Jekyll renders posts; what it would do that feedwright cannot is named for the posts. */
function jekyllContent(data: Readonly<Record<string, unknown>>, fail: (key: string, why: string) => never): Record<string, unknown> {
  const markdown = data.markdown;
  if (markdown !== undefined && markdown !== null && typeof markdown !== 'string') fail('markdown', 'must be the name of a Markdown converter');
  const kramdown = data.kramdown;
  if (kramdown !== undefined && kramdown !== null && !isMap(kramdown)) fail('kramdown', "must be a map of kramdown's options");
  // `gems:` is the name Jekyll 2 gave `plugins:`; Jekyll 4 still reads it.
  const listed = data.plugins ?? data.gems;
  if (listed !== undefined && listed !== null && !Array.isArray(listed)) fail('plugins', 'must be a list of plugin names');
  const plugins = ((listed as unknown[] | undefined) ?? []).map(String).filter(Boolean);
  const converter = typeof markdown === 'string' && markdown.trim() !== '' && markdown.trim().toLowerCase() !== 'kramdown' ? markdown.trim() : undefined;
  // `highlighter: none` (or false, null) turns Rouge off; unset is rouge.
  const highlighter =
    data.highlighter === undefined ? undefined : typeof data.highlighter === 'string' && data.highlighter.trim() !== '' ? data.highlighter.trim() : 'none';
  return {
    liquid: true,
    markdown: 'kramdown',
    kramdown: kramdown ?? {},
    plugins,
    ...(converter ? { converter } : {}),
    ...(highlighter ? { highlighter } : {}),
  };
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Jekyll's permalink setting: a style's name, or a pattern (Jekyll adds the leading slash itself). */
function jekyllPermalink(setting: string, fail: (key: string, why: string) => never): string {
  if (Object.hasOwn(PERMALINK_STYLES, setting)) return setting;
  if (!setting.includes('/') && !setting.includes(':')) {
    fail('permalink', `${JSON.stringify(setting)} is not a permalink style (${Object.keys(PERMALINK_STYLES).join(', ')}) nor a pattern`);
  }
  const dots = permalinkDotsProblem(setting);
  if (dots) fail('permalink', dots);
  return setting.startsWith('/') ? setting : `/${setting}`;
}

function jekyllAuthor(value: unknown, key: string, fail: (key: string, why: string) => never): Record<string, string> | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string' || typeof value === 'number') return { name: String(value) };
  if (typeof value !== 'object' || Array.isArray(value)) return fail(key, 'must be a name or a map with name, email and uri');
  const map = value as Record<string, unknown>;
  if (typeof map.name !== 'string' || map.name === '') return fail(`${key}.name`, 'must be text');
  const url = typeof map.uri === 'string' ? map.uri : typeof map.url === 'string' ? map.url : undefined;
  // `avatar` (jekyll-seo-tag and themes read it): JSON Feed's author avatar, with feeds.authors.
  const avatar = typeof map.avatar === 'string' ? { avatar: map.avatar } : {};
  return { name: map.name, ...(typeof map.email === 'string' ? { email: map.email } : {}), ...(url ? { url } : {}), ...avatar };
}

/** _data/authors.yml: a map of keys to people (jekyll-feed looks a post's `author` up in it). */
function jekyllAuthors(value: unknown, fail: (key: string, why: string) => never): Record<string, Record<string, string>> | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) return fail('_data/authors.yml', 'must be a map of keys to authors');
  const out: Record<string, Record<string, string>> = {};
  for (const [key, person] of Object.entries(value as Record<string, unknown>)) {
    // jekyll-feed names an entry by its `name`, else by the key itself.
    const author = jekyllAuthor(
      typeof person === 'object' && person !== null && !('name' in person) ? { ...person, name: key } : person,
      `_data/authors.yml: ${key}`,
      fail,
    );
    if (author) out[key] = author;
  }
  return out;
}

/** jekyll-feed's `feed:` section → the limit and the old addresses kept as aliases. */
function jekyllFeed(value: unknown, name: string, fail: (key: string, why: string) => never, origins: Map<string, string>): Record<string, unknown> {
  const section = value === undefined || value === null ? {} : value;
  if (typeof section !== 'object' || Array.isArray(section)) return fail('feed', 'must be a map');
  const feed = section as Record<string, unknown>;
  const out: Record<string, unknown> = {};

  const limit = feed.posts_limit;
  if (limit !== undefined && limit !== null && (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1))
    fail('feed.posts_limit', 'must be a whole number from 1');
  out.limit = typeof limit === 'number' ? limit : POSTS_LIMIT;
  origins.set('feeds.limit', typeof limit === 'number' ? `${name}: feed.posts_limit` : `jekyll-feed's default (${POSTS_LIMIT})`);

  if (feed.excerpt_only !== undefined && feed.excerpt_only !== null) {
    if (typeof feed.excerpt_only !== 'boolean') fail('feed.excerpt_only', 'must be true or false');
    out.excerptOnly = feed.excerpt_only;
    origins.set('feeds.excerptOnly', `${name}: feed.excerpt_only`);
  }

  // `collections.posts` may say what the top level says (jekyll-feed's normalize_posts_meta).
  const collections = feed.collections;
  const postsMeta =
    collections && typeof collections === 'object' && !Array.isArray(collections)
      ? ((collections as Record<string, unknown>).posts as Record<string, unknown> | undefined)
      : undefined;
  const pathValue = feed.path ?? postsMeta?.path;
  if (pathValue !== undefined && (typeof pathValue !== 'string' || pathValue.trim() === '')) fail('feed.path', 'must be a path such as /feed.xml');
  const sitePath = typeof pathValue === 'string' ? absolutePath(pathValue) : FEED_PATH;
  if (sitePath.endsWith('/')) fail('feed.path', `${sitePath} names a folder; name a file such as /feed.xml`);

  const aliases: Record<string, unknown>[] = [{ path: sitePath, scope: 'site', format: 'atom' }];
  const categories = feed.categories ?? postsMeta?.categories;
  if (categories !== undefined && categories !== null) {
    if (!Array.isArray(categories) || categories.some((c) => typeof c !== 'string' && typeof c !== 'number'))
      fail('feed.categories', 'must be a list of category names');
    const names = (categories as (string | number)[]).map((c) => String(c).trim()).filter(Boolean);
    if (names.length > 0) aliases.push({ path: '/feed/:name.xml', scope: 'category', format: 'atom', only: names });
  }
  const tags = feed.tags;
  if (tags === true || (tags && typeof tags === 'object' && !Array.isArray(tags))) {
    const t = tags === true ? {} : (tags as Record<string, unknown>);
    const list = (key: string): string[] | undefined => {
      const v = t[key];
      if (v === undefined || v === null) return undefined;
      if (!Array.isArray(v)) return fail(`feed.tags.${key}`, 'must be a list of tags');
      return v.map(String);
    };
    const dir =
      t.path === undefined ? TAGS_PATH : typeof t.path === 'string' ? absolutePath(t.path) : fail('feed.tags.path', 'must be a path such as /feed/by_tag/');
    const only = list('only');
    aliases.push({ path: `${dir.replace(/\/?$/, '/')}:name.xml`, scope: 'tag', format: 'atom', ...(only ? { only } : {}), except: list('except') ?? [] });
  } else if (tags !== undefined && tags !== null && tags !== false) {
    fail('feed.tags', 'must be true or a map with only, except and path');
  }
  out.aliases = aliases;
  origins.set('feeds.aliases', `${name}: jekyll-feed's addresses (feed.path, feed.categories, feed.tags)`);
  return out;
}

function absolutePath(p: string): string {
  return p.startsWith('/') ? p : `/${p}`;
}
