// A podcast's RSS feed (src/snapshot/podcast-feed.ts) as the fixture newsroom serves it: episodes only,
// the show's and episodes' tags, read by a podcast client's own parser (podcast-partytime, the Podcast
// Index community's), and valid for the validators with no error and no warning.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { parseFeed } from 'podcast-partytime';
import type { Snapshot } from '../../src/snapshot/snapshot.js';
import { documentText } from '../helpers/build.js';
import { newsroomConfig, newsroomSnapshot } from '../helpers/newsroom.js';
import { validateFeeds } from '../helpers/validate.js';
import { rssItems } from '../helpers/xml.js';

const PODCAST = '/categories/音频/rss.xml';
let snapshot: Snapshot;
before(async () => {
  ({ snapshot } = await newsroomSnapshot());
});

test('a podcast client parser reads the show and every episode with its duration, enclosure and guid', () => {
  const feed = parseFeed(documentText(snapshot, PODCAST));
  assert.ok(feed, 'partytime could not parse the feed');
  assert.equal(feed.title, '江南晨报·早新闻');
  assert.equal(feed.itunesImage, 'https://news.example.cn/images/podcast/morning-news.png');
  assert.deepEqual(feed.itunesCategory, ['News > Daily News', 'Society & Culture']);
  assert.equal(feed.explicit, false);
  assert.deepEqual(feed.owner, { name: '江南晨报音频部', email: 'audio@news.example.cn' });
  assert.equal(feed.locked, true);
  assert.match(feed.guid ?? '', /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  const episodes = feed.items.map((i) => [i.title, i.guid, i.duration, i.enclosure.type, i.enclosure.length, i.itunesEpisode, i.itunesEpisodeType]);
  assert.deepEqual(episodes, [
    [
      '早新闻｜运河步道开放夜间照明、周末降温八度',
      'https://news.example.cn/%E9%9F%B3%E9%A2%91/2024/03/21/morning-news',
      605,
      'audio/mpeg',
      7340032,
      2,
      undefined,
    ],
    [
      '早新闻｜地铁五号线南段通车、城东公交专用道延长',
      'https://news.example.cn/%E9%9F%B3%E9%A2%91/2024/03/20/morning-news',
      754,
      'audio/mpeg',
      5014,
      1,
      'full',
    ],
    [
      '《早新闻》来了：每天十分钟，听完江南的新闻',
      'https://news.example.cn/%E9%9F%B3%E9%A2%91/2024/03/15/morning-trailer',
      95,
      'audio/x-m4a',
      1048576,
      undefined,
      'trailer',
    ],
  ]);
  const first = feed.items[1];
  assert.deepEqual(first?.podcastTranscripts, [
    { url: 'https://news.example.cn/audio/2024-03-20-morning.vtt', type: 'text/vtt', language: 'zh-CN', rel: 'captions' },
  ]);
  assert.equal(first?.podcastChapters?.url, 'https://news.example.cn/audio/2024-03-20-morning.chapters.json');
});

test('the podcast feed, its scope and every other feed of the newsroom validate: 0 errors, 0 warnings', () => {
  const feeds = [...snapshot.entries].filter(([p]) => /(rss|atom)\.xml$|feed\.json$/.test(p));
  // Numbered names: the paths' CJK would all become the same file name in the validator's folder.
  const report = validateFeeds(Object.fromEntries(feeds.map(([p, e], i) => [`${i}${p.slice(p.lastIndexOf('.'))}`, e.body.bytes()])));
  assert.equal(report.errors, 0, report.output);
  assert.equal(report.warnings, 0, report.output);
});

test("episodes are stable: the same guids and bytes from a second build, and the category's Atom feed is an ordinary one", async () => {
  const again = (await newsroomSnapshot()).snapshot;
  assert.equal(documentText(again, PODCAST), documentText(snapshot, PODCAST));
  assert.doesNotMatch(documentText(snapshot, '/categories/音频/atom.xml'), /itunes:|podcast:/);
  assert.doesNotMatch(documentText(snapshot, '/rss.xml'), /itunes:|podcast:/);
});

test('a podcast whose scope has posts but no episodes is a valid, empty show; text posts are left out of a show', async () => {
  const config = newsroomConfig();
  const shows = newsroomConfig({ podcasts: [...config.podcasts, { ...config.podcasts[0], name: '评论' }] });
  const { snapshot: built, result } = await newsroomSnapshot(shows);
  const text = documentText(built, '/categories/评论/rss.xml');
  assert.deepEqual(rssItems(text), []);
  assert.match(text, /<itunes:image href=/);
  const report = validateFeeds({ 'empty.rss.xml': text });
  assert.equal(report.errors + report.warnings, 0, report.output);
  // The column in it is warned of: nothing in it is an episode.
  assert.deepEqual(
    result.problems.map((p) => [p.path, p.code]),
    [['_posts/2024-03-19-tea-column.md', 'FW_POST_NOT_AN_EPISODE']],
  );
});
