// The table of output formats: routes, autodiscovery and OPML all read it (Hugo's output formats).
import type { FormatName } from '../config/schema.js';
import { renderAtom } from './atom.js';
import { FEED_FILES, type FeedModel } from './feed-model.js';
import { renderJsonFeed } from './json-feed.js';
import { renderRss } from './rss.js';

export interface FeedFormat {
  readonly name: FormatName;
  /** File name inside a scope's folder. */
  readonly file: string;
  readonly mediaType: string;
  /** Human name, for links and page titles. */
  readonly label: string;
  readonly render: (model: FeedModel) => string;
}

export const FORMATS: readonly FeedFormat[] = [
  { name: 'rss', file: FEED_FILES.rss, mediaType: 'application/rss+xml', label: 'RSS', render: renderRss },
  { name: 'atom', file: FEED_FILES.atom, mediaType: 'application/atom+xml', label: 'Atom', render: renderAtom },
  { name: 'json', file: FEED_FILES.json, mediaType: 'application/feed+json', label: 'JSON Feed', render: renderJsonFeed },
];

export function formatsFor(names: readonly FormatName[]): FeedFormat[] {
  return FORMATS.filter((f) => names.includes(f.name));
}
