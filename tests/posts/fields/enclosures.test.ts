// readEnclosures (src/posts/fields/enclosures.ts): the forms front matter gives files in, the names other
// tools use, and the bad values of the list (each reported, the post published without it).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ENCLOSURES_PER_POST, readDuration } from '../../../src/posts/fields/enclosures.js';
import { codes, postAndProblems, readText, SITE } from '../../helpers/read-text.js';

const MEDIA = { mediaDir: '/srv/site' };

test('a post without an enclosure stays the Post it always was', () => {
  const { post, problems } = postAndProblems(readText('title: 标题'));
  assert.equal('media' in post, false);
  assert.deepEqual(problems, []);
});

test('one map, a list of maps, or a URL alone; paths are the site files and measured only with media.dir', () => {
  const one = postAndProblems(
    readText('title: 标题\nenclosure:\n  url: https://cdn.example.cn/a.mp3\n  length: 1234\n  duration: "1:02:03"\n  title: 第一集'),
  ).post;
  assert.deepEqual(one.media?.enclosures, [{ url: 'https://cdn.example.cn/a.mp3', type: 'audio/mpeg', length: 1234, duration: 3723, title: '第一集' }]);
  const list = postAndProblems(readText('title: 标题\nenclosures:\n  - /audio/第一集.m4a\n  - path: video/clip.mp4', MEDIA)).post;
  assert.deepEqual(list.media?.enclosures, [
    { url: `${SITE}audio/%E7%AC%AC%E4%B8%80%E9%9B%86.m4a`, local: 'audio/第一集.m4a', type: 'audio/x-m4a' },
    { url: `${SITE}video/clip.mp4`, local: 'video/clip.mp4', type: 'video/mp4' },
  ]);
  // Without media.dir nothing is measured: the URL is linked as given.
  assert.equal(postAndProblems(readText('title: 标题\nenclosure: { path: audio/a.mp3 }')).post.media?.enclosures?.[0]?.local, undefined);
  // A URL on a CDN and the same file here to measure.
  const both = postAndProblems(readText('title: 标题\nenclosure: { url: "https://cdn.example.cn/a.mp3", path: audio/a.mp3 }', MEDIA)).post;
  assert.deepEqual(both.media?.enclosures, [{ url: 'https://cdn.example.cn/a.mp3', local: 'audio/a.mp3', type: 'audio/mpeg' }]);
});

test("other tools' names: JSON Feed's and Media RSS's keys, and the Jekyll podcast templates' flat keys", () => {
  const json = postAndProblems(
    readText('title: 标题\nenclosure: { href: "https://cdn.example.cn/a", mime_type: audio/ogg, size_in_bytes: 10, duration_in_seconds: 61 }'),
  ).post;
  assert.deepEqual(json.media?.enclosures, [{ url: 'https://cdn.example.cn/a', type: 'audio/ogg', length: 10, duration: 61 }]);
  const media = postAndProblems(readText('title: 标题\nenclosure: { src: "https://cdn.example.cn/b.mp3", fileSize: "2048" }')).post;
  assert.equal(media.media?.enclosures?.[0]?.length, 2048);
  const template = postAndProblems(
    readText('title: 标题\npodcast_link: https://cdn.example.cn/c.mp3\npodcast_length: 7340032\npodcast_duration: "10:05"\npodcast_file_size: 7.3 MB'),
  ).post;
  assert.deepEqual(template.media?.enclosures, [{ url: 'https://cdn.example.cn/c.mp3', type: 'audio/mpeg', length: 7340032, duration: 605 }]);
});

test('bad values: each reported at its key, the rest of the enclosure kept', () => {
  const cases: [string, string][] = [
    ['{ url: "https://cdn.example.cn/a.mp3", length: 13.7 MB }', 'length'],
    ['{ url: "https://cdn.example.cn/a.mp3", length: -5 }', 'length'],
    ['{ url: "https://cdn.example.cn/a.mp3", duration: "1:2:3:4" }', 'duration'],
    ['{ url: "https://cdn.example.cn/a.mp3", duration: "12:75" }', 'duration'],
    ['{ url: "https://cdn.example.cn/a.mp3", type: "audio mpeg" }', 'type'],
  ];
  for (const [value, what] of cases) {
    const { post, problems } = postAndProblems(readText(`title: 标题\nenclosure: ${value}`));
    assert.deepEqual(codes(problems), ['FW_POST_BAD_FIELD'], value);
    assert.match(problems[0]?.reason ?? '', new RegExp(`enclosure: ${what}`), value);
    assert.equal(problems[0]?.line, 3, value);
    assert.equal(post.media?.enclosures?.[0]?.url, 'https://cdn.example.cn/a.mp3', value);
  }
});

test('a URL with another scheme than http(s), or a path above the site: the post is published without it', () => {
  for (const [value, code] of [
    ['ftp://files.example.cn/a.mp3', 'FW_POST_BAD_FIELD'],
    ['"javascript:alert(1)"', 'FW_POST_BAD_FIELD'],
    ['{ path: ../../etc/passwd }', 'FW_POST_MEDIA_MISSING'],
    ['{ path: audio/../../secret.mp3 }', 'FW_POST_MEDIA_MISSING'],
  ] as const) {
    const { post, problems } = postAndProblems(readText(`title: 标题\nenclosure: ${value}`, MEDIA));
    assert.equal(post.media, undefined, value);
    assert.deepEqual(codes(problems), [code], value);
  }
  const { post } = postAndProblems(readText('title: 标题\nenclosure: { path: audio/./x/../a.mp3 }', MEDIA));
  assert.equal(post.media?.enclosures?.[0]?.local, 'audio/a.mp3');
});

test('more files than the limit: the first are kept, one warning', () => {
  const list = Array.from({ length: ENCLOSURES_PER_POST + 3 }, (_, i) => `  - https://cdn.example.cn/${i}.mp3`).join('\n');
  const { post, problems } = postAndProblems(readText(`title: 标题\nenclosures:\n${list}`));
  assert.equal(post.media?.enclosures?.length, ENCLOSURES_PER_POST);
  assert.deepEqual(codes(problems), ['FW_POST_OVER_LIMIT']);
});

test('durations: seconds, MM:SS, HH:MM:SS', () => {
  const seen: string[] = [];
  const bad = (why: string): void => void seen.push(why);
  assert.equal(readDuration(95, bad), 95);
  assert.equal(readDuration('95.5', bad), 95.5);
  assert.equal(readDuration('12:34', bad), 754);
  assert.equal(readDuration('90:00', bad), 5400);
  assert.equal(readDuration('1:02:03', bad), 3723);
  assert.deepEqual(seen, []);
  for (const v of ['1:2:3:4', '-3', 'abc', '1:60', '1:60:00', '', Number.NaN, -1]) assert.equal(readDuration(v, bad), undefined, String(v));
  assert.equal(seen.length, 8);
});
