// Text hygiene shared by every format: what XML 1.0 cannot carry is removed once, at the model.

// XML 1.0 §2.2 Char excludes C0 controls but tab/LF/CR, lone surrogates, U+FFFE and U+FFFF; C1 controls
// and the U+FDD0-U+FDEF non-characters are allowed but "discouraged" and make validators warn.
// Astral-plane characters (emoji) are proper surrogate pairs and stay.
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFDD0-\uFDEF\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Removes characters XML forbids or discourages. */
export function xmlSafe(text: string): string {
  return text.replace(NOT_XML, '');
}

/** A one-line label (title, tag, author): XML-safe, whitespace runs folded, trimmed. */
export function oneLine(text: string): string {
  return xmlSafe(text).replace(/\s+/gu, ' ').trim();
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Cuts `text` to about `max` user-perceived characters, never inside a grapheme (emoji, combining marks),
 * preferring a word break near the end for space-separated scripts, and marks the cut with an ellipsis.
 * `size` says what a grapheme counts for (1 by default; code points, to bound a grapheme of many marks).
 */
export function truncateText(text: string, max: number, size: (grapheme: string) => number = () => 1): string {
  if (text.length <= max) return text;
  let out = '';
  let count = 0;
  for (const { segment } of segmenter.segment(text)) {
    if (count + size(segment) > max) break;
    out += segment;
    count += size(segment);
  }
  if (out.length === text.length) return text;
  const space = out.lastIndexOf(' ');
  if (space > out.length * 0.8) out = out.slice(0, space);
  return `${out.trimEnd()}…`;
}
