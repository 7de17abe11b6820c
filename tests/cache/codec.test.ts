// The cache file's codec: the decoder takes the file in chunks of any size and gives back what was
// encoded, each group only once its checksum holds; damage (a cut file, bytes after the end, a frame that
// claims more than the file has, a header with no end) is CacheUnusable, found without reading on.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CacheUnusable } from '../../src/errors.js';
import { CacheDecoder, CACHE_FORMAT, encodeCache, type Section } from '../../src/cache/codec.js';

const shared = Buffer.from('a buffer two values share');
const groups: Section[][] = [
  [['first', [{ n: 1, body: shared }, new Map([['k', [1, 2, 3]]])]]],
  [['second', Array.from({ length: 300 }, (_, i) => ({ i, body: i % 2 ? shared : Buffer.from(`own ${i}`) }))]],
];
const file = Buffer.concat([...encodeCache({ format: CACHE_FORMAT, version: 'v', build: 'b', config: 'c' }, groups)]);

/** Feeds `bytes` to a decoder `chunk` bytes at a time, decoding each group as soon as it is ready. */
function decode(bytes: Buffer, chunk: number, size = bytes.length): Map<string, unknown[]>[] {
  const decoder = new CacheDecoder(size);
  const out: Map<string, unknown[]>[] = [];
  const drain = (): void => {
    while (decoder.ready > 0) {
      const it = decoder.next();
      for (let r = it.next(); ; r = it.next())
        if (r.done) {
          out.push(r.value);
          break;
        }
    }
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
    const firstValue = first?.get('first')?.[0] as { body: Buffer } | undefined;
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
  // Changed after the header counted it (between two frames): the write throws rather than end a file no start could read.
  const growing = new Map(records);
  const pieces = encodeCache(header, [[['records', growing]]]);
  assert.throws(() => {
    for (const _piece of pieces) if (growing.size === records.size) growing.set('late', { size: 0 });
  }, /changed while it was written/);
});

test("a fault of `revive` is the caller's to see, not a damaged file", () => {
  const decoder = new CacheDecoder(file.length);
  let taken = 0;
  while (taken < file.length && decoder.ready === 0) taken += decoder.push(file.subarray(taken));
  const it = decoder.next(() => {
    throw new TypeError('a bug in revive');
  });
  assert.throws(() => {
    for (let r = it.next(); !r.done; r = it.next());
  }, TypeError);
});
