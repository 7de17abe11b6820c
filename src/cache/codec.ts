// The on-disk form of what a rescan learned (warm-cache.ts): each value in a frame of V8's own
// serialization (v8.Serializer: Maps, plain objects and numbers as they are, at native speed), Buffers in
// raw frames written once however many values share them (a post's content is in every feed that shows
// it) and named by number. The sections come in groups, each closed by a checksum frame (sha256 of every
// byte since the previous one, the header's included in the first): a start checks and decodes the first
// group (what it serves at once) before the rest is even read. The decoder takes the file in chunks of
// any size, as they are read, and copies each frame out: the file is never one Buffer (Node cannot read
// 2 GiB or more into one), Buffer frames are kept in memory of their own, and value frames are dropped
// once decoded.
// Encoding and decoding are generators, so the rescan's shell runs them in time slices (a 10,000-post
// site is ~50 MB) and requests are answered meanwhile: one v8.serialize of the whole state would hold
// the thread ~0.4 s at 10,000 posts.
import { CacheUnusable } from '../errors.js';
import { createHash } from 'node:crypto';
import v8 from 'node:v8';

const MAGIC = 'feedwright-cache\n';
/**
 * Bumped whenever the layout of the frames or of what is in them changes (5: the header names the build;
 * 6: posts carry authors and media, records their files' stamps; 7: the header names the file (its id),
 * and a journal of what changed since may follow it: journal.ts).
 */
export const CACHE_FORMAT = 7;

const VALUE_FRAME = 0x56; // 'V'
const BUFFER_FRAME = 0x42; // 'B'
const CHECKSUM_FRAME = 0x43; // 'C'
const CHECKSUM_BYTES = 32;
/** A few milliseconds of serializing per frame. */
const VALUES_PER_FRAME = 128;

/**
 * A section: a name and its values, as an array or a map's entries (each [key, value]): a million records
 * are taken from their map a frame at a time, not copied into pairs first.
 */
export type Section = readonly [name: string, values: readonly unknown[] | ReadonlyMap<unknown, unknown>];

function countOf(values: Section[1]): number {
  return Array.isArray(values) ? values.length : (values as ReadonlyMap<unknown, unknown>).size;
}

/** What a cache file says of itself; a reader trusts the rest only when all of it matches. */
export interface CacheHeader {
  readonly format: number;
  readonly version: string;
  /** Hash of the code and dependencies that made the bytes (build-key.ts): one version may be many builds. */
  readonly build: string;
  /** Hash of the config the cache was made under: another config renders other bytes. */
  readonly config: string;
  /** Which whole file this is, made anew at each whole write: a journal's frames name the file they follow. */
  readonly id?: string;
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
  const full: CacheHeader = { ...header, groups: groups.map((group) => group.map(([name, values]) => [name, countOf(values)] as const)) };
  yield* out(Buffer.from(`${MAGIC}${JSON.stringify(full)}\n`, 'utf8'));
  const ids = new Map<Buffer, number>();
  const frame = function* (batch: unknown[]): Generator<Buffer> {
    const writer = new BufferNaming(ids);
    writer.writeHeader();
    writer.writeValue(batch);
    const body = writer.releaseBuffer();
    // A frame's new Buffers go before it, so a reader has every Buffer a value names when it meets it.
    for (const bytes of writer.fresh) {
      yield* out(frameHead(BUFFER_FRAME, bytes.length));
      yield* out(bytes);
    }
    yield* out(frameHead(VALUE_FRAME, body.length));
    yield* out(body);
  };
  for (const [g, group] of groups.entries()) {
    for (const [k, [, values]] of group.entries()) {
      // Values go in batches: one serializer per value costs more than the serializing.
      const count = full.groups[g]?.[k]?.[1];
      let written = 0;
      let batch: unknown[] = [];
      for (const value of values) {
        batch.push(value);
        if (batch.length === VALUES_PER_FRAME) {
          written += batch.length;
          yield* frame(batch);
          batch = [];
        }
      }
      written += batch.length;
      if (batch.length > 0) yield* frame(batch);
      // A map changed while it was written would make a file no start can read: the write fails instead.
      if (written !== count) throw new Error(`a cache section changed while it was written (${written} values, the header says ${count})`);
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
      id = this.#ids.size;
      this.#ids.set(object, id);
      this.fresh.push(object);
    }
    this.writeUint32(id);
  }
}

/** The other way: a number read where a Buffer was is that Buffer (its frame's own bytes). */
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

const DAMAGED = 'checksum mismatch (truncated, corrupted or half-written)';
/** What small Buffer frames are packed into. */
const BLOCK_BYTES = 1 << 20;
/** The header is a few hundred bytes; a file with no line end in this many is not one feedwright wrote. */
const HEADER_MAX = 64 * 1024;

interface Frame {
  readonly kind: number;
  readonly bytes: Buffer;
}

/**
 * Reads a cache file from its bytes as they come (`push`, front to back, chunks of any size), and hands
 * out each group (`next`) only once its checksum holds: nothing unchecked is decoded. The header is read
 * first but is only vouched for by the first group's checksum. Every frame is copied out of the chunk it
 * came in, so the caller may reuse its read buffer; a frame that claims more bytes than the file has is
 * damage, found before anything is allocated for it.
 */
export class CacheDecoder {
  readonly #size: number;
  #header: CacheHeader | undefined;
  #headerBytes: Buffer[] = [];
  #headerLength = 0;
  /** Bytes of the file taken so far. */
  #at = 0;
  #hash = createHash('sha256');
  readonly #head = Buffer.alloc(5);
  #headFill = 0;
  #body: Buffer | undefined;
  #kind = 0;
  #bodyFill = 0;
  /** The frames of the group being read, then of the groups whose checksum held and that wait for `next`. */
  #frames: Frame[] = [];
  readonly #ready: Frame[][] = [];
  #checked = 0;
  #decoded = 0;
  readonly #buffers: Buffer[] = [];
  #block: Buffer | undefined;
  #blockUsed = 0;

  /** `size`: the file's size; no frame may reach past it. */
  constructor(size: number) {
    if (size === 0) throw new CacheUnusable('the file is empty');
    this.#size = size;
  }

  /** The header, once `push` has read it (believed only once the first group's checksum holds). */
  get header(): CacheHeader | undefined {
    return this.#header;
  }

  /** Groups whose checksum held and that `next` has not decoded yet. */
  get ready(): number {
    return this.#ready.length;
  }

  /** Whether every group's checksum held (the file is read to its end). */
  get complete(): boolean {
    return this.#header !== undefined && this.#checked === this.#header.groups.length;
  }

  /**
   * Takes the file's next bytes, up to the end of the group they close: returns how many it took (the
   * caller hands the rest in again), so a group is decoded before damage further on is even looked at.
   * Throws CacheUnusable as soon as the bytes cannot be a cache file's.
   */
  push(chunk: Buffer): number {
    let i = 0;
    if (!this.#header) i = this.#readHeader(chunk);
    while (i < chunk.length) {
      if (this.complete) throw new CacheUnusable('bytes left after the last group');
      if (!this.#body) {
        const n = Math.min(5 - this.#headFill, chunk.length - i);
        chunk.copy(this.#head, this.#headFill, i, i + n);
        this.#headFill += n;
        i += n;
        if (this.#headFill === 5 && this.#startFrame()) return i;
        continue;
      }
      const n = Math.min(this.#body.length - this.#bodyFill, chunk.length - i);
      chunk.copy(this.#body, this.#bodyFill, i, i + n);
      // The checksum frame is not part of what it sums.
      if (this.#kind !== CHECKSUM_FRAME) this.#hash.update(chunk.subarray(i, i + n));
      this.#bodyFill += n;
      i += n;
      if (this.#bodyFill === this.#body.length && this.#endFrame()) return i;
    }
    return i;
  }

  /** The file has no more bytes: throws CacheUnusable unless every group was whole. */
  end(): void {
    if (!this.complete) throw new CacheUnusable(DAMAGED);
  }

  /**
   * The next group's sections, by name; yields between values. Only a group `ready` counts. Throws
   * CacheUnusable if its values do not add up to what the header says. `revive`, when given, takes each
   * value as its frame is decoded and gives what is kept in its place (so that what it leaves behind is
   * garbage at once, not after the whole group).
   */
  *next(revive?: (section: string, value: unknown) => unknown): Generator<void, Map<string, unknown[]>> {
    const header = this.#header;
    const frames = this.#ready.shift();
    const sections = header?.groups[this.#decoded];
    if (!frames || !sections) throw new Error('no checked group to decode');
    this.#decoded++;
    const out = new Map<string, unknown[]>();
    let f = 0;
    for (const [name, count] of sections) {
      const values: unknown[] = [];
      while (values.length < count) {
        const frame = frames[f];
        if (!frame) throw new CacheUnusable('a section holds fewer values than its header says');
        // Dropped as it is decoded: a value frame's bytes are not needed once its values are made.
        frames[f++] = undefined as unknown as Frame;
        if (frame.kind === BUFFER_FRAME) {
          this.#buffers.push(frame.bytes);
          continue;
        }
        let batch: unknown[];
        try {
          const reader = new BufferLookup(frame.bytes, this.#buffers);
          reader.readHeader();
          batch = reader.readValue() as unknown[];
          if (!Array.isArray(batch) || values.length + batch.length > count) throw new CacheUnusable('a frame holds more values than its section');
        } catch (err) {
          if (err instanceof CacheUnusable) throw err;
          throw new CacheUnusable('a value cannot be read back');
        }
        // Outside the decoding's catch: a fault of `revive` is a bug to see, not a damaged file.
        for (const value of batch) values.push(revive ? revive(name, value) : value);
        yield;
      }
      out.set(name, values);
    }
    if (f !== frames.length) throw new CacheUnusable('bytes left after the last section of a group');
    return out;
  }

  /** Reads the magic and the header line from the start of the file; the index in `chunk` after it. */
  #readHeader(chunk: Buffer): number {
    // The magic ends in a line end of its own: the header's is the first one after it.
    const newline = chunk.indexOf(0x0a, Math.max(0, MAGIC.length - this.#headerLength));
    const taken = newline < 0 ? chunk.length : newline + 1;
    this.#headerBytes.push(chunk.subarray(0, taken));
    this.#headerLength += taken;
    const seen = Buffer.concat(this.#headerBytes);
    if (seen.toString('latin1', 0, Math.min(seen.length, MAGIC.length)) !== MAGIC.slice(0, Math.min(seen.length, MAGIC.length))) {
      throw new CacheUnusable('not a feedwright cache file');
    }
    if (newline < 0) {
      if (this.#headerLength > HEADER_MAX || this.#headerLength >= this.#size) {
        throw new CacheUnusable(this.#headerLength < MAGIC.length ? 'not a feedwright cache file' : DAMAGED);
      }
      // Kept as a copy: the caller may reuse the chunk.
      this.#headerBytes = [Buffer.from(seen)];
      return chunk.length;
    }
    let header: CacheHeader;
    try {
      header = JSON.parse(seen.toString('utf8', MAGIC.length, seen.length - 1)) as CacheHeader;
    } catch {
      throw new CacheUnusable(DAMAGED);
    }
    if (header.format !== CACHE_FORMAT) throw new CacheUnusable(`cache format ${String(header.format)}, this feedwright reads ${CACHE_FORMAT}`);
    if (!Array.isArray(header.groups) || header.groups.some((g) => !Array.isArray(g))) throw new CacheUnusable(DAMAGED);
    this.#hash.update(seen);
    this.#at = seen.length;
    this.#headerBytes = [];
    this.#header = header;
    return taken;
  }

  /** A frame's head is read: check it against the file's size, and make room for its body. True if it closed a group. */
  #startFrame(): boolean {
    const kind = this.#head[0] as number;
    const length = this.#head.readUInt32LE(1);
    if (kind !== VALUE_FRAME && kind !== BUFFER_FRAME && kind !== CHECKSUM_FRAME) throw new CacheUnusable(DAMAGED);
    if (this.#at + 5 + length > this.#size || (kind === CHECKSUM_FRAME && length !== CHECKSUM_BYTES)) throw new CacheUnusable(DAMAGED);
    if (kind !== CHECKSUM_FRAME) this.#hash.update(this.#head);
    this.#kind = kind;
    this.#body = this.#room(kind, length);
    this.#bodyFill = 0;
    return length === 0 && this.#endFrame();
  }

  /**
   * Memory for a frame's body. Buffer frames are kept as long as the state is (a document's bytes are
   * views of them), so the small ones are packed into blocks of their own: one allocation per MiB rather
   * than one per frame, and no block is shared with what is dropped. Value frames go once decoded.
   */
  #room(kind: number, length: number): Buffer {
    if (kind !== BUFFER_FRAME || length > BLOCK_BYTES / 8) return Buffer.allocUnsafeSlow(length);
    if (!this.#block || this.#blockUsed + length > this.#block.length) {
      // No bigger than what is left of the stream: a journal frame of a few KB would otherwise keep a whole MiB alive.
      this.#block = Buffer.allocUnsafeSlow(Math.max(length, Math.min(BLOCK_BYTES, this.#size - this.#at)));
      this.#blockUsed = 0;
    }
    this.#blockUsed += length;
    return this.#block.subarray(this.#blockUsed - length, this.#blockUsed);
  }

  /** A frame's body is read; true if it was a group's checksum (and it held). */
  #endFrame(): boolean {
    const body = this.#body as Buffer;
    this.#at += 5 + body.length;
    this.#body = undefined;
    this.#headFill = 0;
    if (this.#kind !== CHECKSUM_FRAME) {
      this.#frames.push({ kind: this.#kind, bytes: body });
      return false;
    }
    if (!this.#hash.digest().equals(body)) throw new CacheUnusable(DAMAGED);
    if (!this.#header?.groups[this.#checked]) throw new CacheUnusable('bytes left after the last group');
    this.#ready.push(this.#frames);
    this.#frames = [];
    this.#checked++;
    this.#hash = createHash('sha256');
    return true;
  }
}
