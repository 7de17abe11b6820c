// Media types by name and by first bytes (src/posts/media-types.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isMediaType, typeOfBytes, typeOfName } from '../../src/posts/media-types.js';

test("by extension: Apple's podcast formats among them", () => {
  assert.equal(typeOfName('a.MP3'), 'audio/mpeg');
  assert.equal(typeOfName('https://cdn.example.cn/x/a.m4a?t=1'), 'audio/x-m4a');
  assert.equal(typeOfName('clip.mov'), 'video/quicktime');
  assert.equal(typeOfName('book.epub'), 'application/epub+zip');
  assert.equal(typeOfName('noextension'), undefined);
  assert.equal(typeOfName('a.unknownext'), undefined);
});

test('by first bytes, for a file whose name tells nothing', () => {
  const bytes = (...parts: (string | number[])[]): Uint8Array =>
    Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));
  assert.equal(typeOfBytes(bytes('ID3', [4, 0, 0])), 'audio/mpeg');
  assert.equal(typeOfBytes(bytes([0xff, 0xfb, 0x90, 0x44])), 'audio/mpeg');
  assert.equal(typeOfBytes(bytes([0, 0, 0, 24], 'ftypM4A ')), 'audio/x-m4a');
  assert.equal(typeOfBytes(bytes([0, 0, 0, 24], 'ftypisom')), 'video/mp4');
  assert.equal(typeOfBytes(bytes('OggS')), 'audio/ogg');
  assert.equal(typeOfBytes(bytes('%PDF-1.7')), 'application/pdf');
  assert.equal(typeOfBytes(bytes([0x89], 'PNG')), 'image/png');
  assert.equal(typeOfBytes(bytes('plain text')), undefined);
  assert.equal(typeOfBytes(new Uint8Array(0)), undefined);
});

test('a media type as front matter gives one', () => {
  assert.ok(isMediaType('audio/mpeg'));
  assert.ok(isMediaType('application/json+chapters'));
  assert.ok(!isMediaType('audio'));
  assert.ok(!isMediaType('audio/mpeg; rate=1'));
  assert.ok(!isMediaType('<b>/x'));
});
