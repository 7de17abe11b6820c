// What Liquid sees of the whole site when it renders one post: the values (config, data, includes, the
// published posts, the time) made once per rescan and handed to every thread that renders, and the few
// files a post may read beside them (include_relative, link), read through a door the caller opens.
import { JEKYLL_DEFAULTS } from '../markdown/kramdown/options.js';
import type { Post } from '../../posts/post.js';

export interface LiquidSite {
  /** `site.*`: _config.yml over Jekyll's defaults. */
  readonly config: Readonly<Record<string, unknown>>;
  /** `site.data`: _data/ parsed, folders as maps. */
  readonly data: Readonly<Record<string, unknown>>;
  /** _includes/ files by their path below it (`note.html`, `cards/small.html`). */
  readonly includes: ReadonlyMap<string, string>;
  /** `site.posts`: the published posts, newest first. */
  readonly posts: readonly Post[];
  /** `site.time`, ms: the newest post's date, never the clock, so output never depends on the build moment. */
  readonly time: number;
  readonly timeZone: string;
  /** Absolute URL of the site's root, with baseurl, ending in `/` (config site.url). */
  readonly siteUrl: string;
  /** Markdown file extensions (lower case, no dot): link and include_relative targets Jekyll converts. */
  readonly markdownExtensions: readonly string[];
  /** Hash of the files behind config, data and includes (not of the posts). */
  readonly version: string;
}

/** Files of the site a post reads beyond the site's values; paths relative to the site root. */
export interface SiteFiles {
  /** The text of a file inside the site (never through a link out of it), or undefined. */
  readonly read: (rel: string) => string | undefined;
  /** Whether a file is there (a static file that `link` names). */
  readonly exists: (rel: string) => boolean;
}

/** No files beside the site's values (a test, or a site whose posts read none). */
export const NO_FILES: SiteFiles = { read: () => undefined, exists: () => false };

// Jekyll 4.3's Configuration::DEFAULTS that a post may print or test (configuration.rb): under every
// site's own keys, as Jekyll merges them. Paths of the build machine (source, destination) are left out.
export const JEKYLL_CONFIG_DEFAULTS: Readonly<Record<string, unknown>> = {
  collections_dir: '',
  plugins_dir: '_plugins',
  layouts_dir: '_layouts',
  data_dir: '_data',
  includes_dir: '_includes',
  safe: false,
  include: ['.htaccess'],
  exclude: [],
  keep_files: ['.git', '.svn'],
  encoding: 'utf-8',
  markdown_ext: 'markdown,mkdown,mkdn,mkd,md',
  strict_front_matter: false,
  show_drafts: null,
  limit_posts: 0,
  future: false,
  unpublished: false,
  whitelist: [],
  plugins: [],
  markdown: 'kramdown',
  highlighter: 'rouge',
  lsi: false,
  excerpt_separator: '\n\n',
  incremental: false,
  baseurl: null,
  permalink: 'date',
  paginate_path: '/page:num',
  timezone: null,
  defaults: [],
  liquid: { error_mode: 'warn', strict_filters: false, strict_variables: false },
  // `site.kramdown`: the same defaults the Markdown engine renders with.
  kramdown: JEKYLL_DEFAULTS,
};

/** _config.yml as Jekyll has it: its keys over the defaults, maps merged a level down (kramdown, liquid). */
export function jekyllConfig(own: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> {
  const out: Record<string, unknown> = { ...JEKYLL_CONFIG_DEFAULTS };
  for (const [key, value] of Object.entries(own)) {
    const below = out[key];
    const merged = isMap(below) && isMap(value) ? { ...below, ...value } : value;
    Object.defineProperty(out, key, { value: merged, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** What a rescan read of the site (sources/site-files.ts), as the values a LiquidSite is made from. */
export interface SiteValuesIn {
  readonly config: Readonly<Record<string, unknown>>;
  readonly data: Readonly<Record<string, unknown>>;
  readonly includes: ReadonlyMap<string, string>;
  readonly version: string;
}

export interface SiteSettings {
  readonly timeZone: string;
  readonly siteUrl: string;
  readonly markdownExtensions: readonly string[];
}

/** The site for one rescan: its values, its published posts (newest first), and the time they give it. */
export function liquidSite(values: SiteValuesIn, posts: readonly Post[], settings: SiteSettings): LiquidSite {
  return {
    config: jekyllConfig(values.config),
    data: values.data,
    includes: values.includes,
    version: values.version,
    posts,
    time: posts[0]?.date ?? 0,
    ...settings,
  };
}
