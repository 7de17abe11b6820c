// A record is kept for every file for as long as the service runs: at a million posts each byte of one is
// a megabyte. What a read or a warm cache hands over is made compact before it is kept (a heap snapshot at
// 100,000 posts found ~40 % of the records' memory in what follows):
// - a title or excerpt the YAML parser sliced out of the front matter keeps all of that text alive, so it
//   is copied out;
// - the names (categories, tags) are shared: a million posts name a few thousand, and each post read on a
//   helper thread or decoded from the cache brings copies of its own; so are whole lists of them (most
//   posts name one of a few categories);
// - arrays are as long as what they hold (a parser's grown array keeps room for sixteen);
// - the post's path and hash are the record's strings, and a record without problems shares one empty list.
import type { Problem } from '../errors.js';
import type { Post } from './post.js';
import type { FileRecord, ReadOutcome } from './scanned-file.js';

const NO_PROBLEMS: readonly Problem[] = Object.freeze([]);
const NO_NAMES: readonly string[] = Object.freeze([]);

/**
 * Names seen, each kept once. Bounded: a site with a name per post gains nothing from sharing, and past
 * this the table starts again rather than grow.
 */
const MAX_NAMES = 65_536;
let names = new Map<string, string>();
/** Lists of names seen, by their names joined with NUL (a list with a NUL in a name is not shared), with the same bound. */
let lists = new Map<string, readonly string[]>();

/** A read's outcome with its result compact (see above), as it comes from this thread or a helper. */
export function compactOutcome(rel: string, outcome: ReadOutcome): ReadOutcome {
  return outcome.kind === 'read' ? { kind: 'read', record: compactRecord(rel, outcome.record) } : outcome;
}

/** The record, compact: the same values, less memory (see above). `rel` is its key in the records. */
export function compactRecord(rel: string, record: FileRecord): FileRecord {
  const problems = record.problems.length === 0 ? NO_PROBLEMS : record.problems;
  return literal(record, record.kind === 'post' ? compactPost(rel, record.hash, record.post) : undefined, problems, record.size, record.mtimeMs);
}

/** The record with a new size and time (a file touched, its bytes the same): its result kept as it was. */
export function restamped(record: FileRecord, size: number, mtimeMs: number): FileRecord {
  return literal(record, record.kind === 'post' ? record.post : undefined, record.problems, size, mtimeMs);
}

/**
 * A record as a literal of its kind's fields, in one order: a literal with a spread in it keeps a slot
 * for each key the spread might add (see compactPost). Media, which few posts have, go after.
 */
function literal(record: FileRecord, post: Post | undefined, problems: readonly Problem[], size: number, mtimeMs: number): FileRecord {
  const { hash, media } = record;
  let out: FileRecord;
  if (record.kind === 'post') out = { kind: 'post', post: post as Post, problems, size, mtimeMs, hash };
  else if (record.kind === 'excluded') out = { kind: 'excluded', why: record.why, problems, size, mtimeMs, hash };
  else out = { kind: 'rejected', problems, size, mtimeMs, hash };
  return media ? { ...out, media } : out;
}

function compactPost(rel: string, hash: string, post: Post): Post {
  const link = copied(post.link);
  // Every field named, in one order: posts share one hidden class with their fields in the object (a
  // spread and then overrides left many with a separate property store, ~90 bytes more each). The
  // optional fields are not in the literal: one with a spread in it keeps a slot in every post for each
  // key the spread might add (15 slots where most posts use 12, 24 bytes each). A post that has them
  // gets them after, in a store of their own (16 bytes more than the slots were).
  const compact: Post = {
    path: post.path === rel ? rel : post.path,
    // The record's own string, when it is the same (the hash is '' for a file judged without one).
    hash: post.hash === hash ? hash : post.hash,
    title: copied(post.title),
    date: post.date,
    updated: post.updated,
    categories: shared(post.categories),
    tags: shared(post.tags),
    author: post.author,
    excerpt: post.excerpt === undefined ? undefined : copied(post.excerpt),
    link,
    id: post.id === post.link ? link : post.id,
    image: post.image,
  };
  const { authors, media, front } = post;
  if (!authors && !media && !front) return compact;
  return { ...compact, ...(authors ? { authors } : {}), ...(media ? { media } : {}), ...(front ? { front } : {}) };
}

/**
 * A string of its own: one sliced from a larger string (V8 does that for any slice of 13 characters or
 * more) keeps the larger one alive. A JSON round trip is the cheapest copy that is always flat (~0.15 µs).
 */
function copied(text: string): string {
  return text.length < 13 ? text : (JSON.parse(JSON.stringify(text)) as string);
}

/**
 * The list of names, shared with every post that names the same ones in the same order (most posts of a
 * site name one of a few categories; many name the same tags), each name shared too. Frozen: it is many
 * posts' list.
 */
function shared(list: readonly string[]): readonly string[] {
  if (list.length === 0) return NO_NAMES;
  // (A name with a NUL, however it got there, would make its key another list's.)
  if (list.some((name) => name.includes('\0'))) return Object.freeze(list.map(sharedName));
  if (lists.size >= MAX_NAMES) lists = new Map();
  const key = list.length === 1 ? (list[0] as string) : list.join('\0');
  const known = lists.get(key);
  if (known !== undefined) return known;
  const own = Object.freeze(list.map(sharedName));
  lists.set(own.length === 1 ? (own[0] as string) : own.join('\0'), own);
  return own;
}

function sharedName(name: string): string {
  if (names.size >= MAX_NAMES) names = new Map();
  const known = names.get(name);
  if (known !== undefined) return known;
  const own = copied(name);
  names.set(own, own);
  return own;
}
