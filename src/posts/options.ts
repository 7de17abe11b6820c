// The posts stage's options, made from the config once: what the scanner, the reader and the pool's
// workers use.
import type { Config } from '../config/schema.js';

export interface ReadOptions {
  readonly timeZone: string;
  /** Absolute site URL ending in `/`; links and ids are resolved against it. */
  readonly siteUrl: string;
  readonly permalink: string;
  /** Extensions (lower case, no dot) whose bodies are Markdown. */
  readonly markdown: readonly string[];
}

export interface ScanOptions {
  readonly dir: string;
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  readonly maxBytes: number;
  readonly read: ReadOptions;
}

export function scanOptionsFrom(config: Config): ScanOptions {
  return {
    dir: config.posts.dir,
    include: config.posts.include,
    exclude: config.posts.exclude,
    maxBytes: config.posts.maxBytes,
    read: {
      timeZone: config.timezone,
      siteUrl: config.site.url,
      permalink: config.feeds.permalink,
      markdown: config.posts.markdown.map((e) => e.toLowerCase()),
    },
  };
}
