// What a post says of its picture, its audio and video, and itself as a podcast episode, once read: the
// parts of a Post (post.ts) that only posts with such front matter have.
import type { Author } from '../config/schema.js';

/** A file the post links: an absolute URL, and where it is among the site's files when it is one of them. */
export interface LinkedFile {
  readonly url: string;
  /** Path under media.dir (`/`-separated, no leading `/`): the file to measure, or to report missing. */
  readonly local?: string;
}

/** An `enclosure`: RSS `enclosure`, Atom `link rel="enclosure"`, JSON Feed `attachments`. */
export interface Enclosure extends LinkedFile {
  /** Media type: as given, else from the name or (a local file) its first bytes; feeds say `application/octet-stream` when nothing tells. */
  readonly type?: string;
  /** Bytes; undefined when unknown (RSS then says 0, as the RSS Advisory Board advises). */
  readonly length?: number;
  /** Seconds. */
  readonly duration?: number;
  readonly title?: string;
}

/** What jekyll-seo-tag's `image: {path, alt, width, height}` adds to the image's URL (Post.image). */
export interface Picture {
  readonly alt?: string;
  readonly width?: number;
  readonly height?: number;
  readonly local?: string;
}

/** Podcasting 2.0's `podcast:transcript`. */
export interface Transcript extends LinkedFile {
  readonly type: string;
  readonly language?: string;
  readonly rel?: string;
}

/** What a post says of itself as an episode (read on every post; only podcast feeds write it). */
export interface Episode {
  readonly number?: number;
  readonly season?: number;
  readonly type?: 'full' | 'trailer' | 'bonus';
  readonly explicit?: boolean;
  readonly transcripts?: readonly Transcript[];
  /** Podcasting 2.0's `podcast:chapters` (JSON chapters). */
  readonly chapters?: LinkedFile;
}

export interface PostMedia {
  readonly picture?: Picture;
  readonly enclosures?: readonly Enclosure[];
  readonly episode?: Episode;
}

/** One of a post's authors, as author scopes group them (author feeds only). */
export interface PostAuthor extends Author {
  /** Who the person is, whatever the post calls them: the authors data's key, else the folded name. */
  readonly key: string;
  /** Whether the authors data names this person (its key, or a name or address in it). */
  readonly known: boolean;
}
