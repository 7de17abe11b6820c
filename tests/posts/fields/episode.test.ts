// readEpisode (src/posts/fields/episode.ts): episode numbers, types, explicit, transcripts and chapters.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { codes, postAndProblems, readText, SITE } from '../../helpers/read-text.js';

test('an episode as front matter gives it', () => {
  const front = [
    'title: 第三集',
    'episode: 3',
    'season: "1"',
    'episode_type: Bonus',
    'explicit: no',
    'transcript:',
    '  - { path: /audio/3.vtt, language: zh-CN, rel: captions }',
    '  - { url: "https://cdn.example.cn/3.json", type: application/json }',
    'chapters: /audio/3.chapters.json',
  ].join('\n');
  const { post, problems } = postAndProblems(readText(front, { mediaDir: '/srv/site' }));
  assert.deepEqual(problems, []);
  assert.deepEqual(post.media?.episode, {
    number: 3,
    season: 1,
    type: 'bonus',
    explicit: false,
    transcripts: [
      { url: `${SITE}audio/3.vtt`, local: 'audio/3.vtt', type: 'text/vtt', language: 'zh-CN', rel: 'captions' },
      { url: 'https://cdn.example.cn/3.json', type: 'application/json' },
    ],
    chapters: { url: `${SITE}audio/3.chapters.json`, local: 'audio/3.chapters.json' },
  });
});

test('bad values are reported at their key and left out', () => {
  const front =
    'title: 标题\nepisode: 0\nseason: one\nepisode_type: pilot\nexplicit: maybe\ntranscript: { url: "https://cdn.example.cn/t" }\nchapters: ftp://x.example.cn/c.json';
  const { post, problems } = postAndProblems(readText(front));
  assert.equal(post.media, undefined);
  assert.deepEqual(codes(problems), Array(6).fill('FW_POST_BAD_FIELD'));
  assert.deepEqual(
    problems.map((p) => p.line),
    [3, 4, 5, 6, 7, 8],
  );
});

test('a post in a podcast without audio or video is warned of: the podcast feed leaves it out', () => {
  const podcasts = [{ kind: 'category' as const, key: '音频' }];
  const text = postAndProblems(readText('title: 标题\ncategories: [音频]', { podcasts }));
  assert.deepEqual(codes(text.problems), ['FW_POST_NOT_AN_EPISODE']);
  const pdf = postAndProblems(readText('title: 标题\ncategories: [音频]\nenclosure: https://cdn.example.cn/a.pdf', { podcasts }));
  assert.deepEqual(codes(pdf.problems), ['FW_POST_NOT_AN_EPISODE']);
  assert.deepEqual(codes(postAndProblems(readText('title: 标题\ncategories: [音频]\nenclosure: https://cdn.example.cn/a.mp3', { podcasts })).problems), []);
  assert.deepEqual(codes(postAndProblems(readText('title: 标题\ncategories: [城市]', { podcasts })).problems), []);
});
