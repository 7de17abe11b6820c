// What lists and definition lists share: reading an item's first line (its content column) and the patterns
// for the lines that continue the item, indented or lazily (kramdown's parse_first_list_line and fetch_pattern).
import { ALD_ANY_CHARS, ALD_ID_NAME, IAL_BLOCK, LAZY_END_HTML_START, LAZY_END_HTML_STOP, sticky } from '../patterns.js';

export const LIST_ITEM_IAL = new RegExp(`^[ \\t\\r\\n\\f\\v]*(?:\\{:(?!(?:${ALD_ID_NAME})?:|\\/)(${ALD_ANY_CHARS}+)\\})[ \\t\\r\\n\\f\\v]*`, 'u');
const LIST_ITEM_IAL_CHECK = new RegExp(`^(?:${LIST_ITEM_IAL.source.slice(1)})?[ \\t\\r\\n\\f\\v]*\\n`, 'u');

export interface ItemPatterns {
  /** The line belongs to the item: indented to its content column (tabs count four). */
  readonly content: RegExp;
  /** A non-blank line continuing the item lazily (not an IAL or HTML block line). */
  readonly lazy: RegExp;
  /** The item's indentation, removed from its lines. */
  readonly indent: RegExp;
}

const cache = new Map<number, ItemPatterns>();

function patterns(indentation: number): ItemPatterns {
  let p = cache.get(indentation);
  if (!p) {
    const q = Math.floor(indentation / 4);
    const line = '[^\\n]*[^ \\t\\r\\n\\f\\v][^\\n]*\\n';
    const min = Math.min(indentation, 3);
    p = {
      content: sticky(`^(?:(?:\\t| {4}){${q}} {${indentation % 4}}|(?:\\t| {4}){${q + 1}})${line}`),
      lazy: sticky(`(?!^ {0,${min}}(?:${IAL_BLOCK}|${LAZY_END_HTML_STOP}|${LAZY_END_HTML_START}))${line}`),
      indent: new RegExp(`^ {${indentation}}`),
    };
    if (cache.size < 256) cache.set(indentation, p);
  }
  return p;
}

/** The first line: its content (marker and spaces removed), the content column, and the item's patterns. */
export function firstListLine(markerLength: number, line: string): { content: string; indentation: number; patterns: ItemPatterns } {
  let content = line;
  let indentation = markerLength;
  if (LIST_ITEM_IAL_CHECK.test(content)) indentation = 4;
  else {
    // Tabs among the leading spaces expand to the next multiple of four, counted from the marker.
    for (let m = /^( *)(\t+)/.exec(content); m; m = /^( *)(\t+)/.exec(content)) {
      const spaces = m[1] ?? '';
      const tabs = m[2] ?? '';
      const temp = spaces.length + indentation;
      content = spaces + ' '.repeat(4 - (temp % 4) + (tabs.length - 1) * 4) + content.slice(m[0].length);
    }
    indentation += (/^ */.exec(content)?.[0] ?? '').length;
  }
  content = content.replace(/^[ \t\r\n\f\v]*/, '');
  return { content, indentation, patterns: patterns(indentation) };
}

/** The pattern for a sibling item's marker, given the first item's content column. */
export function siblingStart(kind: 'ul' | 'ol' | 'dl', indentation: number): RegExp {
  const spaces = indentation <= 1 ? '' : indentation === 2 ? ' {0,1}' : indentation === 3 ? ' {0,2}' : ' {0,3}';
  const marker = kind === 'ul' ? '[+*-]' : kind === 'ol' ? '\\d+\\.' : ':';
  return sticky(`^(${spaces}${marker})([\\t| ][^\\n]*?\\n)`);
}
