// Text hygiene shared by every format: what XML 1.0 cannot carry is removed once, at the model.
import { decodeHTML } from 'entities';

/** Code points from `first` to `last`, both included. */
export type CodeRange = readonly [first: number, last: number];

// XML 1.0 §2.2 Char excludes C0 controls but tab/LF/CR, lone surrogates, U+FFFE and U+FFFF; C1 controls
// and the U+FDD0-U+FDEF non-characters are allowed but "discouraged" and make validators warn.
// Astral-plane characters (emoji) are proper surrogate pairs and stay. Kept as code points, one table
// that the patterns below and the tests' checks of every document are made from.
export const XML_FORBIDDEN: readonly CodeRange[] = [
  [0x00, 0x08],
  [0x0b, 0x0c],
  [0x0e, 0x1f],
  [0xfffe, 0xffff],
];
export const XML_DISCOURAGED: readonly CodeRange[] = [
  [0x7f, 0x9f],
  [0xfdd0, 0xfdef],
];

/** A regex character class (its source) of the ranges, which must lie in the Basic Multilingual Plane. */
export function charClass(ranges: readonly CodeRange[]): string {
  const unit = (cp: number): string => `\\u${cp.toString(16).padStart(4, '0')}`;
  return `[${ranges.map(([first, last]) => (first === last ? unit(first) : `${unit(first)}-${unit(last)}`)).join('')}]`;
}

const NOT_XML = new RegExp(
  `${charClass([...XML_FORBIDDEN, ...XML_DISCOURAGED])}|[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]`,
  'g',
);

// A cheap superset test: nearly all text has none of these, and the exact pattern's look-behind is slow.
const MAYBE_NOT_XML = new RegExp(charClass([...XML_FORBIDDEN, ...XML_DISCOURAGED, [0xd800, 0xdfff]]));

/** Removes characters XML forbids or discourages. */
export function xmlSafe(text: string): string {
  return MAYBE_NOT_XML.test(text) ? text.replace(NOT_XML, '') : text;
}

/** A one-line label (title, tag, author): XML-safe, whitespace runs folded, trimmed. */
export function oneLine(text: string): string {
  return xmlSafe(text).replace(/\s+/gu, ' ').trim();
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
// Characters that join with a neighbour into one grapheme: combining marks, joiners, variation selectors,
// regional indicators (flags), emoji modifiers and tags, Hangul jamo. Without them, a grapheme is a code point.
// (Variation selectors are marks, \p{Mn}; \p{Join_Control} is U+200C and U+200D, ZWNJ and ZWJ.)
const JOINING = /[\p{M}\p{Join_Control}\u1100-\u11FF\u{1F1E6}-\u{1F1FF}\u{1F3FB}-\u{1F3FF}\u{E0020}-\u{E007F}]/u;

/**
 * Cuts `text` to about `max` user-perceived characters, never inside a grapheme (emoji, combining marks),
 * preferring a word break near the end for space-separated scripts, and marks the cut with an ellipsis.
 * `size` says what a grapheme counts for (1 by default; code points, to bound a grapheme of many marks).
 */
export function truncateText(text: string, max: number, size: (grapheme: string) => number = () => 1): string {
  if (text.length <= max) return text;
  // A grapheme is at least one code unit, so the first 8 × max units hold max graphemes in any real text.
  const head = text.slice(0, max * 8);
  let out = '';
  if (JOINING.test(head)) {
    let count = 0;
    for (const { segment } of segmenter.segment(head)) {
      if (count + size(segment) > max) break;
      out += segment;
      count += size(segment);
    }
  } else {
    // Code points, not code units, so a surrogate pair (most emoji) is never split. Here every grapheme
    // is one code point, so counting graphemes or code points (`size`) comes to the same.
    out = Array.from(head).slice(0, max).join('');
  }
  if (out.length === text.length) return text;
  const space = out.lastIndexOf(' ');
  if (space > out.length * 0.8) out = out.slice(0, space);
  return `${out.trimEnd()}…`;
}

// Tags that break a line of text; the others (a, code, strong…) sit inside words, notably in CJK text,
// where an added space would show.
const BLOCK_TAG =
  /<\/?(?:p|div|br|hr|li|ul|ol|dl|dt|dd|h[1-6]|table|tr|td|th|thead|tbody|blockquote|pre|figure|figcaption|section|article|header|footer|aside|nav)\b[^>]*>/gi;

/** The text of an HTML fragment on one line: scripts, styles and comments dropped, entities decoded. */
export function htmlToText(html: string): string {
  const text = html
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(BLOCK_TAG, ' ')
    .replace(/<[^>]*>/g, '');
  return oneLine(decodeHTML(text));
}
