// A feed's bytes as chunks: the skeleton `feed` renders around small placeholders, with each item's
// content spliced in as bytes prepared once per post. A post's content is the same in every feed that
// shows it (site, categories, tags), so it is escaped and encoded once, and shared, not copied. Any other
// document (a page, the OPML list, a stylesheet) is one chunk, hashed the same way (`whole`).
import { createHash, type Hash } from 'node:crypto';
import type { Post } from '../posts/post.js';
import { finishXml, forCdata } from './feed-quirks.js';

/** Content of one post ready to splice: CDATA-safe XML bytes and a JSON string literal. */
export interface PreparedContent {
  readonly summary: string;
  readonly xml: Buffer;
  readonly json: Buffer;
  /** Hashes of the two, so a feed's ETag needs no second pass over the shared bytes. */
  readonly xmlHash: string;
  readonly jsonHash: string;
}

export type ContentKind = 'xml' | 'json';

/** Identity of a post's content: its path and the hash of its file. Prepared contents are kept by it. */
export function contentKey(post: Pick<Post, 'path' | 'hash'>): string {
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
  xml: /\u0003(\d+)\u0003/g,
  json: /"\\u0003(\d+)\\u0003"/g,
};

export function prepareContent(html: string, summary: string): PreparedContent {
  const xml = Buffer.from(finishXml(forCdata(html)), 'utf8');
  const json = Buffer.from(JSON.stringify(html), 'utf8');
  return { summary, xml, json, xmlHash: digest(xml), jsonHash: digest(json) };
}

export interface Spliced {
  readonly chunks: readonly Buffer[];
  readonly length: number;
  /** Hash of the bytes the chunks spell, computed from the skeleton and the contents' own hashes. */
  readonly hash: string;
}

/** Fills a skeleton's placeholders with the items' prepared content. */
export function splice(skeleton: string, kind: ContentKind, contents: readonly PreparedContent[]): Spliced {
  // Encode the skeleton once and cut it by byte offsets: the placeholders are ASCII, so each one's
  // byte position is found by searching the bytes for the same text.
  const bytes = Buffer.from(skeleton, 'utf8');
  const chunks: Buffer[] = [];
  const hash = createHash('sha256');
  let last = 0;
  let from = 0;
  const push = (chunk: Buffer, contentHash?: string): void => {
    chunks.push(chunk);
    if (contentHash === undefined) hashSkeletonPart(hash, chunk);
    else hash.update(`c${contentHash}:`);
  };
  for (const m of skeleton.matchAll(FIND[kind])) {
    const content = contents[Number(m[1])];
    if (!content) throw new Error(`no content for placeholder ${m[1]}`);
    const at = bytes.indexOf(m[0], from, 'utf8');
    push(bytes.subarray(last, at));
    push(kind === 'xml' ? content.xml : content.json, kind === 'xml' ? content.xmlHash : content.jsonHash);
    last = at + m[0].length;
    from = last;
  }
  push(bytes.subarray(last));
  const length = chunks.reduce((n, c) => n + c.length, 0);
  return { chunks, length, hash: documentHash(hash) };
}

/**
 * A document with nothing to splice (a page, the OPML list, a stylesheet): one chunk, hashed as `splice`
 * hashes a skeleton without placeholders, so every document's ETag is made the same way.
 */
export function whole(text: string): Spliced {
  const bytes = Buffer.from(text, 'utf8');
  const hash = createHash('sha256');
  hashSkeletonPart(hash, bytes);
  return { chunks: [bytes], length: bytes.length, hash: documentHash(hash) };
}

// Each part is framed so that different splits of the same bytes cannot collide by accident.
function hashSkeletonPart(hash: Hash, chunk: Buffer): void {
  hash.update(`s${chunk.length}:`);
  hash.update(chunk);
}

function documentHash(hash: Hash): string {
  return hash.digest('base64url').slice(0, 27);
}

function digest(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('base64url');
}
