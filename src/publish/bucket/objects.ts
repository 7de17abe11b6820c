// What each snapshot document becomes in a bucket: its key, bytes and the headers the server would send,
// as far as an object store can carry them (docs/guides/bucket-and-cdn.md has the table).
import { createHash } from 'node:crypto';
import picomatch from 'picomatch';
import { exportPath, type SnapshotEntry } from '../../snapshot/snapshot.js';
import type { ObjectRecord } from './manifest.js';

/** true: every document; false: none; patterns: the paths (relative, `tags/**\/*.xml`) that match. */
export type GzipChoice = boolean | readonly string[];

export interface WantedObject {
  readonly entry: SnapshotEntry;
  readonly record: ObjectRecord;
}

/**
 * Each document by its path relative to the prefix. `inputsOf`: for documents rendered on request (archive
 * pages), what they were made from (manifest.ts ObjectRecord.inputs).
 */
export function wantedObjects(
  entries: Iterable<SnapshotEntry>,
  cacheControl: string,
  gzip: GzipChoice,
  inputsOf: (path: string) => string | undefined = () => undefined,
): Map<string, WantedObject> {
  const compressed = gzipMatcher(gzip);
  const wanted = new Map<string, WantedObject>();
  for (const entry of entries) {
    // A folder's page is its index.html, as `build` writes it: what S3 website hosting and CloudFront's
    // default root object look for.
    const rel = exportPath(entry.path);
    const inputs = inputsOf(entry.path);
    const record: ObjectRecord = {
      sha256: createHash('sha256').update(entry.body.bytes()).digest('hex'),
      // The type a feed reader gets. A bucket cannot vary by Sec-Fetch-Dest, so browsers opening a feed
      // get the feed type too (the server gives them application/xml so the stylesheet applies).
      contentType: entry.contentType,
      contentEncoding: compressed(rel) ? 'gzip' : undefined,
      // A full archive page's own (immutable), as the server sends it; else the configured one.
      cacheControl: entry.cacheControl ?? cacheControl,
      // S3 sends user metadata as x-amz-meta-<name>, never as the header itself: the CDN maps it.
      metadata: Object.fromEntries(Object.entries(entry.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
      ...(inputs === undefined ? {} : { inputs }),
    };
    wanted.set(rel, { entry, record });
  }
  return wanted;
}

function gzipMatcher(gzip: GzipChoice): (rel: string) => boolean {
  if (typeof gzip === 'boolean') return () => gzip;
  const match = picomatch([...gzip], { dot: true });
  return (rel) => match(rel);
}

/** The bytes stored for `object`: the server's own gzip form (made once per document version), or identity. */
export async function storedBytes(object: WantedObject): Promise<Buffer> {
  return object.record.contentEncoding === 'gzip' ? await object.entry.body.encoded('gzip') : object.entry.body.bytes();
}
