// Bounds on what one post may put into the feeds: a paragraph pasted into `title`, or a sentence under
// `tags:` (split on spaces into hundreds of names), must not swell every feed or make a URL too long.
import { truncateText } from './text.js';

export const LIMITS = {
  /** Characters (code points) of a title; readers show about a hundred. */
  titleLength: 500,
  /** Categories, and separately tags, per post: each one is a scope with three feeds. */
  names: 100,
  /** Characters of one category or tag name: its slug is a URL segment, up to 9 bytes a character on the wire. */
  nameLength: 100,
} as const;

const codePoints = (s: string): number => [...s].length;

/**
 * `text` cut to at most `max` code points, `…` included, on a grapheme boundary (an emoji or a letter with
 * its marks is never split). Counting code points, not graphemes, also bounds a "character" made of a
 * thousand combining marks.
 */
export function cutText(text: string, max: number): string {
  return codePoints(text) <= max ? text : truncateText(text, max - 1, codePoints);
}

export interface LimitedNames {
  readonly names: readonly string[];
  /** How many names past the limit were left out. */
  readonly dropped: number;
  /** How many names were cut to `nameLength`. */
  readonly cut: number;
}

/** The first `LIMITS.names` names, each cut to `LIMITS.nameLength`; repeats that cutting makes are dropped. */
export function limitNames(names: readonly string[], key: (name: string) => string): LimitedNames {
  const kept: string[] = [];
  const seen = new Set<string>();
  let cut = 0;
  for (const name of names.slice(0, LIMITS.names)) {
    const short = cutText(name, LIMITS.nameLength);
    if (short !== name) cut++;
    if (seen.has(key(short))) continue;
    seen.add(key(short));
    kept.push(short);
  }
  return { names: kept, dropped: Math.max(0, names.length - LIMITS.names), cut };
}
