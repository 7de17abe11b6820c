// measureMedia and mediaChanged (src/posts/media-files.ts): a post's own files measured when it is read,
// left out when missing or reached through a link out of media.dir, and the post read again when one
// of them changes (the scanner, src/posts/scan.ts).
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { measureMedia, mediaChanged } from '../../src/posts/media-files.js';
import { PostScanner } from '../../src/posts/scan.js';
import { scanOptionsFrom } from '../../src/posts/options.js';
import type { FileResult } from '../../src/posts/scanned-file.js';
import { testConfig } from '../helpers/config.js';
import { PostsDir } from '../helpers/posts-dir.js';
import { scanNow } from '../helpers/scan.js';
import { testRescanner } from '../helpers/build.js';
import { codes, postAndProblems, readText } from '../helpers/read-text.js';

const site = mkdtempSync(path.join(os.tmpdir(), 'fw-site-'));
const outside = mkdtempSync(path.join(os.tmpdir(), 'fw-outside-'));
const posts = new PostsDir();
after(() => {
  rmSync(site, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
  posts.cleanup();
});

let tick = 0;
function put(rel: string, bytes: Uint8Array | string, root = site): void {
  const file = path.join(root, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, bytes);
  const t = new Date(Date.UTC(2021, 0, 1) + ++tick * 1000);
  utimesSync(file, t, t);
}

const MP3 = Buffer.concat([Buffer.from('ID3\x04\x00\x00\x00\x00\x00\x00', 'latin1'), Buffer.alloc(990)]);

test('length from the file, type from its name or else its first bytes; a post without files is untouched', () => {
  put('audio/a.mp3', MP3);
  put('audio/noname', MP3);
  const { post } = postAndProblems(readText('title: 标题\nenclosures:\n  - { path: audio/a.mp3, length: 5 }\n  - { path: audio/noname }', { mediaDir: site }));
  const measured = measureMedia(post, site);
  assert.deepEqual(measured.problems, []);
  assert.deepEqual(
    measured.post.media?.enclosures?.map((e) => [e.local, e.type, e.length]),
    [
      ['audio/a.mp3', 'audio/mpeg', 1000],
      ['audio/noname', 'audio/mpeg', 1000],
    ],
  );
  assert.deepEqual(
    measured.stamps.map((s) => [s.local, s.size]),
    [
      ['audio/a.mp3', 1000],
      ['audio/noname', 1000],
    ],
  );
  const plain = postAndProblems(readText('title: 标题')).post;
  assert.equal(measureMedia(plain, site).post, plain);
});

test('missing, a folder, or a link out of media.dir: one warning each, the post published without it', () => {
  put('secret.mp3', MP3, outside);
  symlinkSync(path.join(outside, 'secret.mp3'), path.join(site, 'link.mp3'));
  mkdirSync(path.join(site, 'folder.mp3'), { recursive: true });
  put('images/here.jpg', 'jpeg');
  const front =
    'title: 标题\nimage: /images/gone.jpg\nenclosures:\n  - { path: gone.mp3 }\n  - { path: link.mp3 }\n  - { path: folder.mp3 }\n  - https://cdn.example.cn/kept.mp3\ntranscript: { path: gone.vtt }';
  const { post } = postAndProblems(readText(front, { mediaDir: site }));
  const measured = measureMedia(post, site);
  assert.deepEqual(codes(measured.problems), Array(5).fill('FW_POST_MEDIA_MISSING'));
  assert.equal(measured.post.image, undefined);
  assert.deepEqual(
    measured.post.media?.enclosures?.map((e) => e.url),
    ['https://cdn.example.cn/kept.mp3'],
  );
  assert.equal(measured.post.media?.episode, undefined);
  // An image that is there keeps its URL.
  const kept = measureMedia(postAndProblems(readText('title: 标题\nimage: /images/here.jpg', { mediaDir: site })).post, site);
  assert.equal(kept.post.image, 'https://news.example.cn/images/here.jpg');
});

test('mediaChanged: a new size or time, a file that appears or goes', () => {
  put('c.mp3', MP3);
  const { stamps } = measureMedia(postAndProblems(readText('title: 标题\nenclosure: { path: c.mp3 }\nimage: /d.jpg', { mediaDir: site })).post, site);
  assert.equal(mediaChanged(stamps, site), false);
  put('d.jpg', 'now it is here');
  assert.equal(mediaChanged(stamps, site), true);
  unlinkSync(path.join(site, 'd.jpg'));
  assert.equal(mediaChanged(stamps, site), false);
  put('c.mp3', Buffer.concat([MP3, MP3]));
  assert.equal(mediaChanged(stamps, site), true);
  assert.equal(mediaChanged(undefined, site), false);
});

test('the scanner reads a post again when one of its files changes, though the post did not', () => {
  const media = mkdtempSync(path.join(os.tmpdir(), 'fw-media-'));
  try {
    put('ep.mp3', MP3, media);
    posts.write('ep.md', '---\ntitle: 第一集\ndate: 2024-03-20 07:00:00 +0800\nenclosure: { path: ep.mp3 }\n---\n<p>x</p>');
    const scanner = new PostScanner(scanOptionsFrom(testConfig(posts.dir, { media: { dir: media } })));
    const length = (r: FileResult | undefined): number | undefined => (r?.kind === 'post' ? r.post.media?.enclosures?.[0]?.length : undefined);
    assert.equal(length(scanNow(scanner).changed.get('ep.md')), 1000);
    assert.deepEqual([...scanNow(scanner).changed.keys()], []);
    put('ep.mp3', Buffer.concat([MP3, MP3, MP3]), media);
    assert.equal(length(scanNow(scanner).changed.get('ep.md')), 3000);
    // A warm restart takes the records over (with their files' stamps): nothing to read, until a file changes.
    const restarted = new PostScanner(scanOptionsFrom(testConfig(posts.dir, { media: { dir: media } })));
    restarted.restore(scanner.records());
    assert.deepEqual([...scanNow(restarted).changed.keys()], []);
    put('ep.mp3', MP3, media);
    assert.equal(length(scanNow(restarted).changed.get('ep.md')), 1000);
    unlinkSync(path.join(media, 'ep.mp3'));
    const gone = scanNow(scanner).changed.get('ep.md');
    assert.equal(gone?.kind === 'post' ? gone.post.media : 'not a post', undefined);
    assert.deepEqual(codes(gone?.problems ?? []), ['FW_POST_MEDIA_MISSING']);
    assert.deepEqual([...scanNow(scanner).changed.keys()], []);
  } finally {
    rmSync(media, { recursive: true, force: true });
  }
});

test('a rescan after a file changed serves its new length: items and documents are not reused from before', async () => {
  const media = mkdtempSync(path.join(os.tmpdir(), 'fw-media-'));
  const dir = new PostsDir();
  try {
    put('ep.mp3', MP3, media);
    dir.write('ep.md', '---\ntitle: 第一集\ndate: 2024-03-20 07:00:00 +0800\ncategories: [音频]\nenclosure: { path: ep.mp3 }\n---\n<p>x</p>');
    const clock = { now: Date.parse('2025-01-01T00:00:00Z') };
    const { rescanner, store } = testRescanner(testConfig(dir.dir, { media: { dir: media } }), clock);
    const rss = (p: string): string => store.current?.entries.get(p)?.body.bytes().toString() ?? '';
    await rescanner.trigger('first');
    assert.match(rss('/rss.xml'), /<enclosure length="1000" type="audio\/mpeg"/);
    put('ep.mp3', Buffer.concat([MP3, MP3]), media);
    await rescanner.trigger('second');
    for (const p of ['/rss.xml', '/categories/音频/rss.xml']) assert.match(rss(p), /<enclosure length="2000" type="audio\/mpeg"/, p);
    await rescanner.close();
  } finally {
    rmSync(media, { recursive: true, force: true });
    dir.cleanup();
  }
});
