// Values in V8's own serialization format (what v8.Deserializer reads), written here into one buffer that
// every frame of a cache file reuses. v8.Serializer makes a new malloc'd buffer for each frame, freed only
// when V8 next collects; a 100,000-post cache write had 60–80 MB of them live at once, and glibc kept the
// freed pages for the rest of the process's life (~110 MB of its RSS). V8 gives its own heap back once
// the service is idle. The reader is V8's own, unchanged, so the file's bytes mean what they did.
// The format is V8's src/objects/value-serializer.cc; only what cached values hold is written: numbers,
// strings, booleans, null, undefined, plain objects, dense arrays, Maps, Sets, Dates, and Buffers as the
// caller names them (host objects). An object met twice in one value is a reference to the first, as V8
// writes it (a shared author, a shared list of names).
import v8 from 'node:v8';

/** The format version this Node's V8 writes (and so reads): the first bytes of any v8.serialize. */
const VERSION = v8.serialize(null)[1] as number;

/** Strings up to this long are tried as Latin-1 a character at a time; longer ones are tested whole. */
const LATIN1_LOOP = 256;
const LATIN1 = /^[\0-\xff]*$/;

const TAG = {
  version: 0xff,
  undefined: 0x5f, // '_'
  null: 0x30, // '0'
  true: 0x54, // 'T'
  false: 0x46, // 'F'
  int32: 0x49, // 'I'
  double: 0x4e, // 'N'
  oneByte: 0x22, // '"'
  twoByte: 0x63, // 'c'
  reference: 0x5e, // '^'
  beginObject: 0x6f, // 'o'
  endObject: 0x7b, // '{'
  beginArray: 0x41, // 'A'
  endArray: 0x24, // '$'
  date: 0x44, // 'D'
  beginMap: 0x3b, // ';'
  endMap: 0x3a, // ':'
  beginSet: 0x27, // "'"
  endSet: 0x2c, // ','
  host: 0x5c, // '\'
} as const;

/**
 * Writes values into a buffer it keeps and grows: `take` hands out the bytes written since the last
 * `take` as a view, valid only until the next value is written.
 */
export class ValueWriter {
  #bytes: Buffer;
  #at = 0;
  #from = 0;
  /** Objects of the value being written, by the id V8's reader gives them (in the order they begin). */
  #ids = new Map<object, number>();
  readonly #host: (buffer: Buffer) => number;

  /** `host` gives the number a Buffer is written as (the codec's Buffer frames). */
  constructor(host: (buffer: Buffer) => number, initialBytes = 256 * 1024) {
    this.#host = host;
    this.#bytes = Buffer.allocUnsafeSlow(initialBytes);
  }

  /**
   * Leaves `n` bytes for the caller to fill in the view `take` gives (a frame's head, which says the
   * value's length): not a view now, as the buffer may be replaced by a larger one before the take.
   */
  skip(n: number): void {
    this.#room(n);
    this.#at += n;
  }

  /** Writes one value as a whole serialization: the header, then the value. */
  write(value: unknown): void {
    this.#room(2);
    this.#bytes[this.#at++] = TAG.version;
    this.#varint(VERSION);
    this.#ids.clear();
    this.#value(value);
  }

  /** The bytes written since the last take (a view of the writer's buffer: valid until it writes again). */
  take(): Buffer {
    const view = this.#bytes.subarray(this.#from, this.#at);
    this.#from = this.#at;
    return view;
  }

  /** Starts the buffer again from its beginning: every view taken before is then overwritten. */
  reset(): void {
    this.#at = 0;
    this.#from = 0;
  }

  #value(value: unknown): void {
    switch (typeof value) {
      case 'undefined':
        this.#tag(TAG.undefined);
        break;
      case 'boolean':
        this.#tag(value ? TAG.true : TAG.false);
        break;
      case 'number':
        this.#number(value);
        break;
      case 'string':
        this.#string(value);
        break;
      case 'object':
        if (value === null) this.#tag(TAG.null);
        else this.#object(value);
        break;
      default:
        // As V8's serializer does: a function, symbol or bigint has no place in a cached value.
        throw new TypeError(`a ${typeof value} cannot be in a cached value`);
    }
  }

  #number(n: number): void {
    if (Number.isInteger(n) && n >= -0x80000000 && n <= 0x7fffffff && !Object.is(n, -0)) {
      this.#tag(TAG.int32);
      // ZigZag, as V8 writes a signed varint.
      this.#varint(((n << 1) ^ (n >> 31)) >>> 0);
      return;
    }
    this.#tag(TAG.double);
    this.#double(n);
  }

  #string(s: string): void {
    const n = s.length;
    // As V8 writes a string: one byte a character while each fits in one (keys, paths, hashes, links,
    // copied here without a call out), else its UTF-16 code units as they are (CJK text, lone surrogates).
    if (n <= LATIN1_LOOP) {
      this.#room(n + 6);
      const bytes = this.#bytes;
      bytes[this.#at] = TAG.oneByte;
      let at = this.#at + 1;
      let rest = n;
      while (rest >= 0x80) {
        bytes[at++] = (rest & 0x7f) | 0x80;
        rest >>>= 7;
      }
      bytes[at++] = rest;
      let i = 0;
      for (; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c > 0xff) break;
        bytes[at + i] = c;
      }
      // Else written again below, over what this wrote.
      if (i === n) {
        this.#at = at + n;
        return;
      }
    } else if (LATIN1.test(s)) {
      this.#tag(TAG.oneByte);
      this.#varint(n);
      this.#room(n);
      this.#at += this.#bytes.write(s, this.#at, n, 'latin1');
      return;
    }
    this.#tag(TAG.twoByte);
    this.#varint(n * 2);
    this.#room(n * 2);
    this.#at += this.#bytes.write(s, this.#at, n * 2, 'utf16le');
  }

  #object(o: object): void {
    const known = this.#ids.get(o);
    if (known !== undefined) {
      this.#tag(TAG.reference);
      this.#varint(known);
      return;
    }
    this.#ids.set(o, this.#ids.size);
    const proto: unknown = Object.getPrototypeOf(o);
    if (proto === Object.prototype || proto === null) this.#properties(o);
    else if (Array.isArray(o)) {
      this.#tag(TAG.beginArray);
      this.#varint(o.length);
      for (const element of o as unknown[]) this.#value(element);
      this.#tag(TAG.endArray);
      this.#varint(0);
      this.#varint(o.length);
    } else if (Buffer.isBuffer(o)) {
      this.#tag(TAG.host);
      this.#varint(this.#host(o));
    } else if (o instanceof Map) {
      this.#tag(TAG.beginMap);
      for (const [key, value] of o) {
        this.#value(key);
        this.#value(value);
      }
      this.#tag(TAG.endMap);
      this.#varint(o.size * 2);
    } else if (o instanceof Set) {
      this.#tag(TAG.beginSet);
      for (const value of o) this.#value(value);
      this.#tag(TAG.endSet);
      this.#varint(o.size);
    } else if (o instanceof Date) {
      this.#tag(TAG.date);
      this.#double(o.getTime());
    } else if (ArrayBuffer.isView(o) || o instanceof ArrayBuffer || o instanceof RegExp || o instanceof Error || o instanceof Promise) {
      throw new TypeError(`a ${o.constructor.name} cannot be in a cached value (only Buffers)`);
    } else this.#properties(o);
  }

  /** Any other object is its own enumerable string-keyed properties, as V8 writes it. */
  #properties(o: object): void {
    this.#tag(TAG.beginObject);
    let count = 0;
    for (const key in o) {
      if (!Object.hasOwn(o, key)) continue;
      this.#string(key);
      this.#value((o as Record<string, unknown>)[key]);
      count++;
    }
    this.#tag(TAG.endObject);
    this.#varint(count);
  }

  #tag(tag: number): void {
    this.#room(1);
    this.#bytes[this.#at++] = tag;
  }

  #double(n: number): void {
    this.#room(8);
    this.#bytes.writeDoubleLE(n, this.#at);
    this.#at += 8;
  }

  #varint(n: number): void {
    this.#room(5);
    let rest = n;
    while (rest >= 0x80) {
      this.#bytes[this.#at++] = (rest & 0x7f) | 0x80;
      rest = Math.floor(rest / 128);
    }
    this.#bytes[this.#at++] = rest;
  }

  /** Makes room for `n` more bytes: a larger buffer, with what is written so far, when they do not fit. */
  #room(n: number): void {
    if (this.#at + n <= this.#bytes.length) return;
    const larger = Buffer.allocUnsafeSlow(Math.max(this.#bytes.length * 2, this.#at + n));
    this.#bytes.copy(larger, 0, 0, this.#at);
    this.#bytes = larger;
  }
}
