// The manifest object kept beside the published tree: what each object is, so the next publish uploads
// only what differs without listing or downloading the bucket.
export const MANIFEST_NAME = '.feedwright-manifest.json';

/** What an object was uploaded as. Any field that differs means upload again. */
export interface ObjectRecord {
  /** sha256 of the identity bytes (not the stored ones: a zlib upgrade does not make every document "changed"). */
  readonly sha256: string;
  readonly contentType: string;
  readonly contentEncoding: 'gzip' | undefined;
  readonly cacheControl: string;
  /** x-amz-meta-* (a page's Content-Security-Policy). */
  readonly metadata: Readonly<Record<string, string>>;
  /**
   * For a document rendered on request (an archive page): a hash of everything its object is made of
   * (its signature, the rendered config, the feedwright version). The same inputs, the same object: the
   * next publish need not render it to know.
   */
  readonly inputs?: string;
}

export interface StoredRecord extends ObjectRecord {
  /** The store's ETag of what was uploaded (for people and tools reading the manifest). */
  readonly etag: string | undefined;
  readonly size: number;
}

export interface Manifest {
  readonly version: 1;
  /** Paths relative to the prefix, as keys: `index.html`, `tags/x/rss.xml`. */
  readonly objects: Readonly<Record<string, StoredRecord>>;
}

export const EMPTY_MANIFEST: Manifest = { version: 1, objects: {} };

/** The manifest in `text`, or undefined when it is not one this version wrote. */
export function parseManifest(text: string): Manifest | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return undefined;
    const m = value as { version?: unknown; objects?: unknown };
    if (m.version !== 1 || typeof m.objects !== 'object' || m.objects === null) return undefined;
    return value as Manifest;
  } catch {
    return undefined;
  }
}

export function serializeManifest(m: Manifest): string {
  // Sorted keys: the manifest of an unchanged site has the same bytes.
  const objects = Object.fromEntries(Object.keys(m.objects).sort().map((k) => [k, m.objects[k]]));
  return `${JSON.stringify({ version: m.version, objects }, null, 1)}\n`;
}

export interface Plan {
  readonly upload: readonly { readonly rel: string; readonly reason: 'new' | 'changed' }[];
  readonly unchanged: readonly string[];
  /** Paths the previous manifest names and the site no longer has. */
  readonly delete: readonly string[];
}

export function planPublish(previous: Manifest, wanted: ReadonlyMap<string, ObjectRecord>): Plan {
  const upload: { rel: string; reason: 'new' | 'changed' }[] = [];
  const unchanged: string[] = [];
  for (const [rel, record] of wanted) {
    const before = previous.objects[rel];
    if (before === undefined) upload.push({ rel, reason: 'new' });
    else if (sameObject(before, record)) unchanged.push(rel);
    else upload.push({ rel, reason: 'changed' });
  }
  const gone = Object.keys(previous.objects).filter((rel) => !wanted.has(rel));
  return { upload, unchanged, delete: gone.sort() };
}

function sameObject(a: ObjectRecord, b: ObjectRecord): boolean {
  const meta = (r: ObjectRecord): string => JSON.stringify(Object.entries(r.metadata).sort());
  return (
    a.sha256 === b.sha256 &&
    a.contentType === b.contentType &&
    (a.contentEncoding ?? undefined) === b.contentEncoding &&
    a.cacheControl === b.cacheControl &&
    meta(a) === meta(b) &&
    a.inputs === b.inputs
  );
}
