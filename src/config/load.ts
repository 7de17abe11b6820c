// Reads config/feedwright.yaml (and a Jekyll site's _config.yml: jekyll.ts), applies FEEDWRIGHT_*, PORT, HOST and LOG_LEVEL, validates once and freezes it.
// The only module that reads the environment.
import { isUtf8 } from 'node:buffer';
import { existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';
import type { z } from 'zod';
import { ConfigError, FileTooLargeError } from '../errors.js';
import { readBoundedSync } from '../read-bounded.js';
import { splitUserinfo } from '../secrets.js';
import { aliasClash } from './alias-clash.js';
import { configFromJekyll, type DerivedConfig } from './jekyll.js';
import { podcastOwnerProblem } from './podcast-owner.js';
import { renameDeprecated } from './renamed.js';
import { configSchema, type Author, type Config } from './schema.js';

export const DEFAULT_CONFIG_PATH = 'config/feedwright.yaml';

export interface LoadOptions {
  /** Environment to read FEEDWRIGHT_* and PORT from; tests pass their own. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly cwd?: string;
  /** Values from command-line flags; they win over the file and the environment. */
  readonly overrides?: { configPath?: string; siteDir?: string; postsDir?: string; siteUrl?: string; port?: number; host?: string };
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

/** The config, and where each key set came from (`feedwright check --explain`). */
export interface ExplainedConfig {
  readonly config: Config;
  /** Dotted key → its source: a file and key, an environment variable, a flag. Unlisted keys are defaults. */
  readonly origins: ReadonlyMap<string, string>;
}

export function loadConfig(options: LoadOptions = {}): Config {
  return loadExplainedConfig(options).config;
}

export function loadExplainedConfig(options: LoadOptions = {}): ExplainedConfig {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const warn = options.warn ?? deprecationWarning;
  const origins = new Map<string, string>();
  const site = findSite(options, env, cwd);
  const explicit = site?.ownConfig ?? (site ? undefined : (options.overrides?.configPath ?? env.FEEDWRIGHT_CONFIG));
  const file = path.resolve(cwd, explicit ?? DEFAULT_CONFIG_PATH);
  // The embedded defaults are a complete config; a missing file is only an error when it was asked for.
  const hasFile = explicit !== undefined || (!site && existsSync(file));
  const source = hasFile ? file : site ? (site.file ?? site.root) : '(embedded defaults)';

  // Jekyll's keys first, then a `feedwright:` section in _config.yml, then feedwright's own file: the
  // more a file is feedwright's, the more it wins.
  let raw: Record<string, unknown> = {};
  if (site) {
    const jekyll = readJekyllSite(site, env);
    raw = jekyll.raw;
    for (const [key, origin] of jekyll.origins) origins.set(key, origin);
  }
  if (hasFile) {
    const own = renameDeprecated(readYaml(file), file, warn);
    raw = mergeKeys(raw, own, file, origins);
  }

  const port = options.overrides?.port ?? parsePort(env.PORT);
  const postsDir = options.overrides?.postsDir ?? env.FEEDWRIGHT_POSTS_DIR;
  const siteUrl = options.overrides?.siteUrl ?? env.FEEDWRIGHT_SITE_URL;
  const host = options.overrides?.host ?? (env.HOST || undefined);
  const merged = withOverrides(raw, source, {
    port,
    host,
    siteUrl,
    logLevel: env.LOG_LEVEL || undefined,
    // An empty variable is unset, as for LOG_LEVEL: `FOO= cmd` must not become a secret of "".
    webhookSecret: env.FEEDWRIGHT_WEBHOOK_SECRET || undefined,
    redisUrl: env.FEEDWRIGHT_REDIS_URL || undefined,
  });
  const flag = (key: string, value: unknown, name: string): void => void (value !== undefined && origins.set(key, name));
  flag('server.port', port, options.overrides?.port !== undefined ? '--port' : 'PORT');
  flag('server.host', host, options.overrides?.host !== undefined ? '--host' : 'HOST');
  flag('site.url', siteUrl, options.overrides?.siteUrl !== undefined ? '--site-url' : 'FEEDWRIGHT_SITE_URL');
  flag('posts.dir', postsDir, options.overrides?.postsDir !== undefined ? '--posts' : 'FEEDWRIGHT_POSTS_DIR');
  flag('log.level', env.LOG_LEVEL || undefined, 'LOG_LEVEL');
  flag('webhook.secret', env.FEEDWRIGHT_WEBHOOK_SECRET || undefined, 'FEEDWRIGHT_WEBHOOK_SECRET');
  flag('cluster.redisUrl', env.FEEDWRIGHT_REDIS_URL || undefined, 'FEEDWRIGHT_REDIS_URL');

  const result = configSchema.safeParse(merged);
  if (!result.success) throw new ConfigError(describeIssues(source, result.error.issues, origins));
  const parsed = result.data;
  const opmlFormat = parsed.opml.format ?? (parsed.feeds.formats.includes('atom') ? 'atom' : parsed.feeds.formats[0]);
  if (opmlFormat === undefined || !parsed.feeds.formats.includes(opmlFormat)) {
    throw new ConfigError(`${source}: invalid config\n  opml.format: must be one of feeds.formats (${parsed.feeds.formats.join(', ')})`);
  }
  if (parsed.subscribers.page === 'secret' && parsed.webhook.secret === undefined) {
    throw new ConfigError(
      `${source}: invalid config\n  subscribers.page${fromNote('subscribers.page', source, origins)}: secret needs webhook.secret (or FEEDWRIGHT_WEBHOOK_SECRET)`,
    );
  }
  const clash = aliasClash(parsed.feeds.aliases);
  if (clash) throw new ConfigError(`${source}: invalid config\n  ${clash.key}${fromNote(clash.key, source, origins)}: ${clash.why}`);

  // Paths in the file are relative to the file (like tsconfig); paths from the environment to the shell;
  // a Jekyll site's posts are its root.
  const ownDir = (merged.posts as { dir?: unknown } | undefined)?.dir !== undefined && hasFile;
  const cache = cacheRoot(env, parsed.diskCache.dir === undefined ? undefined : path.resolve(hasFile ? path.dirname(file) : cwd, parsed.diskCache.dir));
  const cacheDir = cache?.dir;
  // `check --explain` names where the folder came from: a variable systemd or the shell set is not a default.
  if (cache && cache.origin !== 'config') origins.set('diskCache.dir', cache.origin);
  if (env.FEEDWRIGHT_CACHE_DIR === 'off') origins.set('diskCache.enabled', 'FEEDWRIGHT_CACHE_DIR=off');
  // The checkout's folder is named here once; posts.dir is derived from it, never the other way round.
  const git = parsed.posts.git && { ...parsed.posts.git, ...gitCheckoutDirs(cacheDir ?? path.join(os.tmpdir(), 'feedwright'), parsed.posts.git) };
  const dir =
    git !== undefined
      ? path.join(git.checkout, git.subdir)
      : postsDir !== undefined
        ? path.resolve(cwd, postsDir)
        : site && !ownDir
          ? site.root
          : path.resolve(hasFile ? path.dirname(file) : cwd, parsed.posts.dir);
  if (git) origins.set('posts.dir', 'the checkout of posts.git');
  if (site && postsDir === undefined && !ownDir) origins.set('posts.dir', `the Jekyll site's root`);

  const unset = [
    ...(hasFile || site ? [] : [`no config file at ${file}: the built-in defaults apply (site.title "${parsed.site.title}", posts.dir ${dir}, …)`]),
    ...((merged.site as { url?: unknown } | undefined)?.url === undefined
      ? [
          `site.url is not set: feeds and pages link to ${parsed.site.url} (set ${site ? 'url in _config.yml, ' : ''}site.url, FEEDWRIGHT_SITE_URL or --site-url)`,
        ]
      : []),
    // Jekyll's rule, kept for the same links and dates; but two machines in two zones would then differ.
    ...(origins.get('timezone')?.startsWith("the machine's")
      ? [
          `timezone is not set: dates without an offset are read in this machine's zone, ${parsed.timezone}, as Jekyll does (set timezone in _config.yml for the same feeds on every machine)`,
        ]
      : []),
  ];
  if (unset.length > 0) options.defaults?.(unset.join('; '));

  const siteAuthor: Author = parsed.site.author ?? { name: parsed.site.title };
  const owner = podcastOwnerProblem(parsed.podcasts, siteAuthor);
  if (owner) throw new ConfigError(`${source}: invalid config\n  ${owner}`);
  // media.dir: relative to the file, as posts.dir; a Jekyll site's files are its root.
  const mediaDir =
    parsed.media.dir !== undefined ? path.resolve(hasFile ? path.dirname(file) : cwd, parsed.media.dir) : parsed.posts.layout === 'jekyll' ? dir : undefined;
  // Values derived from another key: --explain names that key rather than calling them defaults.
  if (parsed.feeds.baseUrl === undefined) origins.set('feeds.baseUrl', `site.url${originOf('site.url', origins) ? ` (${originOf('site.url', origins)})` : ''}`);
  if (parsed.media.dir === undefined && mediaDir !== undefined) origins.set('media.dir', "the Jekyll site's root");
  const config: Config = {
    ...parsed,
    site: { ...parsed.site, author: siteAuthor },
    posts: { ...parsed.posts, dir, git },
    feeds: {
      ...parsed.feeds,
      baseUrl: parsed.feeds.baseUrl ?? parsed.site.url,
      // A config from before author feeds names only category and tag.
      labels: { ...labelsFor(parsed.site.language), ...withoutUnset(parsed.feeds.labels ?? {}) },
    },
    media: { ...parsed.media, dir: mediaDir },
    opml: { format: opmlFormat },
    diskCache: {
      enabled: parsed.diskCache.enabled && env.FEEDWRIGHT_CACHE_DIR !== 'off',
      dir: cacheDir,
      maxBytes: parsed.diskCache.maxBytes,
    },
  };
  return { config: deepFreeze(config), origins };
}

/**
 * Where posts.git is checked out: in the cache folder, one folder per repository and branch (a second
 * site with the same repository and branch shares it, which is safe: both only read it between fetches).
 * Named after the URL without its credentials, so that a new password finds the same checkout;
 * `formerCheckout` is where versions that named it after the whole URL put it (moved at the next start).
 */
export function gitCheckoutDirs(cacheDir: string, git: { readonly url: string; readonly branch: string }): { checkout: string; formerCheckout?: string } {
  const dir = (url: string): string => path.join(cacheDir, 'git', createHash('sha256').update(`${url}\n${git.branch}`).digest('hex').slice(0, 16));
  const clean = splitUserinfo(git.url).url;
  return clean === git.url ? { checkout: dir(clean) } : { checkout: dir(clean), formerCheckout: dir(git.url) };
}

/** A Jekyll site to read: its root, its _config.yml if it has one, and feedwright's own file beside it. */
interface SiteRoot {
  readonly root: string;
  readonly file: string | undefined;
  readonly ownConfig: string | undefined;
}

const JEKYLL_CONFIG = /^_config\.ya?ml$/;

/**
 * Whether this run reads a Jekyll site: `--site <dir>` (or FEEDWRIGHT_SITE), a `--config` naming a
 * _config.yml, or, with no config of feedwright's, a _config.yml in the working folder.
 */
function findSite(options: LoadOptions, env: NonNullable<LoadOptions['env']>, cwd: string): SiteRoot | undefined {
  const explicit = options.overrides?.configPath ?? env.FEEDWRIGHT_CONFIG;
  const siteDir = options.overrides?.siteDir ?? env.FEEDWRIGHT_SITE;
  const configIn = (root: string): string | undefined => ['_config.yml', '_config.yaml'].map((n) => path.join(root, n)).find((f) => existsSync(f));
  if (explicit !== undefined && JEKYLL_CONFIG.test(path.basename(explicit))) {
    const file = path.resolve(cwd, explicit);
    const root = siteDir !== undefined ? path.resolve(cwd, siteDir) : path.dirname(file);
    return { root, file, ownConfig: undefined };
  }
  if (siteDir !== undefined) {
    const root = path.resolve(cwd, siteDir);
    // Only a file asked for: a config/feedwright.yaml where the command runs may be another site's.
    return { root, file: configIn(root), ownConfig: explicit };
  }
  if (explicit === undefined && !existsSync(path.resolve(cwd, DEFAULT_CONFIG_PATH))) {
    const file = configIn(cwd);
    if (file) return { root: cwd, file, ownConfig: undefined };
  }
  return undefined;
}

function readJekyllSite(site: SiteRoot, env: NonNullable<LoadOptions['env']>): DerivedConfig {
  const data = site.file ? readYaml(site.file) : {};
  const authorsFile = ['authors.yml', 'authors.yaml'].map((n) => path.join(site.root, '_data', n)).find((f) => existsSync(f));
  const derived = configFromJekyll({
    file: site.file,
    data,
    authors: authorsFile ? readYaml(authorsFile, true) : undefined,
    machineZone: machineZone(env),
  });
  // feedwright's own keys may sit in _config.yml under `feedwright:`, checked as strictly as its own file.
  const own = data.feedwright;
  if (own === undefined || own === null) return derived;
  if (typeof own !== 'object' || Array.isArray(own)) throw new ConfigError(`${site.file}: feedwright: must be a map of feedwright's keys`);
  const origins = new Map(derived.origins);
  const raw = mergeKeys(derived.raw, own as Record<string, unknown>, `${site.file}: feedwright`, origins);
  return { raw, origins };
}

/** The zone Ruby reads a date without an offset in: TZ when it names one, else the system's. */
function machineZone(env: NonNullable<LoadOptions['env']>): string {
  const tz = env.TZ?.replace(/^:/, '');
  if (tz) {
    try {
      return new Intl.DateTimeFormat('en-US', { timeZone: tz }).resolvedOptions().timeZone;
    } catch {
      // Not a zone name Intl knows (a POSIX rule): fall through to what the process resolved.
    }
  }
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** `over` laid on `base` key by key (sections merged, lists and values replaced); origins noted per key. */
function mergeKeys(
  base: Record<string, unknown>,
  over: Record<string, unknown>,
  origin: string,
  origins: Map<string, string>,
  prefix = '',
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const dotted = prefix + key;
    const below = out[key];
    // Defined, not assigned: a `__proto__` key must stay a key (and an unknown one), not a prototype.
    const set = (v: unknown): void => void Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
    if (isMap(value) && isMap(below) && prefix === '') {
      set(mergeKeys(below, value, origin, origins, `${dotted}.`));
    } else {
      set(value);
      if (isMap(value)) for (const sub of Object.keys(value)) origins.set(`${dotted}.${sub}`, origin);
      else origins.set(dotted, origin);
    }
  }
  return out;
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Where a key was set: its own origin, else its nearest section's; undefined for a default. */
export function originOf(key: string, origins: ReadonlyMap<string, string>): string | undefined {
  for (let k = key; k !== ''; k = k.includes('.') ? k.slice(0, k.lastIndexOf('.')) : '') {
    const origin = origins.get(k);
    if (origin) return origin;
  }
  return undefined;
}

/**
 * The most of a config file, _config.yml or _data file that is read: theirs are a few KiB; one grown by
 * mistake (a log appended, a generated file) is named in an error before it fills the memory.
 */
const YAML_MAX_BYTES = 4 * 1024 * 1024;

function readYaml(file: string, anyShape = false): Record<string, unknown> {
  let bytes: Buffer;
  try {
    bytes = readBoundedSync(file, YAML_MAX_BYTES);
  } catch (err) {
    if (err instanceof FileTooLargeError) {
      throw new ConfigError(`${file}: the file is ${err.size} bytes, over the ${YAML_MAX_BYTES} bytes (4 MiB) feedwright reads of a config or data file`);
    }
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
  if (anyShape) return data as Record<string, unknown>;
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new ConfigError(`${file}: the config file must be a map of keys to values`);
  }
  return data as Record<string, unknown>;
}

/**
 * Where the warm-restart cache lives: FEEDWRIGHT_CACHE_DIR, else the config's diskCache.dir, else the
 * folder systemd made (CacheDirectory=, in $CACHE_DIRECTORY; the first of several), else the XDG cache
 * folder; with where it came from, for `check --explain`. Undefined when none can be known (no HOME): the
 * service then runs without the cache.
 */
function cacheRoot(env: LoadOptions['env'] & object, configured: string | undefined): { dir: string; origin: string } | undefined {
  const fromEnv = env.FEEDWRIGHT_CACHE_DIR;
  if (fromEnv && fromEnv !== 'off') return { dir: path.resolve(fromEnv), origin: 'FEEDWRIGHT_CACHE_DIR' };
  if (configured) return { dir: configured, origin: 'config' };
  const systemd = env.CACHE_DIRECTORY?.split(':')[0];
  if (systemd) return { dir: systemd, origin: "CACHE_DIRECTORY (systemd's CacheDirectory=)" };
  if (env.XDG_CACHE_HOME) return { dir: path.join(env.XDG_CACHE_HOME, 'feedwright'), origin: 'XDG_CACHE_HOME' };
  return env.HOME ? { dir: path.join(env.HOME, '.cache', 'feedwright'), origin: 'HOME (~/.cache/feedwright)' } : undefined;
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
  o: {
    port: number | undefined;
    host: string | undefined;
    siteUrl: string | undefined;
    logLevel: string | undefined;
    webhookSecret: string | undefined;
    redisUrl: string | undefined;
  },
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
  if (o.redisUrl !== undefined) out.cluster = { ...section('cluster'), redisUrl: o.redisUrl };
  return out;
}

/** ` (from <origin>)` for a config error's key, when that is not the file the message names already (a _config.yml key). */
function fromNote(key: string, source: string, origins: ReadonlyMap<string, string>): string {
  const o = originOf(key, origins);
  return o === undefined || o === source ? '' : ` (from ${o})`;
}

function describeIssues(source: string, issues: readonly z.core.$ZodIssue[], origins: ReadonlyMap<string, string>): string {
  const from = (key: string): string => fromNote(key, source, origins);
  const lines = issues.map((issue) => {
    const key = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((k) => `${key ? `${key}.` : ''}${k}${from(key ? `${key}.${k}` : k)}: unknown key`).join('\n  ');
    }
    return `${key || '(top level)'}${from(key)}: ${issue.message}`;
  });
  return `${source}: invalid config\n  ${lines.join('\n  ')}`;
}

/** Scope names in feed titles follow the site's language; feeds.labels overrides them. */
function labelsFor(language: string): { category: string; tag: string; author: string } {
  const lang = language.toLowerCase();
  if (lang.startsWith('zh')) return { category: '分类', tag: '标签', author: '作者' };
  if (lang.startsWith('ja')) return { category: 'カテゴリー', tag: 'タグ', author: '著者' };
  return { category: 'Category', tag: 'Tag', author: 'Author' };
}

/** The keys that are set: a label left out keeps the language's. */
function withoutUnset<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
