// podcast.ts: which scope is a show, its channel's and episodes' tags, podcast:guid's UUIDv5.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import os from 'node:os';
import { channelElements, episodeElements, podcastChannel, podcastGuid, podcastOf } from '../../src/render/podcast.js';
import { xmlLines } from '../../src/render/item-extras.js';
import { testConfig } from '../helpers/config.js';

const SHOW = { scope: 'category', name: '音频', image: '/images/show.png', category: 'News > Daily News' } as const;

test("podcast:guid is the Podcast Index's UUIDv5 of the address without scheme or trailing slashes", () => {
  // The namespace spec's own examples (docs/tags/guid.md, and its reference implementation's tests).
  assert.equal(podcastGuid('https://mp3s.nashownotes.com/pc20rss.xml'), '917393e3-1b1e-5cef-ace4-edaa54e1f810');
  assert.equal(podcastGuid('podnews.net/rss////'), '9b024349-ccf0-5f69-a609-6b82873eab3c');
  assert.equal(podcastGuid('https://podnews.net/rss/'), podcastGuid('http://podnews.net/rss'));
});

test('a category or tag is a show by any spelling of its name; the site when it says so; authors never', () => {
  const config = testConfig(os.tmpdir(), { site: { author: { name: '编辑部', email: 'desk@news.example.cn' } }, podcasts: [{ ...SHOW, name: 'Audio' }] });
  assert.ok(podcastOf({ kind: 'category', key: 'audio' }, config));
  assert.equal(podcastOf({ kind: 'tag', key: 'audio' }, config), undefined);
  assert.equal(podcastOf({ kind: 'author', key: 'audio' }, config), undefined);
  const site = testConfig(os.tmpdir(), {
    site: { author: { name: '编辑部', email: 'desk@news.example.cn' } },
    podcasts: [{ scope: 'site', image: '/s.png', category: 'News' }],
  });
  assert.ok(podcastOf({ kind: 'site', key: '' }, site));
});

test("the channel: Apple's required tags, the owner from site.author when none is given, a guid of its own", () => {
  const config = testConfig(os.tmpdir(), { site: { author: { name: '编辑部', email: 'desk@news.example.cn' } }, podcasts: [SHOW] });
  const channel = podcastChannel(
    config.podcasts[0] as (typeof config.podcasts)[number],
    'https://news.example.cn/categories/%E9%9F%B3%E9%A2%91/rss.xml',
    config,
  );
  const xml = xmlLines(channelElements(channel), '').join('\n');
  assert.equal(
    xml,
    [
      '<itunes:author>编辑部</itunes:author>',
      '<itunes:image href="https://news.example.cn/images/show.png"/>',
      '<itunes:category text="News">',
      '    <itunes:category text="Daily News"/>',
      '</itunes:category>',
      '<itunes:explicit>false</itunes:explicit>',
      '<itunes:owner>',
      '    <itunes:name>编辑部</itunes:name>',
      '    <itunes:email>desk@news.example.cn</itunes:email>',
      '</itunes:owner>',
      '<itunes:type>episodic</itunes:type>',
      `<podcast:guid>${podcastGuid('news.example.cn/categories/%E9%9F%B3%E9%A2%91/rss.xml')}</podcast:guid>`,
      '<podcast:locked owner="desk@news.example.cn">no</podcast:locked>',
    ].join('\n'),
  );
});

test('episode tags: whole seconds, and only what the post gives', () => {
  const enclosure = { url: 'https://cdn.example.cn/1.mp3', type: 'audio/mpeg', length: 10, duration: 754.4 };
  const full = episodeElements({
    enclosures: [enclosure],
    episode: {
      enclosure,
      number: 1,
      season: 2,
      type: 'trailer',
      explicit: true,
      transcripts: [{ url: 'https://cdn.example.cn/1.vtt', type: 'text/vtt', rel: 'captions' }],
      chapters: { url: 'https://cdn.example.cn/1.json' },
    },
  });
  assert.deepEqual(xmlLines(full, ''), [
    '<itunes:duration>754</itunes:duration>',
    '<itunes:episodeType>trailer</itunes:episodeType>',
    '<itunes:season>2</itunes:season>',
    '<itunes:episode>1</itunes:episode>',
    '<itunes:explicit>true</itunes:explicit>',
    '<podcast:transcript url="https://cdn.example.cn/1.vtt" type="text/vtt" rel="captions"/>',
    '<podcast:chapters url="https://cdn.example.cn/1.json" type="application/json+chapters"/>',
  ]);
  assert.deepEqual(episodeElements({ enclosures: [] }), []);
  const { duration: _unknown, ...untimed } = enclosure;
  assert.deepEqual(xmlLines(episodeElements({ enclosures: [untimed], episode: { enclosure: untimed } }), ''), []);
});
