// Reads config/feedwright.yaml, applies FEEDWRIGHT_*, PORT, HOST and LOG_LEVEL, validates once and freezes it.
// The only module that reads the environment.
import { isUtf8 } from 'node:buffer';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import type { z } from 'zod';
import { ConfigError } from '../errors.js';
import { renameDeprecated } from './renamed.js';
import { configSchema, type Config } from './schema.js';

export const DEFAULT_CONFIG_PATH = 'config/feedwright.yaml';

export interface LoadOptions {
  /** Environment to read FEEDWRIGHT_* and PORT from; tests pass their own. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly cwd?: string;
  /** Values from command-line flags; they win over the file and the environment. */
  readonly overrides?: { configPath?: string; postsDir?: string; siteUrl?: string; port?: number; host?: string };
  /** Hears of renamed keys still used (default: a process DeprecationWarning); tests pass their own. */
  readonly warn?: (message: string) => void;
  /**
   * Hears, in one message, which defaults stand in for what nobody set: no config file, or no site.url
   * (every link would point at http://localhost:8080/). The server logs it as a warning.
   */
  readonly defaults?: (message: string) => void;
}

/** Node's own channel for deprecations: printed once to stderr, and `--no-deprecation` silences it. */
function deprecationWarning(message: string): void {
  process.emitWarning(message, { type: 'DeprecationWarning', code: 'FW_CONFIG_DEPRECATED' });
}

export function loadConfig(options: LoadOptions = {}): Config {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const explicit = options.overrides?.configPath ?? env.FEEDWRIGHT_CONFIG;
  const file = path.resolve(cwd, explicit ?? DEFAULT_CONFIG_PATH);
  // The embedded defaults are a complete config; a missing file is only an error when it was asked for.
  const source = explicit !== undefined || existsSync(file) ? file : '(embedded defaults)';
  const raw = renameDeprecated(source === file ? readYaml(file) : {}, source, options.warn ?? deprecationWarning);

  const port = options.overrides?.port ?? parsePort(env.PORT);
  const postsDir = options.overrides?.postsDir ?? env.FEEDWRIGHT_POSTS_DIR;
  const siteUrl = options.overrides?.siteUrl ?? env.FEEDWRIGHT_SITE_URL;
  const merged = withOverrides(raw, source, {
    port,
    host: options.overrides?.host ?? (env.HOST || undefined),
    siteUrl,
    logLevel: env.LOG_LEVEL || undefined,
    // An empty variable is unset, as for LOG_LEVEL: `FOO= cmd` must not become a secret of "".
    webhookSecret: env.FEEDWRIGHT_WEBHOOK_SECRET || undefined,
  });

  const result = configSchema.safeParse(merged);
  if (!result.success) throw new ConfigError(describeIssues(source, result.error.issues));
  const parsed = result.data;
  const opmlFormat = parsed.opml.format ?? (parsed.feeds.formats.includes('atom') ? 'atom' : parsed.feeds.formats[0]);
  if (opmlFormat === undefined || !parsed.feeds.formats.includes(opmlFormat)) {
    throw new ConfigError(`${source}: invalid config\n  opml.format: must be one of feeds.formats (${parsed.feeds.formats.join(', ')})`);
  }

  // Paths in the file are relative to the file (like tsconfig); paths from the environment to the shell.
  const dir =
    postsDir !== undefined
      ? path.resolve(cwd, postsDir)
      : path.resolve(source === file ? path.dirname(file) : cwd, parsed.posts.dir);

  const unset = [
    ...(source === file
      ? []
      : [`no config file at ${file}: the built-in defaults apply (site.title "${parsed.site.title}", posts.dir ${dir}, …)`]),
    ...((merged.site as { url?: unknown } | undefined)?.url === undefined
      ? [`site.url is not set: feeds and pages link to ${parsed.site.url} (set site.url, FEEDWRIGHT_SITE_URL or --site-url)`]
      : []),
  ];
  if (unset.length > 0) options.defaults?.(unset.join('; '));

  const config: Config = {
    ...parsed,
    site: { ...parsed.site, author: parsed.site.author ?? { name: parsed.site.title } },
    posts: { ...parsed.posts, dir },
    feeds: {
      ...parsed.feeds,
      baseUrl: parsed.feeds.baseUrl ?? parsed.site.url,
      labels: parsed.feeds.labels ?? labelsFor(parsed.site.language),
    },
    opml: { format: opmlFormat },
    diskCache: {
      enabled: parsed.diskCache.enabled && env.FEEDWRIGHT_CACHE_DIR !== 'off',
      dir: cacheRoot(env, parsed.diskCache.dir === undefined ? undefined : path.resolve(source === file ? path.dirname(file) : cwd, parsed.diskCache.dir)),
    },
  };
  return deepFreeze(config);
}

function readYaml(file: string): Record<string, unknown> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    throw new ConfigError(`${file}: cannot read the config file (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  // Read as UTF-8 anyway, a Latin-1 `café` would become a title with U+FFFD in every feed.
  if (!isUtf8(bytes)) throw new ConfigError(`${file}: the config file is not UTF-8 text; save it as UTF-8`);
  const text = bytes.toString('utf8');
  let data: unknown;
  try {
    data = yaml.load(text, { schema: yaml.CORE_SCHEMA, filename: file });
  } catch (err) {
    const mark = (err as { mark?: { line: number } }).mark;
    const where = mark ? `${file}:${mark.line + 1}` : file;
    throw new ConfigError(`${where}: the config file is not valid YAML: ${(err as { reason?: string }).reason ?? String(err)}`);
  }
  if (data === undefined || data === null) return {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new ConfigError(`${file}: the config file must be a map of keys to values`);
  }
  return data as Record<string, unknown>;
}

/**
 * Where the warm-restart cache lives: FEEDWRIGHT_CACHE_DIR, else the config's diskCache.dir, else the
 * folder systemd made (CacheDirectory=, in $CACHE_DIRECTORY; the first of several), else the XDG cache
 * folder. Undefined when none can be known (no HOME): the service then runs without the cache.
 */
function cacheRoot(env: LoadOptions['env'] & object, configured: string | undefined): string | undefined {
  const fromEnv = env.FEEDWRIGHT_CACHE_DIR;
  if (fromEnv && fromEnv !== 'off') return path.resolve(fromEnv);
  if (configured) return configured;
  const systemd = env.CACHE_DIRECTORY?.split(':')[0];
  if (systemd) return systemd;
  const xdg = env.XDG_CACHE_HOME || (env.HOME ? path.join(env.HOME, '.cache') : undefined);
  return xdg ? path.join(xdg, 'feedwright') : undefined;
}

function parsePort(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`PORT: must be a whole number from 0 to 65535, got ${JSON.stringify(value)}`);
  }
  return port;
}

function withOverrides(
  raw: Record<string, unknown>,
  source: string,
  o: { port: number | undefined; host: string | undefined; siteUrl: string | undefined; logLevel: string | undefined; webhookSecret: string | undefined },
): Record<string, unknown> {
  const section = (key: string): Record<string, unknown> => {
    const value = raw[key];
    if (value === undefined || value === null) return {};
    // Leave a wrong type for the schema to report with its key.
    if (typeof value !== 'object' || Array.isArray(value)) throw new ConfigError(`${source}: ${key}: must be a map`);
    return value as Record<string, unknown>;
  };
  const out: Record<string, unknown> = { ...raw };
  if (o.port !== undefined || o.host !== undefined) {
    out.server = { ...section('server'), ...(o.port !== undefined ? { port: o.port } : {}), ...(o.host !== undefined ? { host: o.host } : {}) };
  }
  if (o.siteUrl !== undefined) out.site = { ...section('site'), url: o.siteUrl };
  if (o.logLevel !== undefined) out.log = { ...section('log'), level: o.logLevel };
  if (o.webhookSecret !== undefined) out.webhook = { ...section('webhook'), secret: o.webhookSecret };
  return out;
}

function describeIssues(source: string, issues: readonly z.core.$ZodIssue[]): string {
  const lines = issues.map((issue) => {
    const key = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((k) => `${key ? `${key}.` : ''}${k}: unknown key`).join('\n  ');
    }
    return `${key || '(top level)'}: ${issue.message}`;
  });
  return `${source}: invalid config\n  ${lines.join('\n  ')}`;
}

/** Scope names in feed titles follow the site's language; feeds.labels overrides them. */
function labelsFor(language: string): { category: string; tag: string } {
  const lang = language.toLowerCase();
  if (lang.startsWith('zh')) return { category: '分类', tag: '标签' };
  if (lang.startsWith('ja')) return { category: 'カテゴリー', tag: 'タグ' };
  return { category: 'Category', tag: 'Tag' };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
