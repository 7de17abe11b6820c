// The Post: one publishable file's metadata, read and normalised; every later stage works from it.
import type { Author } from '../config/schema.js';
import type { PostAuthor, PostMedia } from './post-media.js';

export type BodyFormat = 'markdown' | 'html';

export interface Post {
  /** Path under the posts folder with `/` separators: the post's stable key and the tie-breaker in order. */
  readonly path: string;
  /** Hash of the file's bytes; with `path`, it says whether anything derived from the post can be reused. */
  readonly hash: string;
  readonly title: string;
  /** Published instant, ms since the epoch. */
  readonly date: number;
  /** Last-modified instant, never earlier than `date`. */
  readonly updated: number;
  readonly categories: readonly string[];
  readonly tags: readonly string[];
  readonly author: Author | undefined;
  /** Excerpt from front matter (excerpt, description or summary), as plain text. */
  readonly excerpt: string | undefined;
  /** Absolute URL of the post on the site. */
  readonly link: string;
  /** Entry id / guid: front-matter `id`, else the link; never derived from the text. */
  readonly id: string;
  readonly image: string | undefined;
  /** Every author the post names, for author feeds (absent with feeds.authors off, or when it names none). */
  readonly authors?: readonly PostAuthor[];
  /** Picture details, enclosures, episode fields: absent when the post has none (post-media.ts). */
  readonly media?: PostMedia;
  /** The front matter, defaults applied (ReadOptions.keepFront): Liquid's `page` and `site.posts`, the excerpt. */
  readonly front?: Readonly<Record<string, unknown>>;
}

/**
 * A post's body, kept apart from the Post and left as the file's bytes: only posts that some feed shows
 * are ever decoded and rendered.
 */
export interface PostBody {
  readonly bytes: Uint8Array;
  readonly format: BodyFormat;
  /** The file line the body starts at (after the front matter): Liquid's problems are reported at file lines. */
  readonly line?: number;
}
