// The shape of config/feedwright.yaml, its defaults, and the checks that make a bad key fail at start.
import { validate as isCronExpression } from 'node-cron';
import { z } from 'zod';

const FORMAT_NAMES = ['rss', 'atom', 'json'] as const;

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
  z.string().min(1).transform((name) => ({ name })),
  z.strictObject({
    name: z.string().min(1),
    email: z.email().optional(),
    url: baseUrl.optional(),
  }),
]);

const nonEmptyStrings = z.array(z.string().min(1)).min(1);

/** Where a scope's own page is on the site: a path or URL with `:slug` or `:name`, resolved against site.url. */
const scopePagePattern = z
  .string()
  .regex(/^(\/|https?:\/\/)/i, 'must be a path starting with / or an http(s) URL')
  .regex(/:(slug|name)\b/, 'must contain :slug or :name');

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
  posts: z
    .strictObject({
      dir: z.string().min(1).default('posts'),
      include: nonEmptyStrings.default(['**/*.{md,markdown,html,htm,txt}']),
      exclude: z.array(z.string().min(1)).default([]),
      /** Extensions whose bodies are Markdown; the rest (html, htm) pass through as HTML. */
      markdown: z.array(z.string().regex(/^[A-Za-z0-9]+$/, 'an extension without the dot')).default(['md', 'markdown', 'txt']),
      maxBytes: z.number().int().positive().default(5 * 1024 * 1024),
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
      permalink: z
        .string()
        .regex(/^\//, 'must start with /')
        .default('/:categories/:year/:month/:day/:title/'),
      labels: z
        .strictObject({ category: z.string().min(1), tag: z.string().min(1) })
        .optional(),
      /** The site's own page for each category / tag (the feeds' alternate link); default feedwright's page. */
      alternate: z
        .strictObject({ category: scopePagePattern.optional(), tag: scopePagePattern.optional() })
        .prefault({}),
      /** RSS and Atom name /rss.xsl and /atom.xsl, so a browser shows a readable page. */
      stylesheet: z.boolean().default(true),
    })
    .prefault({}),
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
  schedule: z
    .string()
    .refine((s) => isCronExpression(s), { message: 'must be a cron expression such as */5 * * * *' })
    .default('*/5 * * * *'),
  log: z
    .strictObject({
      level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    })
    .prefault({}),
  server: z
    .strictObject({
      host: z.string().min(1).default('0.0.0.0'),
      port: z.number().int().min(0).max(65535).default(8080),
    })
    .prefault({}),
});

export type ConfigInput = z.input<typeof configSchema>;
type Parsed = z.output<typeof configSchema>;

export type FormatName = (typeof FORMAT_NAMES)[number];
export interface Author {
  readonly name: string;
  readonly email?: string | undefined;
  readonly url?: string | undefined;
}

/** The validated config, with every default filled in and paths made absolute. */
export type Config = DeepReadonly<
  Omit<Parsed, 'site' | 'feeds' | 'opml'> & {
    site: Omit<Parsed['site'], 'author'> & { author: Author };
    feeds: Omit<Parsed['feeds'], 'baseUrl' | 'labels'> & {
      baseUrl: string;
      labels: { category: string; tag: string };
    };
    opml: { format: FormatName };
  }
>;

export type DeepReadonly<T> = T extends (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;
