// Making one query feed (docs/guides/query-feeds-and-subscribers.md): select its posts, reading the text of those its words are
// looked for in, then read the rest and render. A generator that yields after each step of reading, so
// that the server runs it in slices between requests (http/query-scheduler.ts) and `feedwright build` at
// once (makeQueryFeedNow). What it reads goes into the caller's caches; a post is read once for both.
import type { Config } from '../config/schema.js';
import type { Post } from '../posts/post.js';
import { contentKey } from '../render/feed-document.js';
import type { QueryFeedSpec, QueryItem } from '../render/query-feed.js';
import { searchText } from '../render/search-text.js';
import { scopeLookup, selectPosts, type Selection } from '../scopes/query-select.js';
import type { Scope } from '../scopes/scopes.js';
import type { PreparedForms, PreparedPosts } from './archives.js';
import { itemKey } from './item-cache.js';
import { queryFeedEntry, querySignature } from './query-feed.js';
import type { SnapshotEntry } from './snapshot.js';

/** What reads posts back, and the caches of what was read (the caller bounds them). */
export interface QueryReading {
  /** Reads posts back from their files and prepares them; a changed or missing file is left out. */
  readonly prepare: (posts: readonly Post[]) => PreparedPosts;
  /**
   * What else the posts' contents depend on besides their files (a Jekyll site's Liquid values): part of
   * the feed's signature. The caches must be this version's (the caller keys them with it).
   */
  readonly version?: string;
  /** Searched text by contentKey. */
  readonly texts: { get(key: string): string | undefined; set(key: string, text: string): void };
  /** Prepared posts by itemKey. */
  readonly forms: { get(key: string): PreparedForms | undefined; set(key: string, forms: PreparedForms): void };
}

export interface QueryMade {
  readonly entry: SnapshotEntry;
  readonly signature: string;
  /** False when a post's file could not be read: the feed is right for now, and is not to be kept. */
  readonly exact: boolean;
  /** Whether it was rendered (not `kept`'s, found unchanged). */
  readonly rendered: boolean;
}

/** Posts read and prepared in one step: each costs up to a millisecond, and a step should not cost more than a slice. */
export const READ_STEP = 2;
/** Posts whose searched text is made in one step. */
const TEXT_STEP = 8;
/** Characters of text looked through in one step (a few hundred microseconds of `includes`). */
const LOOK_STEP = 1 << 20;

/**
 * The feed of `spec` in the snapshot whose scopes are `index`. `kept`: the feed made before; when what
 * it shows has not changed it is the answer, with its bytes and ETag, and nothing more is read.
 */
export function* makeQueryFeed(
  spec: QueryFeedSpec,
  index: ReadonlyMap<string, Scope>,
  reading: QueryReading,
  config: Config,
  kept?: { readonly signature: string; readonly entry: SnapshotEntry },
): Generator<void, QueryMade, void> {
  const read = new Map<string, PreparedForms>();
  const texts = new Map<string, string>();
  const textOf = (post: Post): string | undefined => texts.get(contentKey(post)) ?? reading.texts.get(contentKey(post));
  const formsOf = (post: Post): PreparedForms | undefined => read.get(itemKey(post)) ?? reading.forms.get(itemKey(post));
  const readPosts = (posts: readonly Post[]): void => {
    if (posts.length === 0) return;
    const prepared = reading.prepare(posts);
    for (const post of posts) {
      const forms = prepared.get(contentKey(post));
      if (!forms) continue;
      read.set(itemKey(post), forms);
      reading.forms.set(itemKey(post), forms);
    }
  };
  const selecting = selectPosts(spec.scope, spec.query, scopeLookup(index), textOf, config.queries.maxScan);
  let selection: Selection;
  let looked = 0;
  for (;;) {
    const step = selecting.next();
    if (step.done) {
      selection = step.value;
      break;
    }
    const lacking = step.value.filter((post) => textOf(post) === undefined && formsOf(post) === undefined);
    for (let i = 0; i < lacking.length; i += READ_STEP) {
      readPosts(lacking.slice(i, i + READ_STEP));
      yield;
    }
    // The text of each post of the batch, from what was just read or read for another feed, a few at a
    // time: a long post's text takes a while to make.
    const untexted = step.value.filter((post) => textOf(post) === undefined && formsOf(post) !== undefined);
    for (let i = 0; i < untexted.length; i += TEXT_STEP) {
      for (const post of untexted.slice(i, i + TEXT_STEP)) {
        const text = searchText((formsOf(post) as PreparedForms).content);
        texts.set(contentKey(post), text);
        reading.texts.set(contentKey(post), text);
      }
      yield;
    }
    // A step after every megabyte or so of text looked through, even when every text was at hand:
    // looking through a thousand long texts at once would hold the event loop for milliseconds.
    for (const post of step.value) looked += textOf(post)?.length ?? 0;
    if (looked > LOOK_STEP) {
      looked = 0;
      yield;
    }
  }
  const signature = querySignature(spec, selection.posts, reading.version);
  if (kept && kept.signature === signature) return { entry: kept.entry, signature, exact: true, rendered: false };
  const lacking = selection.posts.filter((post) => formsOf(post) === undefined);
  for (let i = 0; i < lacking.length; i += READ_STEP) {
    readPosts(lacking.slice(i, i + READ_STEP));
    yield;
  }
  const posts: Post[] = [];
  const items: QueryItem[] = [];
  for (const post of selection.posts) {
    const forms = formsOf(post);
    const item = forms?.items[spec.format.name];
    if (!forms || !item) continue;
    posts.push(post);
    items.push({ content: forms.content, item });
  }
  const entry = queryFeedEntry(spec, posts, items, signature, config);
  return { entry, signature, exact: selection.exact && posts.length === selection.posts.length, rendered: true };
}

/** makeQueryFeed run to its end at once: for commands that have nothing else to do meanwhile. */
export function makeQueryFeedNow(spec: QueryFeedSpec, index: ReadonlyMap<string, Scope>, reading: QueryReading, config: Config): QueryMade {
  const job = makeQueryFeed(spec, index, reading, config);
  for (;;) {
    const step = job.next();
    if (step.done) return step.value;
  }
}
