// The posts stage's options, from the config: what the scanner, the reader and the pool's workers use.
import type { Config } from '../config/schema.js';
import type { ScanOptions } from './scan.js';

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
