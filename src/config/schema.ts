// The shape of config/feedwright.yaml, its defaults, and the checks that make a bad key fail at start.
import { isIP } from 'node:net';
import { validate as isCronExpression } from 'node-cron';
import { z } from 'zod';
import { FORMAT_NAMES, type FormatName } from '../format-table.js';
import { PERMALINK_STYLES, permalinkDotsProblem, permalinkPattern } from './permalink-styles.js';
import { mediaSection, podcastsSection } from './media.js';
import { queriesSection, subscribersSection } from './queries.js';

export type { FormatName };

/** An absolute http(s) URL, normalised to end with '/', because every link is resolved against it. */
const baseUrl = z
  .string()
  .refine((s) => URL.canParse(s) && /^https?:$/.test(new URL(s).protocol), {
    message: 'must be an absolute http:// or https:// URL',
  })
  .transform((s) => {
    const u = new URL(s);
    u.search = '';
    u.hash = '';
    if (!u.pathname.endsWith('/')) u.pathname += '/';
    return u.href;
  });

/**
 * A folder inside a repository, made canonical (`a/b`: `.` and empty segments dropped) so that every
 * path derived from it means what it says; `..`, absolute paths, backslashes and NUL are refused.
 */
const repoSubdir = z.string().transform((s, ctx) => {
  const parts = s.split('/');
  if (s.startsWith('/') || /[\\\0]/.test(s) || parts.includes('..')) {
    ctx.addIssue({ code: 'custom', message: 'must be a folder inside the repository: a relative path without .. segments or backslashes' });
    return z.NEVER;
  }
  return parts.filter((p) => p !== '' && p !== '.').join('/');
});

/**
 * posts.git.url. An http(s) URL may carry a user name and password (they reach git through the environment,
 * never its command line or .git/config), but no query string: git appends its own paths after it
 * (`…?access_token=…/info/refs`), so a token there never works, and would show in `ps`. Refused without
 * quoting the value, which may hold a secret.
 */
const repoUrl = z
  .string()
  .min(1)
  .refine((s) => !/^https?:\/\/[^#]*[?#]/i.test(s), {
    message:
      'must not have a query string or fragment: git cannot use a token there (put it in the URL as https://user:TOKEN@host/… or use a git credential helper)',
  });

const timezone = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'must be an IANA time zone name such as UTC or Asia/Shanghai' },
);

const author = z.union([
  z
    .string()
    .min(1)
    .transform((name) => ({ name })),
  z.strictObject({
    name: z.string().min(1),
    email: z.email().optional(),
    url: baseUrl.optional(),
  }),
]);

const nonEmptyStrings = z.array(z.string().min(1)).min(1);

/** What Express's `trust proxy` takes in a list (proxy-addr): an address, a subnet, or a named range. */
function isProxyAddress(s: string): boolean {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(s)) return true;
  const [address = '', prefix, ...rest] = s.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  return /^\d+$/.test(prefix) && bits <= (family === 4 ? 32 : 128);
}
const PROXY_ADDRESS_HINT = 'must be an IP address, a subnet (10.0.0.0/8), or loopback, linklocal or uniquelocal';

/** Where a scope's own page is on the site: a path or URL with `:slug` or `:name`, resolved against site.url. */
const scopePagePattern = z
  .string()
  .regex(/^(\/|https?:\/\/)/i, 'must be a path starting with / or an http(s) URL')
  .regex(/:(slug|name)\b/, 'must contain :slug or :name');

/** An absolute http(s) URL, kept as the WHATWG serialisation (no trailing slash added: hubs are endpoints). */
const endpointUrl = z
  .string()
  .refine((s) => URL.canParse(s) && /^https?:$/.test(new URL(s).protocol), {
    message: 'must be an absolute http:// or https:// URL',
  })
  .transform((s) => new URL(s).href);

/** publish.purge's time limit per attempt, and its retries (bounded: `feedwright publish` waits for them). */
const purgeTiming = {
  timeoutMs: z.number().int().min(1).max(600_000).default(10_000),
  retries: z.number().int().min(0).max(10).default(3),
  retryDelayMs: z.number().int().min(1).max(60_000).default(2000),
};

const seconds = z.number().int().min(1);

/**
 * One more address for a scope's feed in one format: `/feed.xml` for the site, or a pattern with `:name`
 * (the name as written) or `:slug` for every category or tag, limited by `only` / `except`.
 */
const feedAlias = z
  .strictObject({
    path: z
      .string()
      .regex(/^\/[^?#]*$/, 'must be a path starting with /, without ? or #')
      .refine((p) => !p.endsWith('/'), { message: 'must name a file, not end with /' }),
    scope: z.enum(['site', 'category', 'tag', 'author']),
    format: z.enum(FORMAT_NAMES),
    only: z.array(z.string().min(1)).optional(),
    except: z.array(z.string().min(1)).default([]),
  })
  .refine((a) => (a.scope === 'site') === !/:(name|slug)\b/.test(a.path), {
    message: 'a site alias is one path; a category or tag alias must contain :name or :slug',
    path: ['path'],
  });

/** One set of Jekyll's front matter defaults: values for the posts whose path (and type) the scope matches. */
const frontMatterDefault = z.looseObject({
  scope: z.looseObject({ path: z.string().optional(), type: z.string().optional() }).optional(),
  values: z.record(z.string(), z.unknown()),
});

/** People's names for authors (Jekyll's _data/authors.yml): a post's `author: key` means this one. */
const authors = z.record(
  z.string().min(1),
  z.looseObject({
    name: z.string().min(1),
    email: z.string().optional(),
    url: z.string().optional(),
    uri: z.string().optional(),
    avatar: z.string().optional(),
  }),
);

export const configSchema = z.strictObject({
  site: z
    .strictObject({
      title: z.string().min(1).default('feedwright'),
      url: baseUrl.default('http://localhost:8080/'),
      description: z.string().default(''),
      language: z
        .string()
        .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/, 'must be a language tag such as en or zh-CN')
        .default('en'),
      author: author.optional(),
    })
    .prefault({}),
  timezone: timezone.default('UTC'),
  authors: authors.default({}),
  posts: z
    .strictObject({
      dir: z.string().min(1).default('posts'),
      include: nonEmptyStrings.default(['**/*.{md,markdown,html,htm,txt}']),
      exclude: z.array(z.string().min(1)).default([]),
      /**
       * `folder`: every file under dir that `include` matches is a post. `jekyll`: dir is a Jekyll site's
       * root, and posts are the dated files in its `_posts` folders (a folder above one names a category),
       * and in `_drafts` with `drafts`.
       */
      layout: z.enum(['folder', 'jekyll']).default('folder'),
      /** Jekyll layout: publish `_drafts` too (Jekyll's show_drafts). */
      drafts: z.boolean().default(false),
      /** Publish posts dated in the future now, rather than when their date comes (Jekyll's future). */
      future: z.boolean().default(false),
      /**
       * Posts from a git repository: one branch is cloned into the cache folder at start (posts.dir is then
       * that checkout, or `subdir` in it) and brought to the remote head before each rescan a push or the
       * schedule asks for. Credentials come from git (credential helpers, SSH keys) or an https URL's
       * user name and password, which reach git through its environment only (sources/git/env.ts).
       */
      git: z
        .strictObject({
          url: repoUrl,
          branch: z
            .string()
            .regex(/^[^\s~^:?*[\\]+$/, 'must be a branch name')
            .default('main'),
          subdir: repoSubdir.default(''),
          /** Commits fetched; 0 for the whole history. */
          depth: z.number().int().min(0).default(1),
          /**
           * How long one git command (a clone, a fetch) may run before it is ended with everything it
           * started; git itself also gives up on a connection that sends nothing for half of this.
           */
          timeoutSeconds: z.number().positive().max(3600).default(30),
        })
        .optional(),
      /** Extensions whose bodies are Markdown; the rest (html, htm) pass through as HTML. */
      markdown: z.array(z.string().regex(/^[A-Za-z0-9]+$/, 'an extension without the dot')).default(['md', 'markdown', 'txt']),
      maxBytes: z
        .number()
        .int()
        .positive()
        .default(5 * 1024 * 1024),
      /**
       * Helper threads that share big jobs (a cold scan, a cold render) with the main thread; small
       * rescans stay on the main thread. Unset: one less than the machine's cores, at most 3. 0: none.
       */
      workers: z.number().int().min(0).max(32).optional(),
      /**
       * Front matter defaults, as Jekyll's `defaults:` (a list of `{scope: {path, type}, values}`): a post's
       * own front matter wins, and of two sets that match, the one with the longer path (then with a type).
       */
      defaults: z.array(frontMatterDefault).default([]),
      /**
       * Jekyll's `excerpt_separator`: set, a post's summary is the text before it (a post's own
       * `excerpt_separator` wins), rendered as its body is, as Jekyll's excerpt and jekyll-feed's summary;
       * `""` for none. Unset: the first paragraph, cut to about 200 characters.
       */
      excerptSeparator: z.string().optional(),
    })
    .prefault({}),
  /** How a post's body becomes HTML: Liquid first (as Jekyll), then Markdown. */
  content: z
    .strictObject({
      /** Run Liquid in posts, with Jekyll's objects, tags and filters (a Jekyll site: on). */
      liquid: z.boolean().default(false),
      /** `commonmark`, or `kramdown`: Markdown as Jekyll renders it (a Jekyll site: on). */
      markdown: z.enum(['commonmark', 'kramdown']).default('commonmark'),
      /** kramdown's options (a Jekyll site: its `kramdown:` map). */
      kramdown: z.record(z.string(), z.unknown()).default({}),
      /** Jekyll's `highlighter` (rouge when unset): kramdown's code blocks and the highlight tag follow it. */
      highlighter: z.string().min(1).optional(),
      /** The converter a Jekyll site names in `markdown:` when it is not kramdown: each Markdown post says so. */
      converter: z.string().min(1).optional(),
      /** Jekyll plugins the site lists: those that change what a post says are reported on the posts they reach. */
      plugins: z.array(z.string().min(1)).default([]),
    })
    .prefault({}),
  feeds: z
    .strictObject({
      /** Where feedwright's own routes are public (self links, OPML); defaults to site.url. */
      baseUrl: baseUrl.optional(),
      limit: z.number().int().min(1).max(1000).default(20),
      formats: z
        .array(z.enum(FORMAT_NAMES))
        .min(1)
        .refine((a) => new Set(a).size === a.length, { message: 'must not repeat a format' })
        .default([...FORMAT_NAMES]),
      /** A pattern such as /:categories/:year/:title/, or one of Jekyll's named styles (date, pretty…). */
      permalink: z
        .string()
        .refine((s) => permalinkPattern(s) !== undefined, {
          message: `must start with / or be one of Jekyll's styles: ${Object.keys(PERMALINK_STYLES).join(', ')}`,
        })
        .superRefine((s, ctx) => {
          const problem = permalinkDotsProblem(s);
          if (problem) ctx.addIssue({ code: 'custom', message: problem });
        })
        .transform((s) => permalinkPattern(s) ?? s)
        .default('/:categories/:year/:month/:day/:title/'),
      /**
       * Entry ids: `link` (the post's link, or its front-matter `id`), or `jekyll`: the post's Jekyll id
       * (its URL's folder and slug, no extension), as jekyll-feed writes it, so readers see no post twice
       * after a switch.
       */
      ids: z.enum(['link', 'jekyll']).default('link'),
      /** Item titles: `plain` (markup stripped), or `jekyll`: also SmartyPants quotes and dashes, as jekyll-feed. */
      titles: z.enum(['plain', 'jekyll']).default('plain'),
      /** Items carry their summary only, no content (jekyll-feed's excerpt_only). */
      excerptOnly: z.boolean().default(false),
      /** More addresses for feeds people already subscribe to (a former generator's): see feed-aliases.ts. */
      aliases: z.array(feedAlias).default([]),
      labels: z.strictObject({ category: z.string().min(1), tag: z.string().min(1), author: z.string().min(1).optional() }).optional(),
      /** The site's own page for each category / tag / author (the feeds' alternate link); default feedwright's page. */
      alternate: z.strictObject({ category: scopePagePattern.optional(), tag: scopePagePattern.optional(), author: scopePagePattern.optional() }).prefault({}),
      /** A feed and a page per author of a published post, under /authors/ (docs/guides/authors-media-podcasts.md). */
      authors: z.boolean().default(true),
      /** RSS and Atom name /rss.xsl and /atom.xsl, so a browser shows a readable page. */
      stylesheet: z.boolean().default(true),
      /**
       * RFC 5005 archive pages of every feed, `pageSize` posts each counted from the oldest (docs/reference/feeds.md
       * "History: archive pages"); full pages are served with `max-age=<maxAge>, immutable`.
       */
      archive: z
        .strictObject({
          enabled: z.boolean().default(true),
          pageSize: z.number().int().min(1).max(1000).default(50),
          /**
           * Which kinds of scope have archive pages besides the site's feeds: most of a built tree is the
           * tags' pages (docs/internals/performance.md "Archive pages"), which a site may not want.
           */
          taxonomies: z.array(z.enum(['category', 'tag', 'author'])).default(['category', 'tag', 'author']),
          maxAge: z.number().int().min(0).default(31_536_000),
        })
        .prefault({}),
    })
    .prefault({}),
  media: mediaSection,
  podcasts: podcastsSection,
  queries: queriesSection,
  subscribers: subscribersSection,
  opml: z
    .strictObject({
      /** Which format /feeds.opml lists; default atom (else the first of feeds.formats). */
      format: z.enum(FORMAT_NAMES).optional(),
    })
    .prefault({}),
  cache: z
    .strictObject({
      maxAge: z.number().int().min(0).default(300),
      staleWhileRevalidate: z.number().int().min(0).default(60),
    })
    .prefault({}),
  rescan: z
    .strictObject({
      /** Share of the published posts one rescan may drop; more is held back (1 turns the guard off). */
      maxDropShare: z.number().min(0).max(1).default(0.5),
      /** A held-back drop is published when this many rescans in a row find the same posts. */
      confirmAfter: z.number().int().min(1).max(1000).default(3),
      /**
       * Least time between the starts of two rescans, in ms. Triggers in between (a burst of webhooks, an
       * editor saving many files) join one queued rescan, so a burst costs at most two rescans a second.
       */
      minIntervalMs: z.number().int().min(0).max(3_600_000).default(1000),
    })
    .prefault({}),
  schedule: z
    .string()
    .refine((s) => isCronExpression(s), { message: 'must be a cron expression such as */5 * * * *' })
    .default('*/5 * * * *'),
  log: z
    .strictObject({
      level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
      /** One `request` line per response (method, path, status, bytes, ms), at info level. Off: a busy feed host makes many. */
      requests: z.boolean().default(false),
    })
    .prefault({}),
  server: z
    .strictObject({
      host: z.string().min(1).default('0.0.0.0'),
      port: z.number().int().min(0).max(65535).default(8080),
      /**
       * Reverse proxies whose X-Forwarded-For names the client (Express's `trust proxy`): how many hops,
       * or their addresses. Only the webhook's per-address limiter uses the client's address.
       */
      trustProxy: z.union([z.number().int().min(0).max(16), z.array(z.string().refine(isProxyAddress, PROXY_ADDRESS_HINT)).min(1)]).default(0),
    })
    .prefault({}),
  /** POST /hooks/rebuild. Without a secret the endpoint is off (404): never open by default. */
  webhook: z
    .strictObject({
      // Also FEEDWRIGHT_WEBHOOK_SECRET, which wins. Short secrets are guessable through the endpoint.
      secret: z.string().min(16, 'must be at least 16 characters (webhook.secret or FEEDWRIGHT_WEBHOOK_SECRET)').optional(),
      /** Failed authentications from one address: `failures` within `windowSeconds` → 429 for `blockSeconds`. */
      rateLimit: z
        .strictObject({
          failures: z.number().int().min(1).default(10),
          windowSeconds: seconds.default(60),
          blockSeconds: seconds.default(300),
          /** Addresses remembered at most; the oldest is forgotten first. */
          addresses: z.number().int().min(1).max(1_000_000).default(10_000),
        })
        .prefault({}),
    })
    .prefault({}),
  /** Rescan (debounced) when a file under posts.dir changes. */
  watch: z.boolean().default(false),
  /** WebSub publisher: feeds name these hubs, and each hub is told when a feed's bytes change. */
  websub: z
    .strictObject({
      hubs: z
        .array(endpointUrl)
        .refine((a) => new Set(a).size === a.length, { message: 'must not repeat a hub' })
        .default([]),
      /** Retries after a failed ping (network error, timeout, 408, 429, 5xx). */
      retries: z.number().int().min(0).max(10).default(4),
      /** Delay before the first retry; it doubles with each retry. */
      retryDelayMs: z.number().int().min(1).max(600_000).default(2000),
      timeoutMs: z.number().int().min(100).max(120_000).default(10_000),
    })
    .prefault({}),
  /**
   * `feedwright publish`: the tree uploaded to an S3-compatible bucket (docs/guides/bucket-and-cdn.md).
   * `target` is s3://bucket/prefix (the command's argument wins). `endpoint` is for MinIO, R2, Ceph…;
   * unset, AWS_ENDPOINT_URL_S3 then AWS_ENDPOINT_URL, else AWS itself. `pathStyle` unset: on when the
   * endpoint's host is an IP address or localhost (or FEEDWRIGHT_S3_PATH_STYLE=1). `gzip`: which paths are
   * stored gzip-compressed (a bucket cannot negotiate): true every text document, false none, or a list of
   * path patterns. `delete`: remove objects the site no longer has (--no-delete turns it off once).
   */
  publish: z
    .strictObject({
      target: z
        .string()
        .regex(/^s3:\/\/[^/]+/, 'must be s3://bucket or s3://bucket/prefix')
        .optional(),
      endpoint: endpointUrl.optional(),
      region: z.string().min(1).optional(),
      pathStyle: z.boolean().optional(),
      gzip: z.union([z.boolean(), z.array(z.string().min(1))]).default(true),
      delete: z.boolean().default(true),
      /** Uploads in flight at once. */
      concurrency: z.number().int().min(1).max(64).default(8),
      /** One S3 call (the manifest read, an upload, a deletion), the SDK's own quick retries included. */
      timeoutMs: z.number().int().min(100).max(600_000).default(30_000),
      /** Opening a connection to the store. */
      connectTimeoutMs: z.number().int().min(100).max(120_000).default(5_000),
      /** `serve` publishes to `target` after every rescan, in the background. */
      onRescan: z.boolean().default(false),
      /** Retries of a failed background publish (then the next rescan tries again); the delay doubles each time. */
      retries: z.number().int().min(0).max(10).default(3),
      retryDelayMs: z.number().int().min(1).max(600_000).default(5000),
      /**
       * CDN purge after each publish that changed objects, from `serve` (onRescan) and from `feedwright
       * publish` alike (publish/bucket/purge.ts): an HTTP request template (`{{urls}}`: the changed public
       * URLs as a JSON array, `{{env.NAME}}`: a variable), or a command that reads the URLs on stdin, one a
       * line. A failed attempt that may pass later is retried `retries` times, the delay doubling.
       */
      purge: z
        .union([
          z.strictObject({
            url: z.string().regex(/^https?:\/\/\S+$/, 'must be an http:// or https:// URL (templates allowed)'),
            method: z.enum(['POST', 'PUT', 'PATCH', 'DELETE', 'GET']).default('POST'),
            headers: z.record(z.string(), z.string()).default({}),
            body: z.string().optional(),
            batch: z.number().int().min(1).max(10_000).default(30),
            ...purgeTiming,
          }),
          z.strictObject({
            command: z
              .array(z.string())
              .min(1)
              .refine((argv) => argv[0] !== '', 'the first item is the program'),
            ...purgeTiming,
          }),
        ])
        .optional(),
    })
    .refine((p) => !p.onRescan || p.target !== undefined, { message: 'onRescan needs publish.target', path: ['onRescan'] })
    .prefault({}),
  /**
   * Several replicas behind a balancer, coordinated through Redis (docs/guides/replicas.md).
   * Without `redisUrl` (or FEEDWRIGHT_REDIS_URL, which wins) nothing is shared and Redis is never loaded.
   */
  cluster: z
    .strictObject({
      redisUrl: z
        .string()
        .refine((s) => URL.canParse(s) && /^rediss?:$/.test(new URL(s).protocol), { message: 'must be a redis:// or rediss:// URL' })
        .optional(),
      /** Prefix of every key and channel: several sites can share one Redis. */
      prefix: z
        .string()
        .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1–64 letters, digits, _ . or -')
        .default('feedwright'),
      /** A replica that has not refreshed its key for this long is no longer listed as live. */
      announceSeconds: z.number().int().min(1).max(300).default(10),
      /** `POST /hooks/rebuild?wait=all` answers 504 if some live replica has not swapped by then. */
      waitSeconds: z.number().int().min(1).max(600).default(30),
    })
    .prefault({}),
  /**
   * The warm-restart cache: what rescans learned, kept on disk so a restart over unchanged posts renders
   * nothing. `dir` is the root (one folder per site below it); unset, the loader picks systemd's
   * CACHE_DIRECTORY, then $XDG_CACHE_HOME/feedwright, then ~/.cache/feedwright. `maxBytes`: a larger
   * file is neither written nor read (the start is then cold, with one warning): 1 GiB, 20 times the
   * 51 MB of a 10,000-post site.
   */
  diskCache: z
    .strictObject({
      enabled: z.boolean().default(true),
      dir: z.string().min(1).optional(),
      maxBytes: z
        .number()
        .int()
        .positive()
        .default(1024 * 1024 * 1024),
    })
    .prefault({}),
});

export type ConfigInput = z.input<typeof configSchema>;
type Parsed = z.output<typeof configSchema>;

export interface Author {
  readonly name: string;
  readonly email?: string | undefined;
  readonly url?: string | undefined;
  /** A picture of the person (the authors data's `avatar`): JSON Feed's author avatar. */
  readonly avatar?: string | undefined;
}

/** The validated config, with every default filled in and paths made absolute. */
export type Config = DeepReadonly<
  Omit<Parsed, 'site' | 'feeds' | 'opml' | 'posts'> & {
    site: Omit<Parsed['site'], 'author'> & { author: Author };
    /**
     * posts.git gains `checkout`: the clone's own folder, in the cache folder's `git/` (posts.dir is in it),
     * and `formerCheckout`, where an older version kept it when the URL has credentials (see config/load.ts).
     */
    posts: Omit<Parsed['posts'], 'git'> & { git?: (NonNullable<Parsed['posts']['git']> & { checkout: string; formerCheckout?: string }) | undefined };
    feeds: Omit<Parsed['feeds'], 'baseUrl' | 'labels'> & {
      baseUrl: string;
      labels: { category: string; tag: string; author: string };
    };
    opml: { format: FormatName };
  }
>;

export type DeepReadonly<T> = T extends (infer U)[] ? readonly DeepReadonly<U>[] : T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> } : T;
