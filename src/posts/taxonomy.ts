// Categories and tags from front matter, read the way Jekyll reads them, and the key that makes
// `JavaScript`, `javascript` and `ＪａｖａＳｃｒｉｐｔ` one name.
import { oneLine } from './text.js';

export interface NamesResult {
  readonly names: readonly string[];
  /** Values that are not names (maps, lists of maps): reported, then left out. */
  readonly rejected: readonly string[];
}

/**
 * Jekyll's `pluralized_array_from_hash`: the singular key (`category`) wins when present and is taken as
 * one name; the plural key (`categories`) is split on whitespace when it is a string, taken item by item
 * when it is a list. Numbers and booleans become strings; empty names and repeats (by `foldName`) go.
 */
export function namesFrom(data: Readonly<Record<string, unknown>>, singular: string, plural: string): NamesResult {
  const raw: unknown[] = [];
  const single = data[singular];
  if (single !== undefined && single !== null) {
    raw.push(single);
  } else {
    const many = data[plural];
    if (typeof many === 'string') raw.push(...many.split(/\s+/u));
    else if (many !== undefined && many !== null) raw.push(many);
  }

  const names: string[] = [];
  const rejected: string[] = [];
  const seen = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach(visit);
      return;
    }
    if (value === null || value === undefined) return;
    if (typeof value === 'object') {
      rejected.push(JSON.stringify(value).slice(0, 60));
      return;
    }
    const name = oneLine(String(value));
    const key = foldName(name);
    if (name === '' || seen.has(key)) return;
    seen.add(key);
    names.push(name);
  };
  raw.forEach(visit);
  return { names, rejected };
}

/**
 * Identity of a name: Unicode NFKC (full-width letters, ligatures) plus case folding. JavaScript has no
 * `casefold`; upper- then lower-casing folds the cases that matter (ß→ss, final sigma) as case folding does.
 */
export function foldName(name: string): string {
  let key = folded.get(name);
  if (key === undefined) {
    key = name.normalize('NFKC').toUpperCase().toLowerCase().normalize('NFKC');
    if (folded.size >= 100_000) folded.clear();
    folded.set(name, key);
  }
  return key;
}

// A site has a few hundred names used over and over; folding each once saves a rescan a few ms.
const folded = new Map<string, string>();
