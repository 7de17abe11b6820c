// A feed's bytes as chunks: the skeleton `feed` renders around small placeholders, with each item's
// content spliced in as bytes prepared once per post. A post's content is the same in every feed that
// shows it (site, categories, tags), so it is escaped and encoded once, and shared, not copied. Any other
// document (a page, the OPML list, a stylesheet) is one chunk, hashed the same way (`whole`).
import { createHash, hash as oneShot } from 'node:crypto';
import type { Post } from '../posts/post.js';
import { cached } from '../memo.js';
import type { ContentNotes } from './content.js';
import { finishXml, forCdata } from './feed-quirks.js';

/** Content of one post ready to splice: CDATA-safe XML bytes and a JSON string literal. */
export interface PreparedContent {
  readonly summary: string;
  readonly xml: Buffer;
  readonly json: Buffer;
  /** Hashes of the two, so a feed's ETag needs no second pass over the shared bytes. */
  readonly xmlHash: string;
  readonly jsonHash: string;
  /** What its Liquid read and met (render/content.ts); absent when no Liquid ran and nothing was met. */
  readonly notes?: ContentNotes;
}

export type ContentKind = 'xml' | 'json';

// Every rescan looks each shown post up by its key several times; a post's path and hash never change.
const contentKeys = new WeakMap<Pick<Post, 'path' | 'hash'>, string>();

/** Identity of a post's content: its path and the hash of its file. Prepared contents are kept by it. */
export function contentKey(post: Pick<Post, 'path' | 'hash'>): string {
  return cached(contentKeys, post, keyOfContent);
}

function keyOfContent(post: Pick<Post, 'path' | 'hash'>): string {
  return `${post.path}\0${post.hash}`;
}

// U+0003 never survives `xmlSafe`, so in a skeleton it can only be a placeholder.
const MARK = '\u0003';

/** The placeholder a renderer writes where item `index`'s content goes. */
export function placeholder(index: number): string {
  return `${MARK}${index}${MARK}`;
}

// In XML the placeholder sits inside a CDATA section as written; JSON.stringify escapes it (quotes too).
const FIND: Readonly<Record<ContentKind, RegExp>> = {
  xml: new RegExp(`${MARK}(\\d+)${MARK}`, 'g'),
  json: /"\\u0003(\d+)\\u0003"/g,
};

export function prepareContent(html: string, summary: string, notes?: ContentNotes): PreparedContent {
  const xml = Buffer.from(finishXml(forCdata(html)), 'utf8');
  const json = Buffer.from(JSON.stringify(html), 'utf8');
  return { summary, xml, json, xmlHash: digest(xml), jsonHash: digest(json), ...(notes ? { notes } : {}) };
}

export interface Spliced {
  readonly chunks: readonly Buffer[];
  readonly length: number;
  /** Hash of the bytes the chunks spell, made from the hashes of their pieces (see `assemble`). */
  readonly hash: string;
}

/** Bytes with their own hash, so a document made of shared pieces is hashed without rereading them. */
export interface Piece {
  readonly bytes: Buffer;
  readonly hash: string;
}

/** An item's bytes around its content: the same in every feed of one format that shows the post. */
export interface ItemPieces {
  readonly before: Piece;
  readonly after: Piece;
  /** An item without content (FeedItem.hasContent): `before` is all of it. */
  readonly bare?: true;
}

export function piece(text: string): Piece {
  const bytes = Buffer.from(text, 'utf8');
  return { bytes, hash: digest(bytes) };
}

export function contentPiece(content: PreparedContent, kind: ContentKind): Piece {
  return kind === 'xml' ? { bytes: content.xml, hash: content.xmlHash } : { bytes: content.json, hash: content.jsonHash };
}

/**
 * A document from its pieces. Its hash is the hash of the pieces' lengths and hashes in order: it
 * changes whenever a byte does, and costs nothing per shared piece.
 */
export function assemble(pieces: readonly Piece[]): Spliced {
  const hash = createHash('sha256');
  let length = 0;
  for (const p of pieces) {
    hash.update(`${p.bytes.length}:${p.hash};`);
    length += p.bytes.length;
  }
  return { chunks: pieces.map((p) => p.bytes), length, hash: hash.digest('base64url').slice(0, 27) };
}

/** Splits one item's rendered text at its content placeholder. */
export function itemPiecesOf(fragment: string, kind: ContentKind): ItemPieces {
  FIND[kind].lastIndex = 0;
  const m = FIND[kind].exec(fragment);
  // exec on a /g pattern leaves lastIndex past the match, and matchAll (splice) starts from a pattern's
  // lastIndex: left set, it made the next splice skip placeholders.
  FIND[kind].lastIndex = 0;
  if (!m) return { before: piece(fragment), after: piece(''), bare: true };
  return { before: piece(fragment.slice(0, m.index)), after: piece(fragment.slice(m.index + m[0].length)) };
}

/** Fills a skeleton's placeholders, in order, with the items' prepared content. */
export function splice(skeleton: string, kind: ContentKind, contents: readonly PreparedContent[]): Spliced {
  const pieces: Piece[] = [];
  let last = 0;
  for (const m of skeleton.matchAll(FIND[kind])) {
    const content = contents[Number(m[1])];
    if (!content) throw new Error(`no content for placeholder ${m[1]}`);
    pieces.push(piece(skeleton.slice(last, m.index)), contentPiece(content, kind));
    last = m.index + m[0].length;
  }
  pieces.push(piece(skeleton.slice(last)));
  return assemble(pieces);
}

/** A document with nothing to splice (a page, the OPML list, a stylesheet): one piece. */
export function whole(text: string): Spliced {
  return assemble([piece(text)]);
}

function digest(bytes: Buffer): string {
  return oneShot('sha256', bytes, 'base64url');
}
