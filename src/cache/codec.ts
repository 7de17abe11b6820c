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
 * and a journal of what changed since may follow it: journal.ts; 8: a record holds its result's fields,
 * not a result object).
 */
export const CACHE_FORMAT = 8;

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

/** A section as decoded: its values, or (a section the decoder was told is keyed) a Map of its [key, value] entries. */
export type Decoded = unknown[] | Map<unknown, unknown>;

export interface DecoderOptions {
  /**
   * Takes each value as its frame is decoded and gives what is kept in its place (so that what it leaves
   * behind is garbage at once, not after the whole group). What it throws is thrown from `push` as it is
   * once the group's checksum holds (a bug to see, not a damaged file); if the checksum fails, the bytes
   * it was given were damaged, and that is what is said.
   */
  readonly revive?: (section: string, value: unknown) => unknown;
  /** Sections of [key, value] pairs (a Map's entries) decoded straight into a Map: no array of a million pairs first. */
  readonly keyed?: ReadonlySet<string>;
}

/** A group's values as decoded so far, section by section, until its checksum says whether to keep them. */
interface GroupRead {
  readonly sections: Map<string, Decoded>;
  /** The section being filled (index in the header's list), and how many values it has. */
  at: number;
  filled: number;
  /** Why the group's values cannot be used, once one of them could not be read back: said if its checksum holds. */
  broken: string | undefined;
  /** What `revive` threw on one of its values: thrown if the checksum holds (a bug), else the bytes were damaged. */
  fault: { readonly error: unknown } | undefined;
}

/**
 * Reads a cache file from its bytes as they come (`push`, front to back, chunks of any size), and hands
 * out each group (`next`) only once its checksum holds: nothing unchecked is used. Each value frame is
 * decoded as soon as it is whole (and `revive`d), and its bytes dropped: a million-post file's second
 * group was ~600 MB held in frames until its checksum, beside the records made of it. A value that cannot
 * be read back is said only once the checksum says the bytes are the ones written (otherwise they are
 * damaged, and that is said). The header is read first but is only vouched for by the first group's
 * checksum. Every frame is copied out of the chunk it came in, so the caller may reuse its read buffer; a
 * frame that claims more bytes than the file has is damage, found before anything is allocated for it.
 */
export class CacheDecoder {
  readonly #size: number;
  readonly #options: DecoderOptions;
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
  /** The values of the group being read; then the groups whose checksum held, waiting for `next`. */
  #group: GroupRead | undefined;
  readonly #ready: Map<string, Decoded>[] = [];
  #checked = 0;
  readonly #buffers: Buffer[] = [];
  #block: Buffer | undefined;
  #blockUsed = 0;
  /** Where value frames are read into: each is decoded as soon as it is whole, so one buffer serves them all. */
  #scratch = Buffer.allocUnsafeSlow(0);

  /** `size`: the file's size; no frame may reach past it. */
  constructor(size: number, options: DecoderOptions = {}) {
    if (size === 0) throw new CacheUnusable('the file is empty');
    this.#size = size;
    this.#options = options;
  }

  /** The header, once `push` has read it (believed only once the first group's checksum holds). */
  get header(): CacheHeader | undefined {
    return this.#header;
  }

  /** Groups whose checksum held and that `next` has not taken yet. */
  get ready(): number {
    return this.#ready.length;
  }

  /** Whether every group's checksum held (the file is read to its end). */
  get complete(): boolean {
    return this.#header !== undefined && this.#checked === this.#header.groups.length;
  }

  /**
   * Takes the file's next bytes, up to the end of the group they close: returns how many it took (the
   * caller hands the rest in again), so a group is handed out before damage further on is even looked at.
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
   * The next checked group's sections, by name: decoded as they came (push), so this only hands them
   * out. Only a group `ready` counts.
   */
  nextGroup(): Map<string, Decoded> {
    const sections = this.#ready.shift();
    if (!sections) throw new Error('no checked group to decode');
    return sections;
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
    if (typeof header !== 'object' || header === null) throw new CacheUnusable(DAMAGED);
    if (header.format !== CACHE_FORMAT) throw new CacheUnusable(`cache format ${String(header.format)}, this feedwright reads ${CACHE_FORMAT}`);
    // Its sections are used before the checksum vouches for them: a damaged header must not throw otherwise.
    const section = (s: unknown): boolean => Array.isArray(s) && typeof s[0] === 'string' && Number.isSafeInteger(s[1]) && (s[1] as number) >= 0;
    const group = (g: unknown): boolean => Array.isArray(g) && g.every(section) && new Set(g.map((s: [string]) => s[0])).size === g.length;
    if (!Array.isArray(header.groups) || header.groups.length === 0 || !header.groups.every(group)) throw new CacheUnusable(DAMAGED);
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
   * than one per frame, and no block is shared with what is dropped. Value frames share one scratch
   * buffer: each is decoded once whole, and nothing decoded points into it (Buffers are frames of their own).
   */
  #room(kind: number, length: number): Buffer {
    if (kind === VALUE_FRAME || kind === CHECKSUM_FRAME) {
      if (this.#scratch.length < length) this.#scratch = Buffer.allocUnsafeSlow(Math.max(length, this.#scratch.length * 2));
      return this.#scratch.subarray(0, length);
    }
    if (length > BLOCK_BYTES / 8) return Buffer.allocUnsafeSlow(length);
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
    const sections = this.#header?.groups[this.#checked];
    if (!sections) throw new CacheUnusable('bytes left after the last group');
    this.#group ??= { sections: new Map(), at: 0, filled: 0, broken: undefined, fault: undefined };
    const group = this.#group;
    if (this.#kind === BUFFER_FRAME) {
      // A Buffer goes before the value that names it: none may come once every section is full.
      if (full(sections, group)) group.broken ??= 'bytes left after the last section of a group';
      this.#buffers.push(body);
      return false;
    }
    if (this.#kind === VALUE_FRAME) {
      if (group.broken === undefined && group.fault === undefined) this.#decode(body, sections, group);
      return false;
    }
    if (!this.#hash.digest().equals(body)) throw new CacheUnusable(DAMAGED);
    if (group.fault) throw group.fault.error;
    if (group.broken !== undefined) throw new CacheUnusable(group.broken);
    if (!full(sections, group)) throw new CacheUnusable('a section holds fewer values than its header says');
    // Sections with no values are there, empty.
    for (const [name] of sections) if (!group.sections.has(name)) group.sections.set(name, this.#emptySection(name));
    this.#ready.push(group.sections);
    this.#group = undefined;
    this.#checked++;
    this.#hash = createHash('sha256');
    return true;
  }

  /** A section before its first value: a Map if the decoder was told it is keyed, else a list. */
  #emptySection(name: string): Decoded {
    return this.#options.keyed?.has(name) ? new Map() : [];
  }

  /** Decodes a value frame into its section (the first one not full yet), or notes why it cannot be. */
  #decode(bytes: Buffer, sections: CacheHeader['groups'][number], group: GroupRead): void {
    // Values fill the sections in the header's order (the writer's), counted as they come.
    while (group.at < sections.length && group.filled >= (sections[group.at] as [string, number])[1]) {
      group.at++;
      group.filled = 0;
    }
    const section = sections[group.at];
    if (!section) {
      group.broken = 'bytes left after the last section of a group';
      return;
    }
    const [name, count] = section;
    let batch: unknown[];
    try {
      const reader = new BufferLookup(bytes, this.#buffers);
      reader.readHeader();
      batch = reader.readValue() as unknown[];
    } catch (err) {
      group.broken = err instanceof CacheUnusable ? err.message : 'a value cannot be read back';
      return;
    }
    let values = group.sections.get(name);
    if (!values) {
      values = this.#emptySection(name);
      group.sections.set(name, values);
    }
    if (!Array.isArray(batch) || group.filled + batch.length > count) {
      group.broken = 'a frame holds more values than its section';
      return;
    }
    group.filled += batch.length;
    const { revive } = this.#options;
    for (const value of batch) {
      let kept: unknown;
      try {
        kept = revive ? revive(name, value) : value;
      } catch (error) {
        // Held until the checksum says whether these bytes are the ones written (see DecoderOptions.revive).
        group.fault = { error };
        return;
      }
      if (Array.isArray(values)) values.push(kept);
      else if (Array.isArray(kept) && kept.length === 2 && !values.has(kept[0])) values.set(kept[0], kept[1]);
      else group.broken = 'a value cannot be read back';
    }
  }
}

/** Whether every section of the group has all its values (those after the one being filled: none expected). */
function full(sections: CacheHeader['groups'][number], group: GroupRead): boolean {
  const at = sections[group.at];
  return (at === undefined || group.filled >= at[1]) && sections.slice(group.at + 1).every(([, count]) => count === 0);
}
