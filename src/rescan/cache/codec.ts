// The on-disk form of what a rescan learned (warm-cache.ts): each value in a frame of V8's own
// serialization (v8.Serializer: Maps, plain objects and numbers as they are, at native speed), Buffers in
// raw frames written once however many values share them (a post's content is in every feed that shows
// it) and named by number. The sections come in groups, each closed by a checksum frame (sha256 of every
// byte since the previous one, the header's included in the first): a start checks and decodes the first
// group (what it serves at once) without hashing the rest, which it checks only when it decodes it.
// Encoding and decoding are generators, so the rescan's shell runs them in time slices (a 10,000-post
// site is ~50 MB) and requests are answered meanwhile: one v8.serialize of the whole state would hold
// the thread ~0.4 s at 10,000 posts.
import { createHash } from 'node:crypto';
import v8 from 'node:v8';

const MAGIC = 'feedwright-cache\n';
/** Bumped whenever the layout of the frames or of what is in them changes (5: posts carry authors and media, records their files' stamps). */
export const CACHE_FORMAT = 5;

const VALUE_FRAME = 0x56; // 'V'
const BUFFER_FRAME = 0x42; // 'B'
const CHECKSUM_FRAME = 0x43; // 'C'
const CHECKSUM_BYTES = 32;
/** A few milliseconds of serializing per frame. */
const VALUES_PER_FRAME = 128;
/** Bytes hashed between yields when checking a group: ~2 ms. */
const HASH_SLICE = 1 << 20;

/** A section: a name and its values. */
export type Section = readonly [name: string, values: readonly unknown[]];

/** What a cache file says of itself; a reader trusts the rest only when all of it matches. */
export interface CacheHeader {
  readonly format: number;
  readonly version: string;
  /** Hash of the config the cache was made under: another config renders other bytes. */
  readonly config: string;
  /** The groups of sections, in order, and how many values each section holds. */
  readonly groups: readonly (readonly (readonly [name: string, count: number])[])[];
}

/** Encodes `groups` of sections after `header`; yields the file's pieces, each group closed by its checksum. */
export function* encodeCache(header: Omit<CacheHeader, 'groups'>, groups: readonly (readonly Section[])[]): Generator<Buffer> {
  let hash = createHash('sha256');
  const out = function* (bytes: Buffer): Generator<Buffer> {
    hash.update(bytes);
    yield bytes;
  };
  const full: CacheHeader = { ...header, groups: groups.map((group) => group.map(([name, values]) => [name, values.length] as const)) };
  yield* out(Buffer.from(`${MAGIC}${JSON.stringify(full)}\n`, 'utf8'));
  const ids = new Map<Buffer, number>();
  for (const group of groups) {
    for (const [, values] of group) {
      // Values go in batches: one serializer per value costs more than the serializing.
      for (let at = 0; at < values.length; at += VALUES_PER_FRAME) {
        const writer = new BufferNaming(ids);
        writer.writeHeader();
        writer.writeValue(values.slice(at, at + VALUES_PER_FRAME));
        const body = writer.releaseBuffer();
        // A frame's new Buffers go before it, so a reader has every Buffer a value names when it meets it.
        for (const bytes of writer.fresh) {
          yield* out(frameHead(BUFFER_FRAME, bytes.length));
          yield* out(bytes);
        }
        yield* out(frameHead(VALUE_FRAME, body.length));
        yield* out(body);
      }
    }
    yield frameHead(CHECKSUM_FRAME, CHECKSUM_BYTES);
    yield hash.digest();
    hash = createHash('sha256');
  }
}

/** V8's serializer, with each Buffer written as the number of its raw frame (one frame per Buffer). */
class BufferNaming extends v8.Serializer {
  readonly fresh: Buffer[] = [];
  readonly #ids: Map<Buffer, number>;

  constructor(ids: Map<Buffer, number>) {
    super();
    this.#ids = ids;
    // Typed arrays are then "host objects", handed to _writeHostObject below instead of copied inline.
    (this as unknown as { _setTreatArrayBufferViewsAsHostObjects(on: boolean): void })._setTreatArrayBufferViewsAsHostObjects(true);
  }

  _writeHostObject(object: object): void {
    if (!Buffer.isBuffer(object)) throw new TypeError('only Buffers may be in a cached value');
    let id = this.#ids.get(object);
    if (id === undefined) {
      this.#ids.set(object, (id = this.#ids.size));
      this.fresh.push(object);
    }
    this.writeUint32(id);
  }
}

/** The other way: a number read where a Buffer was is that Buffer (a view of the file, not a copy). */
class BufferLookup extends v8.Deserializer {
  readonly #buffers: readonly Buffer[];

  constructor(bytes: Buffer, buffers: readonly Buffer[]) {
    super(bytes);
    this.#buffers = buffers;
  }

  _readHostObject(): Buffer {
    const buffer = this.#buffers[this.readUint32()];
    if (!buffer) throw new CacheUnusable('a value names a Buffer the file does not hold');
    return buffer;
  }
}

function frameHead(kind: number, length: number): Buffer {
  const head = Buffer.allocUnsafe(5);
  head[0] = kind;
  head.writeUInt32LE(length, 1);
  return head;
}

/** Why a cache file was not used: said in one line, and the file is then ignored. */
export class CacheUnusable extends Error {}

const DAMAGED = 'checksum mismatch (truncated, corrupted or half-written)';

/**
 * Reads a cache file group by group, each only once its checksum holds: Buffers come back as views of
 * the file (no copy). The header is read at once but is only vouched for by the first group's checksum.
 */
export class CacheReader {
  readonly header: CacheHeader;
  readonly #file: Buffer;
  /** Where the next group's checksummed bytes begin, and where its first frame does. */
  #regionStart = 0;
  #at: number;
  /** How far nextGroupEnd has hopped the frames of the next group. */
  #hop = 0;
  #group = 0;
  readonly #buffers: Buffer[] = [];

  /** `file`: the whole file, or a buffer of its size whose first `loaded` bytes are read in (the header among them). */
  constructor(file: Buffer, loaded = file.length) {
    if (Math.min(loaded, file.length) < MAGIC.length || file.toString('utf8', 0, MAGIC.length) !== MAGIC) {
      throw new CacheUnusable(file.length === 0 ? 'the file is empty' : 'not a feedwright cache file');
    }
    const newline = file.subarray(0, loaded).indexOf(0x0a, MAGIC.length);
    if (newline < 0) throw new CacheUnusable(DAMAGED);
    let header: CacheHeader;
    try {
      header = JSON.parse(file.toString('utf8', MAGIC.length, newline)) as CacheHeader;
    } catch {
      throw new CacheUnusable(DAMAGED);
    }
    if (header.format !== CACHE_FORMAT) throw new CacheUnusable(`cache format ${String(header.format)}, this feedwright reads ${CACHE_FORMAT}`);
    if (!Array.isArray(header.groups)) throw new CacheUnusable(DAMAGED);
    this.header = header;
    this.#file = file;
    this.#at = newline + 1;
  }

  /** Whether every group has been read. */
  get done(): boolean {
    return this.#group >= this.header.groups.length;
  }

  /**
   * Where the next group ends (after its checksum frame), if the file's first `loaded` bytes tell; else
   * how far they must reach to tell more. Frames are hopped by their lengths, not read.
   */
  nextGroupEnd(loaded: number): { readonly end: number } | { readonly need: number } {
    const file = this.#file;
    const limit = Math.min(loaded, file.length);
    // Hopping resumes where the last call stopped: a caller reading on in steps hops each frame once.
    if (this.#hop < this.#at) this.#hop = this.#at;
    for (let at = this.#hop; ; this.#hop = at) {
      if (at + 5 > file.length) throw new CacheUnusable(DAMAGED);
      if (at + 5 > limit) return { need: at + 5 };
      const kind = file[at] as number;
      const length = file.readUInt32LE(at + 1);
      if (kind === CHECKSUM_FRAME) {
        if (at + 5 + length > file.length) throw new CacheUnusable(DAMAGED);
        return at + 5 + length > limit ? { need: at + 5 + length } : { end: at + 5 + length };
      }
      if (kind !== VALUE_FRAME && kind !== BUFFER_FRAME) throw new CacheUnusable(DAMAGED);
      at += 5 + length;
    }
  }

  /**
   * The next group's sections, by name, once its checksum holds; yields while hashing and between values.
   * `loaded`: how much of the file is read in (the group must be). Throws CacheUnusable if the frames do
   * not add up or the checksum does not match.
   */
  *next(loaded = this.#file.length): Generator<void, Map<string, unknown[]>> {
    const sections = this.header.groups[this.#group];
    if (!sections) throw new Error('no group left to read');
    const file = this.#file;
    // Find the group's checksum frame by the frames' lengths, then hash, then decode: nothing unchecked is decoded.
    const where = this.nextGroupEnd(loaded);
    if (!('end' in where) || where.end > loaded || where.end - CHECKSUM_BYTES - 5 < this.#at) throw new CacheUnusable(DAMAGED);
    const end = where.end - CHECKSUM_BYTES - 5;
    const sumAt = end + 5;
    if (file.readUInt32LE(end + 1) !== CHECKSUM_BYTES) throw new CacheUnusable(DAMAGED);
    const hash = createHash('sha256');
    for (let at = this.#regionStart; at < end; at += HASH_SLICE) {
      hash.update(file.subarray(at, Math.min(end, at + HASH_SLICE)));
      yield;
    }
    if (!hash.digest().equals(file.subarray(sumAt, sumAt + CHECKSUM_BYTES))) throw new CacheUnusable(DAMAGED);

    const out = new Map<string, unknown[]>();
    let at = this.#at;
    for (const [name, count] of sections) {
      const values: unknown[] = [];
      while (values.length < count) {
        if (at >= end) throw new CacheUnusable('a section holds fewer values than its header says');
        const kind = file[at] as number;
        const bytes = file.subarray(at + 5, at + 5 + file.readUInt32LE(at + 1));
        at += 5 + bytes.length;
        if (kind === BUFFER_FRAME) {
          this.#buffers.push(bytes);
          continue;
        }
        try {
          const reader = new BufferLookup(bytes, this.#buffers);
          reader.readHeader();
          const batch = reader.readValue() as unknown[];
          if (!Array.isArray(batch) || values.length + batch.length > count) throw new CacheUnusable('a frame holds more values than its section');
          for (const value of batch) values.push(value);
        } catch (err) {
          if (err instanceof CacheUnusable) throw err;
          throw new CacheUnusable('a value cannot be read back');
        }
        yield;
      }
      out.set(name, values);
    }
    if (at !== end) throw new CacheUnusable('bytes left after the last section of a group');
    this.#group++;
    this.#regionStart = this.#at = sumAt + CHECKSUM_BYTES;
    if (this.done && this.#at !== file.length) throw new CacheUnusable('bytes left after the last group');
    return out;
  }
}
