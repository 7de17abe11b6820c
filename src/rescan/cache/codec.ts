// The on-disk form of what a rescan learned (warm-cache.ts): each value in a frame of V8's own
// serialization (v8.Serializer: Maps, plain objects and numbers as they are, at native speed), Buffers in
// raw frames written once however many values share them (a post's content is in every feed that shows
// it) and named by number, and a sha256 of everything at the end. Encoding and decoding are generators,
// so the rescan's shell runs them in time slices (a 10,000-post site is ~50 MB) and requests are answered
// meanwhile: one v8.serialize of the whole state would hold the thread ~0.4 s at 10,000 posts.
import { createHash } from 'node:crypto';
import v8 from 'node:v8';

const MAGIC = 'feedwright-cache\n';
/** Bumped whenever the layout of the frames or of what is in them changes. */
export const CACHE_FORMAT = 3;

const VALUE_FRAME = 0x56; // 'V'
const BUFFER_FRAME = 0x42; // 'B'
const CHECKSUM_BYTES = 32;
/** A few milliseconds of serializing per frame. */
const VALUES_PER_FRAME = 128;

/** What a cache file says of itself; a reader trusts the rest only when all of it matches. */
export interface CacheHeader {
  readonly format: number;
  readonly version: string;
  /** Hash of the config the cache was made under: another config renders other bytes. */
  readonly config: string;
  /** The sections, in order, and how many values each holds. */
  readonly sections: readonly (readonly [name: string, count: number])[];
}

/** Encodes `sections` (arrays of values) after `header`; yields the file's pieces, the checksum last. */
export function* encodeCache(header: Omit<CacheHeader, 'sections'>, sections: readonly (readonly [string, readonly unknown[]])[]): Generator<Buffer> {
  const hash = createHash('sha256');
  const out = function* (bytes: Buffer): Generator<Buffer> {
    hash.update(bytes);
    yield bytes;
  };
  const full: CacheHeader = { ...header, sections: sections.map(([name, values]) => [name, values.length] as const) };
  yield* out(Buffer.from(`${MAGIC}${JSON.stringify(full)}\n`, 'utf8'));
  const ids = new Map<Buffer, number>();
  for (const [, values] of sections) {
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
  yield hash.digest();
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

/** The header alone, after checking the magic and the checksum of the whole file. */
export function readHeader(file: Buffer): { header: CacheHeader; bodyStart: number } {
  if (file.length < MAGIC.length + CHECKSUM_BYTES || file.toString('utf8', 0, MAGIC.length) !== MAGIC) {
    throw new CacheUnusable(file.length === 0 ? 'the file is empty' : 'not a feedwright cache file');
  }
  const end = file.length - CHECKSUM_BYTES;
  const sum = createHash('sha256').update(file.subarray(0, end)).digest();
  if (!sum.equals(file.subarray(end))) throw new CacheUnusable('checksum mismatch (truncated, corrupted or half-written)');
  const newline = file.indexOf(0x0a, MAGIC.length);
  if (newline < 0 || newline >= end) throw new CacheUnusable('no header');
  let header: CacheHeader;
  try {
    header = JSON.parse(file.toString('utf8', MAGIC.length, newline)) as CacheHeader;
  } catch {
    throw new CacheUnusable('the header is not JSON');
  }
  if (header.format !== CACHE_FORMAT) throw new CacheUnusable(`cache format ${String(header.format)}, this feedwright reads ${CACHE_FORMAT}`);
  return { header, bodyStart: newline + 1 };
}

/**
 * Decodes the sections of a file whose header `readHeader` checked; yields between values. Buffers come
 * back as views of `file` (no copy). Throws CacheUnusable if the frames do not add up.
 */
export function* decodeCache(file: Buffer, header: CacheHeader, bodyStart: number): Generator<void, Map<string, unknown[]>> {
  const end = file.length - CHECKSUM_BYTES;
  const buffers: Buffer[] = [];
  const sections = new Map<string, unknown[]>();
  let at = bodyStart;
  const frame = (): { kind: number; bytes: Buffer } => {
    if (at + 5 > end) throw new CacheUnusable('frames end early');
    const kind = file[at] as number;
    const length = file.readUInt32LE(at + 1);
    if (at + 5 + length > end) throw new CacheUnusable('a frame runs past the end');
    const bytes = file.subarray(at + 5, at + 5 + length);
    at += 5 + length;
    return { kind, bytes };
  };
  for (const [name, count] of header.sections) {
    const values: unknown[] = [];
    while (values.length < count) {
      const { kind, bytes } = frame();
      if (kind === BUFFER_FRAME) buffers.push(bytes);
      else if (kind === VALUE_FRAME) {
        try {
          const reader = new BufferLookup(bytes, buffers);
          reader.readHeader();
          const batch = reader.readValue() as unknown[];
          if (!Array.isArray(batch) || values.length + batch.length > count) throw new CacheUnusable('a frame holds more values than its section');
          for (const value of batch) values.push(value);
        } catch (err) {
          if (err instanceof CacheUnusable) throw err;
          throw new CacheUnusable('a value cannot be read back');
        }
        yield;
      } else throw new CacheUnusable(`unknown frame kind ${kind}`);
    }
    sections.set(name, values);
  }
  if (at !== end) throw new CacheUnusable('bytes left after the last section');
  return sections;
}
