import assert from 'node:assert/strict';
import test from 'node:test';
import v8 from 'node:v8';
import fc from 'fast-check';
import { ValueWriter } from '../../src/cache/wire.js';

/** What V8's own reader makes of `bytes`, a number where a Buffer was read as that Buffer of `buffers`. */
function read(bytes: Buffer, buffers: readonly Buffer[] = []): unknown {
  const reader = new (class extends v8.Deserializer {
    _readHostObject(): Buffer {
      return buffers[this.readUint32()] as Buffer;
    }
  })(bytes);
  reader.readHeader();
  return reader.readValue();
}

/** `value` through the writer and back, with the Buffers it named. */
function roundTrip(value: unknown): unknown {
  const buffers: Buffer[] = [];
  // A small first buffer, so that values grow it as they are written.
  const writer = new ValueWriter(host(buffers), 16);
  writer.write(value);
  return read(Buffer.from(writer.take()), buffers);
}

function host(buffers: Buffer[]): (b: Buffer) => number {
  return (b) => {
    const known = buffers.indexOf(b);
    if (known >= 0) return known;
    buffers.push(b);
    return buffers.length - 1;
  };
}

/** Values as cached ones are made: JSON-like trees with Dates, Maps and Sets in them. */
const value = fc.letrec((tie) => ({
  leaf: fc.oneof(
    fc.string({ unit: 'binary' }),
    fc.string({ unit: 'grapheme' }),
    fc.string(),
    fc.double(),
    fc.integer(),
    fc.integer({ min: -0x80000001, max: -0x7ffffff0 }),
    fc.integer({ min: 0x7ffffff0, max: 0x80000010 }),
    fc.constantFrom(undefined, null, true, false, -0, Number.MAX_SAFE_INTEGER, 2 ** 53 + 2),
    fc.date({ noInvalidDate: false }),
  ),
  node: fc.oneof({ depthSize: 'small' }, tie('leaf'), tie('object'), tie('array'), tie('map'), tie('set')),
  object: fc.dictionary(fc.oneof(fc.string(), fc.nat().map(String)), tie('node'), { maxKeys: 6 }),
  array: fc.array(tie('node'), { maxLength: 6 }),
  map: fc.array(fc.tuple(fc.oneof(fc.string(), fc.integer()), tie('node')), { maxLength: 4 }).map((entries) => new Map(entries)),
  set: fc.array(fc.oneof(fc.string(), fc.integer()), { maxLength: 4 }).map((items) => new Set(items)),
})).node;

test("any cached value reads back through V8's own reader as it does from v8.serialize", () => {
  fc.assert(
    fc.property(value, (v) => {
      assert.deepStrictEqual(roundTrip(v), v8.deserialize(v8.serialize(v)));
    }),
    { numRuns: 2000 },
  );
});

test('strings of every kind, numbers at the edges of an int32, and -0 keep what they are', () => {
  const strings = ['', 'ascii', 'é', '中文标签', '𠮷 emoji 🎉', '\ud800 lone', 'end \udfff', '\0 nul'];
  assert.deepStrictEqual(roundTrip(strings), strings);
  const numbers = [0, -0, 1, -1, 0x7fffffff, -0x80000000, 0x80000000, -0x80000001, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 1.7e12];
  const back = roundTrip(numbers) as number[];
  for (const [i, n] of numbers.entries()) assert.ok(Object.is(back[i], n), `${n} came back as ${back[i]}`);
});

test('an object met twice in one value is one object when read, and a cycle is kept', () => {
  const shared = { name: 'a shared author' };
  const list = Object.freeze(['tag']);
  const cyclic: { self?: unknown } = {};
  cyclic.self = cyclic;
  const back = roundTrip([shared, shared, { list }, { list }, cyclic]) as [object, object, { list: unknown }, { list: unknown }, { self: unknown }];
  assert.equal(back[0], back[1]);
  assert.equal(back[2].list, back[3].list);
  assert.equal(back[4].self, back[4]);
});

test('a Buffer is written as the number the caller gives it, once per value however often it is held', () => {
  const a = Buffer.from('content A');
  const b = Buffer.from('content B');
  const buffers: Buffer[] = [];
  const writer = new ValueWriter(host(buffers));
  writer.write({ first: a, again: a, other: b });
  const back = read(Buffer.from(writer.take()), buffers) as Record<string, Buffer>;
  assert.equal(buffers.length, 2);
  assert.equal(back.first, a);
  assert.equal(back.again, a);
  assert.equal(back.other, b);
});

test('what the cache must not hold is refused, as V8 refuses it', () => {
  const writer = new ValueWriter(host([]));
  for (const bad of [() => 1, Symbol('s'), 10n, new Uint8Array(2), /re/, new Error('e')]) {
    assert.throws(() => writer.write({ bad }), TypeError, String(bad));
  }
});

test('the buffer is reused: each take is what was written since the last, and a reset starts it again', () => {
  const writer = new ValueWriter(host([]), 8);
  writer.write('first value, longer than the buffer it started with');
  const first = Buffer.from(writer.take());
  writer.write(2);
  const second = Buffer.from(writer.take());
  assert.equal(read(first), 'first value, longer than the buffer it started with');
  assert.equal(read(second), 2);
  writer.reset();
  writer.skip(3);
  const long = 'x'.repeat(100);
  writer.write(long);
  const third = writer.take();
  assert.equal(third.length, 3 + (read(third.subarray(3)) as string).length + 4);
  assert.equal(read(third.subarray(3)), long);
});
