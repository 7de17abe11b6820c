// Media RSS, enclosures and JSON Feed's media fields (src/render/media-rss.ts), through the real
// pipeline: posts read from text, rendered in every format, parsed and validated.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { firstImageOf } from '../../src/render/media-rss.js';
import { testConfig } from '../helpers/config.js';
import { validateFeeds } from '../helpers/validate.js';
import { rssItems } from '../helpers/xml.js';
import { docsFrom, postsFrom, render, renderConfig } from './models.js';
import os from 'node:os';

const ON = testConfig(os.tmpdir(), { media: { mediaRss: true, firstImage: true } });
const OFF = testConfig(os.tmpdir(), { media: { mediaRss: false } });

const PHOTO = `---
title: 运河边的早春
date: 2024-03-19 07:30:00 +0800
image:
  path: /images/riverside.jpg
  alt: 清晨的运河 & 柳树
  width: 1600
  height: 900
---
<p>柳树抽出了新芽。</p>`;

const COLUMN = `---
title: 茶馆里的城市记忆
date: 2024-03-19 20:00:00 +0800
---
<p>先看图：<img src="/images/tea.png" alt="茶馆"> 再看文。</p>`;

const VIDEO = `---
title: 防汛演练
date: 2024-03-22 16:40:00 +0800
image: /images/drill.png
enclosure:
  - { url: "https://cdn.news.example.cn/v/drill.mp4", length: 2048, duration: "2:05", title: 演练现场 }
  - { url: "https://cdn.news.example.cn/v/drill-cn.vtt", type: text/vtt }
---
<p>演练。</p>`;

const sources = [
  { path: 'photo.md', text: PHOTO },
  { path: 'column.md', text: COLUMN },
  { path: 'video.md', text: VIDEO },
];

function site(config = ON): ReturnType<typeof docsFrom> extends Map<string, infer D> ? D : never {
  const doc = docsFrom(postsFrom(sources, config), Date.UTC(2030, 0, 1), config).get('site:');
  if (!doc) throw new Error('no site document');
  return doc;
}

test("RSS: media:thumbnail and media:content for the picture (the content's first one when the post names none), the video as the enclosure", () => {
  const rss = render('rss', site());
  assert.match(rss, /<rss [^>]*xmlns:media="http:\/\/search\.yahoo\.com\/mrss\/"/);
  assert.equal(rssItems(rss).length, 3);
  assert.match(rss, /<media:thumbnail url="https:\/\/news\.example\.cn\/images\/riverside\.jpg" width="1600" height="900"\/>/);
  assert.match(rss, /<media:description type="plain">清晨的运河 &amp; 柳树<\/media:description>/);
  assert.match(rss, /<media:thumbnail url="https:\/\/news\.example\.cn\/images\/tea\.png"\/>/);
  // RSS 2.0 has one enclosure an item: the video, not the picture.
  assert.match(rss, /<enclosure length="2048" type="video\/mp4" url="https:\/\/cdn\.news\.example\.cn\/v\/drill\.mp4"\/>/);
  assert.doesNotMatch(rss, /<enclosure [^>]*drill\.png/);
  assert.match(rss, /<media:content url="https:\/\/cdn\.news\.example\.cn\/v\/drill-cn\.vtt" type="text\/vtt"\/>/);
});

test('Atom: every enclosure as a link with its real type, and the Media RSS tags', () => {
  const atom = render('atom', site());
  assert.match(atom, /<feed [^>]*xmlns:media="http:\/\/search\.yahoo\.com\/mrss\/"/);
  assert.match(atom, /<link rel="enclosure" href="https:\/\/cdn\.news\.example\.cn\/v\/drill\.mp4" type="video\/mp4" length="2048" title="演练现场"\/>/);
  assert.match(atom, /<link rel="enclosure" href="https:\/\/cdn\.news\.example\.cn\/v\/drill-cn\.vtt" type="text\/vtt"\/>/);
  assert.match(atom, /<media:content url="https:\/\/news\.example\.cn\/images\/riverside\.jpg" medium="image" type="image\/jpeg" width="1600" height="900">/);
  assert.doesNotMatch(atom, /<rights>/);
});

test("JSON Feed: attachments, image (the content's first picture too) and banner_image for a landscape picture", () => {
  const json = JSON.parse(render('json', site())) as { items: Record<string, unknown>[] };
  const byTitle = new Map(json.items.map((i) => [String(i.title), i]));
  assert.equal(byTitle.get('运河边的早春')?.banner_image, 'https://news.example.cn/images/riverside.jpg');
  assert.equal(byTitle.get('茶馆里的城市记忆')?.image, 'https://news.example.cn/images/tea.png');
  assert.equal(byTitle.get('茶馆里的城市记忆')?.banner_image, undefined);
  assert.deepEqual(byTitle.get('防汛演练')?.attachments, [
    { url: 'https://cdn.news.example.cn/v/drill.mp4', mime_type: 'video/mp4', title: '演练现场', size_in_bytes: 2048, duration_in_seconds: 125 },
    { url: 'https://cdn.news.example.cn/v/drill-cn.vtt', mime_type: 'text/vtt' },
  ]);
});

test('every format validates, Media RSS on and off', () => {
  for (const config of [ON, OFF, renderConfig()]) {
    const doc = site(config);
    const report = validateFeeds({ 'media.rss.xml': render('rss', doc), 'media.atom.xml': render('atom', doc), 'media.feed.json': render('json', doc) });
    assert.equal(report.errors, 0, report.output);
    assert.equal(report.warnings, 0, report.output);
  }
});

test("off (media.mediaRss: false): no Media RSS, no namespace; enclosures are still RSS, Atom and JSON Feed's own", () => {
  const doc = site(OFF);
  const rss = render('rss', doc);
  assert.doesNotMatch(rss, /media:/);
  assert.match(rss, /<enclosure length="2048" type="video\/mp4"/);
  // The post's own image is still the picture's enclosure where nothing else is.
  assert.match(rss, /<enclosure length="0" type="image\/jpeg" url="https:\/\/news\.example\.cn\/images\/riverside\.jpg"\/>/);
  assert.doesNotMatch(render('atom', doc), /media:/);
  const json = JSON.parse(render('json', doc)) as { items: Record<string, unknown>[] };
  assert.ok(json.items.every((i) => i.banner_image === undefined));
  assert.equal(json.items.find((i) => i.title === '茶馆里的城市记忆')?.image, undefined);
});

test('firstImageOf: the first <img> with an absolute http(s) src', () => {
  const xml = (html: string): Buffer => Buffer.from(html, 'utf8');
  assert.equal(
    firstImageOf(xml('<p>x</p><img alt=">" src="https://a.example/1.png?a=1&amp;b=2"><img src="https://a.example/2.png">')),
    'https://a.example/1.png?a=1&b=2',
  );
  assert.equal(firstImageOf(xml("<IMG SRC='http://a.example/x.gif'>")), 'http://a.example/x.gif');
  assert.equal(firstImageOf(xml('<img src="data:image/png;base64,AAAA">')), undefined);
  assert.equal(firstImageOf(xml('<p>no picture</p>')), undefined);
});
