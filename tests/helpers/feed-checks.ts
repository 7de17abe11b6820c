// Checks every document of a snapshot the way a strict reader would: UTF-8, only characters XML allows,
// well-formed XML or valid JSON, and no two entries with one id.
import assert from 'node:assert/strict';
import { charClass, XML_FORBIDDEN } from '../../src/posts/text.js';
import { isFeedPath } from '../../src/snapshot/feeds.js';
import type { Snapshot } from '../../src/snapshot/snapshot.js';
import { atomEntries, rssItems, type XmlNode } from './xml.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });
// XML 1.0 §2.2: no C0 controls but tab and line ends, no U+FFFE/U+FFFF.
const NOT_XML_CHAR = new RegExp(charClass(XML_FORBIDDEN));

export interface JsonItem {
  readonly id: string;
  readonly url: string;
  readonly title: string;
  readonly date_published: string;
  readonly date_modified: string;
  // One of the two: an item without content (an empty post, feeds.excerptOnly) has its summary as text.
  readonly content_html?: string;
  readonly content_text?: string;
  readonly tags?: readonly string[];
}

/** The entry ids of one document, after checking that it parses; throws with the path when it does not. */
export function entryIds(path: string, body: Buffer): string[] {
  const text = utf8.decode(body);
  if (path.endsWith('.json')) return (JSON.parse(text) as { items: JsonItem[] }).items.map((i) => i.id);
  assert.doesNotMatch(text, NOT_XML_CHAR, `${path}: a character XML forbids`);
  const text$ = (node: unknown): string => (typeof node === 'object' && node !== null ? String((node as XmlNode)['#text']) : String(node));
  if (path.endsWith('atom.xml')) return atomEntries(text).map((e) => text$(e.id));
  return rssItems(text).map((i) => text$(i.guid));
}

/**
 * Parses every feed in `snapshot` and checks that ids are unique within each. Adds the bodies to
 * `into` by `prefix + path`, ready for `validateFeeds`, leaving out bytes it holds already (the same
 * bytes validate the same way; many cases share their good posts' feeds).
 */
export function checkDocuments(snapshot: Snapshot, prefix = '', into: DocumentSet = new DocumentSet()): DocumentSet {
  for (const [path, entry] of snapshot.entries) {
    if (!isFeedPath(path)) continue;
    const body = entry.body.bytes();
    const ids = entryIds(path, body);
    assert.equal(new Set(ids).size, ids.length, `${path}: duplicate entry ids ${JSON.stringify(ids)}`);
    into.add(prefix + path, entry.etags.identity, body);
  }
  return into;
}

/** Documents to validate, each distinct body once. */
export class DocumentSet {
  readonly bodies: Record<string, Buffer> = {};
  readonly #seen = new Set<string>();

  add(name: string, etag: string, body: Buffer): void {
    if (this.#seen.has(etag)) return;
    // validateFeeds keeps only [A-Za-z0-9._-] of a name: the number keeps two CJK slugs apart.
    this.bodies[`${this.#seen.size}-${name}`] = body;
    this.#seen.add(etag);
  }

  get size(): number {
    return this.#seen.size;
  }
}

/** The items of a JSON Feed document in the snapshot. */
export function jsonItems(snapshot: Snapshot, path: string): JsonItem[] {
  const entry = snapshot.entries.get(path);
  assert.ok(entry, `${path} is not in the snapshot`);
  return (JSON.parse(entry.body.bytes().toString('utf8')) as { items: JsonItem[] }).items;
}
