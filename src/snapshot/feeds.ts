// Which paths are feeds (a scope's folder + a format's file: `/rss.xml`, `/tags/x/feed.json`), as opposed
// to any other document a snapshot may hold. WebSub pings, webhook reports and metrics go by this.
import type { Config } from '../config/schema.js';
import { publicUrl } from '../render/urls.js';
import { FORMATS } from '../render/formats.js';

// Feed URLs are fixed (issue #3): the file names of the formats end every feed path and nothing else.
const FEED_SUFFIXES = FORMATS.map((f) => `/${f.file}`);

export function isFeedPath(path: string): boolean {
  return FEED_SUFFIXES.some((suffix) => path.endsWith(suffix));
}

export function countFeeds(paths: Iterable<string>): number {
  let n = 0;
  for (const path of paths) if (isFeedPath(path)) n++;
  return n;
}

/** Absolute public URLs of the feeds among `changed` paths (removed feeds included: their bytes changed too). */
export function changedFeedUrls(changed: readonly string[], config: Config): string[] {
  return changed.filter(isFeedPath).map((path) => publicUrl(config, path));
}
