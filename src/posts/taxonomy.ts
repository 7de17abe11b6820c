// Categories and tags from front matter, read the way Jekyll reads them, and the key that makes
// `JavaScript`, `javascript` and `ＪａｖａＳｃｒｉｐｔ` one name.
import { foldText } from '../fold.js';
import { preview } from './preview.js';
import { oneLine } from './text.js';

export interface NamesResult {
  readonly names: readonly string[];
  /** Values that are not names (maps, lists of maps): reported, then left out. */
  readonly rejected: readonly string[];
  /** Whether names were left unread past `cap`: there are more than `names.length`. */
  readonly more: boolean;
}

/** Names read from one key at most: a feed keeps 100 (limits.ts); the rest are only counted up to here. */
export const NAMES_CAP = 1000;

/**
 * Jekyll's `pluralized_array_from_hash`: the singular key (`category`) wins when present and is taken as
 * one name; the plural key (`categories`) is split on whitespace when it is a string, taken item by item
 * when it is a list. Numbers and booleans become strings; empty names and repeats (by `foldName`) go.
 */
export function namesFrom(data: Readonly<Record<string, unknown>>, singular: string, plural: string, cap = NAMES_CAP): NamesResult {
  const names: string[] = [];
  const rejected: string[] = [];
  const seen = new Set<string>();
  /** Takes one value; false once `cap` names are read. */
  const take = (value: unknown): boolean => {
    if (names.length >= cap) return false;
    if (value === null || value === undefined) return true;
    if (typeof value === 'object') {
      if (rejected.length < 10) rejected.push(preview(value));
      return true;
    }
    const name = oneLine(String(value));
    const key = foldName(name);
    if (name === '' || seen.has(key)) return true;
    seen.add(key);
    names.push(name);
    return true;
  };

  const single = data[singular];
  const many = data[plural];
  let more = false;
  if (single === undefined || single === null) {
    if (typeof many === 'string') {
      // Split lazily and no further than needed: a 900 KB `tags:` line costs no more than a short one
      // (spreading its whole split into one call once overflowed the stack).
      for (const word of words(many)) {
        more = !take(word);
        if (more) break;
      }
    } else {
      more = !takeAll(many, take);
    }
  } else {
    more = !takeAll(single, take);
  }
  return { names, rejected, more };
}

/** Lists, and lists in lists, item by item with a stack (no recursion); false when `take` stops. */
function takeAll(value: unknown, take: (value: unknown) => boolean): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (Array.isArray(item)) {
      for (let i = item.length - 1; i >= 0; i--) stack.push(item[i]);
    } else if (!take(item)) {
      return false;
    }
  }
  return true;
}

/** The whitespace-separated words of `text`, one at a time. */
function* words(text: string): Generator<string> {
  for (const match of text.matchAll(/\S+/gu)) yield match[0];
}

/** Identity of a name: `foldText` (NFKC plus case folding), remembered for the names a site uses. */
export function foldName(name: string): string {
  let key = folded.get(name);
  if (key === undefined) {
    key = foldText(name);
    if (folded.size >= 100_000) folded.clear();
    folded.set(name, key);
  }
  return key;
}

// A site has a few hundred names used over and over; folding each once saves a rescan a few ms.
const folded = new Map<string, string>();
