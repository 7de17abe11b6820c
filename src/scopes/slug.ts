// Slugs for category and tag names: readable, Unicode-preserving, and never shared by two names.
import { createHash } from 'node:crypto';
import { groupBy } from '../group-by.js';

// Symbols that carry the meaning of a name (C++, C#, Q&A) are spelled out, so those names get
// readable slugs that differ from C's. Everything else that is not a letter, mark or digit separates.
const SPELLED: Readonly<Record<string, string>> = {
  '+': 'plus',
  '#': 'sharp',
  '&': 'and',
  '@': 'at',
  '%': 'percent',
  '*': 'star',
  '=': 'eq',
  '<': 'lt',
  '>': 'gt',
  '~': 'tilde',
  $: 'dollar',
  '^': 'caret',
};

/** The readable part of a slug, from a folded name (see `foldName`). May be empty (`!!!`). */
export function baseSlug(key: string): string {
  const spelled = key
    .replace(/^\./u, 'dot ') // .NET → dot-net; other dots separate (node.js → node-js)
    .replace(/[+#&@%*=<>~$^]/gu, (ch) => ` ${SPELLED[ch] ?? ''} `);
  return spelled.replace(/[^\p{L}\p{M}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '');
}

/**
 * Bytes a slug's readable part may take in UTF-8. A slug is a folder name in `feedwright build`'s tree,
 * and file systems stop at 255 bytes a name (a 100-character Chinese tag is 300); a longer base is cut
 * here and hashed, so it stays readable and unique, with room for `_<hash>`.
 */
export const SLUG_BYTES = 200;

/** `base` cut to SLUG_BYTES of UTF-8, at a code point; the same text when it fits. */
function fitted(base: string): string {
  if (Buffer.byteLength(base) <= SLUG_BYTES) return base;
  let out = '';
  let bytes = 0;
  for (const ch of base) {
    bytes += Buffer.byteLength(ch);
    if (bytes > SLUG_BYTES) break;
    out += ch;
  }
  // A cut that ends on a separator would leave `-_hash`.
  return out.replace(/-+$/, '');
}

function shortHash(key: string, length: number): string {
  return createHash('sha256').update(key).digest('hex').slice(0, length);
}

/**
 * Slugs for one kind of scope (all categories, or all tags), keyed by folded name.
 *
 * The rule: a name that is already its own slug (letters, digits, single inner hyphens: `news`,
 * `常州日报新闻`) keeps it, always. Any other name gets its readable base (`c-plus-plus`), unless that
 * base is empty or another name of the same kind has the same base; then it gets `base_<hash>`, where
 * the hash is of the folded name. Bases never contain `_`, so a hashed slug can never equal a base,
 * and slugs only change when a clashing name appears or disappears. A base over SLUG_BYTES is cut to
 * fit and always hashed: two long names may share their first 200 bytes.
 */
export function assignSlugs(keys: Iterable<string>): Map<string, string> {
  const byBase = groupBy(keys, baseSlug);
  const slugs = new Map<string, string>();
  for (const [base, group] of byBase) {
    const readable = fitted(base);
    const fits = readable === base;
    for (const key of group) {
      const plain = key === base;
      const unique = group.length === 1 && base !== '';
      if (fits && (plain || unique)) slugs.set(key, base);
      else slugs.set(key, readable === '' ? `_${shortHash(key, 8)}` : `${readable}_${shortHash(key, 8)}`);
    }
  }
  return slugs;
}
