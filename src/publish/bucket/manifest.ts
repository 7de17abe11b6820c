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

/** A manifest read from the bucket, with the entries that were not believed. */
export interface CheckedManifest {
  /** The entries feedwright may have written: the only ones a publish keeps, compares with or deletes. */
  readonly manifest: Manifest;
  /** Paths named with a record feedwright does not write, or that `refusal` refused, each with why. */
  readonly refused: readonly { readonly rel: string; readonly reason: string }[];
}

/**
 * The manifest in `text`, which is untrusted (whoever can write the bucket can write it): undefined unless
 * it is a version-1 manifest as feedwright writes it; then each entry is kept only when its record has the
 * fields feedwright writes and `refusal` (own-paths.ts) finds nothing wrong with its path.
 */
export function checkManifest(text: string, refusal: (rel: string) => string | undefined = () => undefined): CheckedManifest | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isPlainObject(value) || value.version !== 1 || !isPlainObject(value.objects)) return undefined;
  // No prototype: a path named `__proto__` or `constructor` is a key like any other.
  const objects = Object.create(null) as Record<string, StoredRecord>;
  const refused: { rel: string; reason: string }[] = [];
  for (const [rel, record] of Object.entries(value.objects)) {
    const reason = isStoredRecord(record) ? refusal(rel) : 'not a record feedwright writes';
    if (reason === undefined) objects[rel] = record as StoredRecord;
    else refused.push({ rel, reason });
  }
  return { manifest: { version: 1, objects }, refused };
}

/** The manifest in `text` as `checkManifest` keeps it, or undefined when it is not one this version wrote. */
export function parseManifest(text: string): Manifest | undefined {
  return checkManifest(text)?.manifest;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const isString = (v: unknown): v is string => typeof v === 'string';

function isStoredRecord(r: unknown): boolean {
  if (!isPlainObject(r)) return false;
  return (
    isString(r.sha256) &&
    /^[0-9a-f]{64}$/.test(r.sha256) &&
    isString(r.contentType) &&
    (r.contentEncoding === undefined || r.contentEncoding === 'gzip') &&
    isString(r.cacheControl) &&
    isPlainObject(r.metadata) &&
    Object.values(r.metadata).every(isString) &&
    (r.inputs === undefined || isString(r.inputs)) &&
    (r.etag === undefined || isString(r.etag)) &&
    typeof r.size === 'number' &&
    Number.isSafeInteger(r.size) &&
    r.size >= 0
  );
}

export function serializeManifest(m: Manifest): string {
  // Sorted keys: the manifest of an unchanged site has the same bytes.
  const objects = Object.fromEntries(
    Object.keys(m.objects)
      .sort()
      .map((k) => [k, m.objects[k]]),
  );
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
