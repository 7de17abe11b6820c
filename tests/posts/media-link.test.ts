// linkOf (src/posts/media-link.ts): links to files made absolute as Jekyll's absolute_url does.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { linkOf } from '../../src/posts/media-link.js';

const SITE = 'https://news.example.cn/';
const SUB = 'https://example.org/blog/';

test('paths are from the site root, with the site path (baseurl) in front', () => {
  assert.deepEqual(linkOf('/audio/a.mp3', SUB, false, true), { url: 'https://example.org/blog/audio/a.mp3', local: 'audio/a.mp3' });
  assert.deepEqual(linkOf('audio/a b.mp3', SUB, true, true), { url: 'https://example.org/blog/audio/a%20b.mp3', local: 'audio/a b.mp3' });
  assert.deepEqual(linkOf('/audio/a.mp3', SITE, false, false), { url: 'https://news.example.cn/audio/a.mp3' });
});

test("a URL of the site's own is one of its files; another host's, or one above the site path, is not", () => {
  assert.deepEqual(linkOf('https://example.org/blog/v/%E4%B8%AD.mp4', SUB, false, true), {
    url: 'https://example.org/blog/v/%E4%B8%AD.mp4',
    local: 'v/中.mp4',
  });
  assert.deepEqual(linkOf('https://example.org/other/a.mp3', SUB, false, true), { url: 'https://example.org/other/a.mp3' });
  assert.deepEqual(linkOf('//cdn.example.org/a.mp3', SITE, false, true), { url: 'https://cdn.example.org/a.mp3' });
});

test('refused: other schemes, nothing at all, and paths that climb out of the site', () => {
  assert.match((linkOf('ftp://x.example.org/a.mp3', SITE, false, true) as { bad: string }).bad, /ftp:/);
  assert.match((linkOf('data:audio/mpeg;base64,AAAA', SITE, false, true) as { bad: string }).bad, /data:/);
  assert.deepEqual(linkOf('   ', SITE, false, true), { bad: 'is empty' });
  for (const p of ['../a.mp3', '/a/../../b.mp3', 'a\\..\\..\\b.mp3'])
    assert.deepEqual(linkOf(p, SITE, true, true), { bad: 'is outside the site', outside: true }, p);
  assert.deepEqual(linkOf('/', SITE, true, true), { bad: 'names no file' });
});
