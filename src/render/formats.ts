// The table of output formats: routes, autodiscovery and OPML all read it (Hugo's output formats).
import type { Config } from '../config/schema.js';
import { FORMAT_TABLE, type FormatName } from '../format-table.js';
import { renderAtom } from './atom.js';
import { cutJson, cutXml, type Cut } from './feed-cut.js';
import {
  assemble,
  contentPiece,
  itemPiecesOf,
  piece,
  type ContentKind,
  type ItemPieces,
  type Piece,
  type PreparedContent,
  type Spliced,
} from './feed-document.js';
import type { FeedItem, FeedModel } from './feed-model.js';
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

/** How a format is rendered: what its row in src/format-table.ts cannot say. */
interface Renderer {
  /** The document with `placeholder(i)` where item i's content goes. */
  readonly skeleton: (model: FeedModel) => string;
  /** Cuts a skeleton into head, items and tail (feed-cut.ts). */
  readonly cut: (skeleton: string) => Cut;
  /** What stands between two items. */
  readonly joiner: string;
  /** Renders the row's stylesheet, for formats that have one. */
  readonly stylesheet?: (config: Config) => string;
}

/** A row of the formats table with its renderer. */
export interface FeedFormat extends Omit<Renderer, 'stylesheet'> {
  readonly name: FormatName;
  readonly file: string;
  readonly mediaType: string;
  readonly label: string;
  readonly content: ContentKind;
  readonly stylesheet: FeedStylesheet | undefined;
}

// One renderer per row: a name missing here is a type error.
const RENDERERS: Readonly<Record<FormatName, Renderer>> = {
  rss: { skeleton: renderRss, cut: (doc) => cutXml(doc, '\n        <item>', '\n    </channel>'), joiner: '', stylesheet: renderRssXsl },
  atom: { skeleton: renderAtom, cut: (doc) => cutXml(doc, '\n    <entry>', '\n</feed>'), joiner: '', stylesheet: renderAtomXsl },
  json: { skeleton: renderJsonFeed, cut: cutJson, joiner: ',' },
};

export const FORMATS: readonly FeedFormat[] = FORMAT_TABLE.map((row): FeedFormat => {
  const { stylesheet, ...renderer } = RENDERERS[row.name];
  return {
    ...row,
    ...renderer,
    stylesheet: row.stylesheet !== undefined && stylesheet ? { file: row.stylesheet, render: stylesheet } : undefined,
  };
});

export function formatsFor(names: readonly FormatName[]): FeedFormat[] {
  return FORMATS.filter((f) => names.includes(f.name));
}

/** A feed's own bytes around its items: rendered with one stand-in item, which is cut away. */
export interface FeedShell {
  readonly head: Piece;
  readonly tail: Piece;
}

export function feedShell(format: FeedFormat, model: FeedModel): FeedShell {
  const standIn: FeedItem = {
    id: model.selfUrls[format.name],
    link: model.alternate,
    title: '',
    published: model.updated,
    updated: model.updated,
    author: model.author,
    categories: [],
    summary: '',
    // With content, so the head declares the content: and dc: namespaces whatever the items carry.
    hasContent: true,
    image: undefined,
  };
  const cut = format.cut(format.skeleton({ ...model, items: [standIn] }));
  return { head: piece(cut.head), tail: piece(cut.tail) };
}

// A rendering costs `feed` a whole document, so one per item is wasteful; but its XML writer slows down
// per item on big trees, so thousands at once cost more than a few dozen at a time (npm run bench).
const ITEMS_PER_RENDERING = 25;

/** Items rendered a few dozen at a time and cut apart; item i's text is the same in any feed. */
export function renderItems(format: FeedFormat, model: FeedModel, items: readonly FeedItem[]): ItemPieces[] {
  const pieces: ItemPieces[] = [];
  for (let start = 0; start < items.length; start += ITEMS_PER_RENDERING) {
    const batch = items.slice(start, start + ITEMS_PER_RENDERING);
    const cut = format.cut(format.skeleton({ ...model, items: batch }));
    if (cut.items.length !== batch.length) throw new Error(`cut ${cut.items.length} items out of ${batch.length}`);
    for (const text of cut.items) pieces.push(itemPiecesOf(text, format.content));
  }
  return pieces;
}

/** A feed from its shell, its items' pieces and their contents. */
export function assembleFeed(format: FeedFormat, shell: FeedShell, items: readonly ItemPieces[], contents: readonly PreparedContent[]): Spliced {
  const joiner = piece(format.joiner);
  const pieces: Piece[] = [shell.head];
  items.forEach((item, i) => {
    const content = contents[i];
    if (!content) throw new Error(`no content for item ${i}`);
    if (i > 0 && format.joiner) pieces.push(joiner);
    if (item.bare) pieces.push(item.before);
    else pieces.push(item.before, contentPiece(content, format.content), item.after);
  });
  pieces.push(shell.tail);
  return assemble(pieces);
}

/** A whole feed document, rendered at once (tests, and anything without an item cache). */
export function renderFeed(format: FeedFormat, model: FeedModel, contents: readonly PreparedContent[]): Spliced {
  return assembleFeed(format, feedShell(format, model), renderItems(format, model, model.items), contents);
}
