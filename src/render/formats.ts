// The table of output formats: routes, autodiscovery and OPML all read it (Hugo's output formats).
import type { Config, FormatName } from '../config/schema.js';
import { renderAtom } from './atom.js';
import { FEED_FILES, STYLESHEET_FILES, type FeedModel } from './feed-model.js';
import { renderJsonFeed } from './json-feed.js';
import { renderRss } from './rss.js';
import { renderAtomXsl } from './stylesheets/atom-xsl.js';
import { renderRssXsl } from './stylesheets/rss-xsl.js';

/** The XSLT stylesheet a browser shows a feed of this format with (XML formats only). */
export interface FeedStylesheet {
  /** File name at feedwright's root. */
  readonly file: string;
  readonly render: (config: Config) => string;
}

export interface FeedFormat {
  readonly name: FormatName;
  /** File name inside a scope's folder. */
  readonly file: string;
  readonly mediaType: string;
  /** Human name, for links and page titles. */
  readonly label: string;
  readonly render: (model: FeedModel) => string;
  readonly stylesheet: FeedStylesheet | undefined;
}

export const FORMATS: readonly FeedFormat[] = [
  {
    name: 'rss',
    file: FEED_FILES.rss,
    mediaType: 'application/rss+xml',
    label: 'RSS',
    render: renderRss,
    stylesheet: { file: STYLESHEET_FILES.rss, render: renderRssXsl },
  },
  {
    name: 'atom',
    file: FEED_FILES.atom,
    mediaType: 'application/atom+xml',
    label: 'Atom',
    render: renderAtom,
    stylesheet: { file: STYLESHEET_FILES.atom, render: renderAtomXsl },
  },
  { name: 'json', file: FEED_FILES.json, mediaType: 'application/feed+json', label: 'JSON Feed', render: renderJsonFeed, stylesheet: undefined },
];

export function formatsFor(names: readonly FormatName[]): FeedFormat[] {
  return FORMATS.filter((f) => names.includes(f.name));
}
