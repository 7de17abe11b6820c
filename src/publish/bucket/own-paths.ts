// Which objects a publish may delete: only those feedwright can show it wrote. The manifest in the bucket
// says what the last publish put there, but anyone who can write the bucket can write the manifest too, so
// each path it names is checked before it is believed: a relative path that stays inside the prefix as
// written (no `..`, `.` or empty segment, no backslash, no control character), that is not the manifest,
// and whose shape is one feedwright writes. A checksum or signature over the manifest would not add to
// this: a checksum anyone can recompute proves nothing, and a signature needs a key every publisher
// shares, while whoever can forge the manifest can overwrite or delete the objects themselves anyway. What
// the checks prevent is feedwright's own credentials being used to delete what it did not write.
import { MANIFEST_NAME } from './manifest.js';
import { keyOf, type BucketTarget } from './target.js';

/**
 * File types feedwright writes into the tree: pages (html), feeds (xml, json), the OPML list, feed
 * stylesheets (xsl) and the pages' assets (css, js, svg). tests/publish/bucket-own-paths.test.ts checks
 * that every document of a snapshot has one, so a new kind of document is added here too.
 */
const WRITTEN_EXTENSIONS: ReadonlySet<string> = new Set(['html', 'xml', 'json', 'opml', 'xsl', 'css', 'js', 'svg']);
/** S3's limit for a whole key, in UTF-8 bytes. */
const MAX_KEY_BYTES = 1024;

/** A path shape from the config: feeds.aliases may name files with any extension, or none. */
export function aliasShapes(aliasPaths: readonly string[]): RegExp[] {
  return aliasPaths.map((p) => {
    const parts = p.replace(/^\//, '').split(/:(?:name|slug)\b/);
    // `:name` and `:slug` stand for one segment.
    return new RegExp(`^${parts.map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^/]+')}$`, 'u');
  });
}

/** Why `rel` (a path the manifest names) is not one feedwright may delete; undefined when it is. */
export function refusal(rel: string, target: BucketTarget, aliases: readonly RegExp[] = []): string | undefined {
  // A JSON key can hold anything: lone surrogates, NUL, terminal escapes.
  if (rel === '' || rel.startsWith('/') || rel.includes('\\')) return 'not a relative path';
  if (/[\p{Cc}\p{Cs}]/u.test(rel)) return 'a control character or broken Unicode';
  if (rel.split('/').some((s) => s === '' || s === '.' || s === '..')) return 'an empty, . or .. segment';
  const key = keyOf(target, rel);
  if (Buffer.byteLength(key) > MAX_KEY_BYTES) return 'longer than an S3 key can be';
  // Said again as the store sees it: the key begins with the prefix and a slash, and nothing in it climbs.
  if (target.prefix !== '' && !key.startsWith(`${target.prefix}/`)) return 'outside the prefix';
  if (rel === MANIFEST_NAME) return 'the manifest itself';
  const name = rel.slice(rel.lastIndexOf('/') + 1);
  const extension = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1).toLowerCase() : '';
  if (!WRITTEN_EXTENSIONS.has(extension) && !aliases.some((a) => a.test(rel))) return 'not a kind of file feedwright writes';
  return undefined;
}
