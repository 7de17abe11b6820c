// The cache file's codec: the decoder takes the file in chunks of any size and gives back what was
// encoded, each group only once its checksum holds (each value decoded as it comes, its bytes dropped); damage (a cut file, bytes after the end, a frame that
// claims more than the file has, a header with no end) is CacheUnusable, found without reading on.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { CacheUnusable } from '../../src/errors.js';
import { CacheDecoder, CACHE_FORMAT, encodeCache, type Decoded, type DecoderOptions, type Section } from '../../src/cache/codec.js';

const shared = Buffer.from('a buffer two values share');
const groups: Section[][] = [
  [['first', [{ n: 1, body: shared }, new Map([['k', [1, 2, 3]]])]]],
  [['second', Array.from({ length: 300 }, (_, i) => ({ i, body: i % 2 ? shared : Buffer.from(`own ${i}`) }))]],
];
const file = Buffer.concat([...encodeCache({ format: CACHE_FORMAT, version: 'v', build: 'b', config: 'c' }, groups)]);

/** Feeds `bytes` to a decoder `chunk` bytes at a time, decoding each group as soon as it is ready. */
function decode(bytes: Buffer, chunk: number, size = bytes.length, options: DecoderOptions = {}): Map<string, Decoded>[] {
  const decoder = new CacheDecoder(size, options);
  const out: Map<string, Decoded>[] = [];
  const drain = (): void => {
    while (decoder.ready > 0) out.push(decoder.nextGroup());
  };
  for (let at = 0; at < bytes.length; at += chunk) {
    const piece = bytes.subarray(at, Math.min(at + chunk, bytes.length));
    for (let taken = 0; taken < piece.length; drain()) taken += decoder.push(piece.subarray(taken));
  }
  decoder.end();
  drain();
  return out;
}

test('any chunk size gives back the values, Buffers shared as they were written', () => {
  for (const chunk of [1, 5, 6, 7, 64, 4096, file.length]) {
    const [first, second] = decode(file, chunk);
    assert.deepEqual(first?.get('first'), [{ n: 1, body: shared }, new Map([['k', [1, 2, 3]]])], `chunk ${chunk}`);
    const values = second?.get('second') as { i: number; body: Buffer }[];
    assert.equal(values.length, 300);
    const firstValue = (first?.get('first') as unknown[] | undefined)?.[0] as { body: Buffer } | undefined;
    assert.ok(firstValue);
    assert.equal(values[1]?.body, firstValue.body, 'one Buffer for both');
    assert.equal(values[2]?.body.toString(), 'own 2');
  }
});

test('the header is read, and believed by the caller only after the first group', () => {
  const decoder = new CacheDecoder(file.length);
  decoder.push(file.subarray(0, 200));
  assert.deepEqual([decoder.header?.version, decoder.header?.build, decoder.header?.config], ['v', 'b', 'c']);
  assert.equal(decoder.ready, 0);
});

test('damage is CacheUnusable, with its reason', () => {
  const unusable = (fn: () => unknown, reason: RegExp): void => assert.throws(fn, (e: unknown) => e instanceof CacheUnusable && reason.test(e.message));
  unusable(() => decode(file.subarray(0, file.length - 10), 1000, file.length - 10), /checksum mismatch/);
  unusable(() => decode(Buffer.concat([file, Buffer.from('x')]), 1000), /bytes left after the last group/);
  const flipped = Buffer.from(file);
  flipped[flipped.length - 40] = (flipped[flipped.length - 40] as number) ^ 0xff;
  unusable(() => decode(flipped, 1000), /checksum mismatch/);
  // The first frame claims 4 GiB: refused at its head, nothing allocated for it.
  const newline = file.indexOf(0x0a, 'feedwright-cache\n'.length);
  const huge = Buffer.from(file);
  huge.writeUInt32LE(0xffffffff, newline + 2);
  unusable(() => new CacheDecoder(huge.length).push(huge), /checksum mismatch/);
  unusable(() => new CacheDecoder(0), /the file is empty/);
  unusable(() => decode(Buffer.from('hello, not a cache\n'), 4), /not a feedwright cache file/);
  unusable(() => decode(Buffer.from('feedwright'), 4), /not a feedwright cache file/);
  unusable(() => decode(Buffer.concat([Buffer.from('feedwright-cache\n'), Buffer.alloc(70_000, 0x20)]), 4096), /checksum mismatch/);
  unusable(
    () => decode(Buffer.from(`feedwright-cache\n${JSON.stringify({ format: CACHE_FORMAT - 1, groups: [] })}\n`), 64),
    new RegExp(`cache format ${CACHE_FORMAT - 1}, this feedwright reads ${CACHE_FORMAT}`),
  );
});

test("a small stream's Buffers share a block no larger than the stream (a journal frame keeps KB, not a MiB, alive)", () => {
  const [, second] = decode(file, 4096);
  const values = second?.get('second') as { body: Buffer }[] | undefined;
  const body = values?.[2]?.body;
  assert.ok(body);
  assert.ok(body.buffer.byteLength <= file.length, `${body.buffer.byteLength} bytes kept for a ${file.length}-byte stream`);
});

test('a section may be a Map, written a frame at a time as its entries; one that changes while it is written fails the write', () => {
  const records = new Map<string, { size: number }>(Array.from({ length: 500 }, (_, i) => [`p${i}`, { size: i }]));
  const header = { format: CACHE_FORMAT, version: 'v', build: 'b', config: 'c' };
  const bytes = Buffer.concat([...encodeCache(header, [[['records', records]]])]);
  const [group] = decode(bytes, 4096);
  assert.deepEqual(group?.get('records'), [...records]);
  // Decoded as keyed: straight into a Map, in the same order; a keyed section with no frames is an empty Map.
  const [keyed] = decode(bytes, 4096, bytes.length, { keyed: new Set(['records']) });
  assert.deepEqual(keyed?.get('records'), records);
  const none = Buffer.concat([...encodeCache(header, [[['records', new Map()]]])]);
  assert.deepEqual(decode(none, 64, none.length, { keyed: new Set(['records']) })[0]?.get('records'), new Map());
  // A keyed section's values must be pairs, each key once.
  for (const values of [
    [1, 2],
    [
      ['k', 1],
      ['k', 2],
    ],
  ]) {
    const bad = Buffer.concat([...encodeCache(header, [[['records', values]]])]);
    assert.throws(
      () => decode(bad, 64, bad.length, { keyed: new Set(['records']) }),
      (e: unknown) => e instanceof CacheUnusable && /a value cannot be read back/.test(e.message),
    );
  }
  // Sections fill in order however many frames each takes, empty ones included.
  const many: Section[] = [
    ['a', Array.from({ length: 300 }, (_, i) => i)],
    ['none', []],
    ['b', new Map([['x', 1]])],
  ];
  const [mixed] = decode(Buffer.concat([...encodeCache(header, [many])]), 4096, undefined, { keyed: new Set(['b', 'none']) });
  assert.deepEqual(
    mixed?.get('a'),
    Array.from({ length: 300 }, (_, i) => i),
  );
  assert.deepEqual(mixed?.get('none'), new Map());
  assert.deepEqual(mixed?.get('b'), new Map([['x', 1]]));
  // Changed after the header counted it (between two frames): the write throws rather than end a file no start could read.
  const growing = new Map(records);
  const pieces = encodeCache(header, [[['records', growing]]]);
  assert.throws(() => {
    for (const _piece of pieces) if (growing.size === records.size) growing.set('late', { size: 0 });
  }, /changed while it was written/);
});

test("a fault of `revive` is the caller's to see, not a damaged file", () => {
  const decoder = new CacheDecoder(file.length, {
    revive: () => {
      throw new TypeError('a bug in revive');
    },
  });
  assert.throws(() => decoder.push(file), TypeError);
});

/** The file's frames: [kind, start of the head, end of the body]. */
function framesOf(bytes: Buffer): [number, number, number][] {
  const out: [number, number, number][] = [];
  for (let at = bytes.indexOf(0x0a, 'feedwright-cache\n'.length) + 1; at < bytes.length; ) {
    const end = at + 5 + bytes.readUInt32LE(at + 1);
    out.push([bytes[at] as number, at, end]);
    at = end;
  }
  return out;
}

test("each value is decoded as its frame is whole, before the group's checksum; the group is handed out only once it holds", () => {
  const seen: unknown[] = [];
  const decoder = new CacheDecoder(file.length, {
    revive: (section, value) => {
      if (section === 'second') seen.push((value as { i: number }).i);
      return value;
    },
  });
  const checksums = framesOf(file).filter(([kind]) => kind === 0x43);
  const lastHead = (checksums.at(-1) as [number, number, number])[1];
  for (let taken = 0; taken < lastHead; ) taken += decoder.push(file.subarray(taken, lastHead));
  // Every value of the second group is made, and its frames' bytes gone; it is not handed out yet.
  assert.deepEqual(
    seen,
    Array.from({ length: 300 }, (_, i) => i),
  );
  assert.equal(decoder.ready, 1);
  decoder.push(file.subarray(lastHead));
  assert.equal(decoder.ready, 2);
});

test('a value that cannot be read back is said so only when the checksum holds; otherwise the bytes are damaged', () => {
  const frames = framesOf(file);
  const [, , firstEnd] = frames.find(([kind]) => kind === 0x43) as [number, number, number];
  const value = frames.find(([kind, at]) => kind === 0x56 && at > firstEnd) as [number, number, number];
  const broken = Buffer.from(file);
  // The V8 header byte of the second group's first value frame: no deserializer reads it.
  broken[value[1] + 5] = 0;
  assert.throws(
    () => decode(broken, 4096),
    (e: unknown) => e instanceof CacheUnusable && /checksum mismatch/.test(e.message),
  );
  assert.throws(
    () => decode(resummed(broken, firstEnd, broken.length - 37), 4096),
    (e: unknown) => e instanceof CacheUnusable && /a value cannot be read back/.test(e.message),
  );
});

test('a header that is not an object of groups of [name, count] pairs, each name once, is damage, not a crash', () => {
  for (const header of [
    null,
    5,
    { format: CACHE_FORMAT, groups: [[5]] },
    { format: CACHE_FORMAT, groups: [] },
    {
      format: CACHE_FORMAT,
      groups: [
        [
          ['a', 1],
          ['a', 1],
        ],
      ],
    },
  ]) {
    const bad = Buffer.from(`feedwright-cache\n${JSON.stringify(header)}\n`);
    assert.throws(
      () => decode(Buffer.concat([bad, Buffer.alloc(8)]), 64),
      (e: unknown) => e instanceof CacheUnusable && /checksum mismatch/.test(e.message),
      JSON.stringify(header),
    );
  }
});

/** `bytes` with the checksum of the group that ends at the checksum frame `sum` (its head's index) made again. */
function resummed(bytes: Buffer, groupStart: number, sum: number): Buffer {
  const out = Buffer.from(bytes);
  createHash('sha256')
    .update(out.subarray(groupStart, sum))
    .digest()
    .copy(out, sum + 5);
  return out;
}

test('a Buffer frame once every section is full is bytes left after the last section, as before', () => {
  const frames = framesOf(file);
  const [, , firstEnd] = frames.find(([kind]) => kind === 0x43) as [number, number, number];
  const [, lastSum] = frames.at(-1) as [number, number, number];
  const extra = Buffer.concat([Buffer.from([0x42, 3, 0, 0, 0]), Buffer.from('odd')]);
  const longer = Buffer.concat([file.subarray(0, lastSum), extra, file.subarray(lastSum)]);
  assert.throws(
    () => decode(resummed(longer, firstEnd, lastSum + extra.length), 4096),
    (e: unknown) => e instanceof CacheUnusable && /bytes left after the last section of a group/.test(e.message),
  );
});

test('what `revive` throws on bytes whose checksum fails is damage; on bytes whose checksum holds, it is thrown', () => {
  const flipped = Buffer.from(file);
  flipped[flipped.length - 40] = (flipped[flipped.length - 40] as number) ^ 0xff;
  const throwing: DecoderOptions = {
    revive: (section, value) => {
      if (section === 'second') throw new TypeError('not a record');
      return value;
    },
  };
  assert.throws(
    () => decode(flipped, 4096, flipped.length, throwing),
    (e: unknown) => e instanceof CacheUnusable && /checksum mismatch/.test(e.message),
  );
  assert.throws(() => decode(file, 4096, file.length, throwing), TypeError);
});
