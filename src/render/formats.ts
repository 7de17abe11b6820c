// The table of output formats: routes, autodiscovery and OPML all read it (Hugo's output formats).
import type { Config, FormatName } from '../config/schema.js';
import { renderAtom } from './atom.js';
import { splice, type ContentKind, type PreparedContent, type Spliced } from './feed-document.js';
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
  /** Which prepared bytes of a post's content this format splices in. */
  readonly content: ContentKind;
  /** The document with `placeholder(i)` where item i's content goes. */
  readonly skeleton: (model: FeedModel) => string;
  readonly stylesheet: FeedStylesheet | undefined;
}

export const FORMATS: readonly FeedFormat[] = [
  {
    name: 'rss',
    file: FEED_FILES.rss,
    mediaType: 'application/rss+xml',
    label: 'RSS',
    content: 'xml',
    skeleton: renderRss,
    stylesheet: { file: STYLESHEET_FILES.rss, render: renderRssXsl },
  },
  {
    name: 'atom',
    file: FEED_FILES.atom,
    mediaType: 'application/atom+xml',
    label: 'Atom',
    content: 'xml',
    skeleton: renderAtom,
    stylesheet: { file: STYLESHEET_FILES.atom, render: renderAtomXsl },
  },
  {
    name: 'json',
    file: FEED_FILES.json,
    mediaType: 'application/feed+json',
    label: 'JSON Feed',
    content: 'json',
    skeleton: renderJsonFeed,
    stylesheet: undefined,
  },
];

export function formatsFor(names: readonly FormatName[]): FeedFormat[] {
  return FORMATS.filter((f) => names.includes(f.name));
}

/** A whole feed document: the format's skeleton with every item's content spliced in. */
export function renderFeed(format: FeedFormat, model: FeedModel, contents: readonly PreparedContent[]): Spliced {
  return splice(format.skeleton(model), format.content, contents);
}
