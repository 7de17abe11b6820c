// The fixture newsroom (tests/fixtures/newsroom) built whole: author feeds and pages beside categories
// and tags (OPML, index, autodiscovery, aliases, archives, WebSub), pictures and measured files.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { changedFeedUrls } from '../../src/snapshot/feeds.js';
import type { Snapshot } from '../../src/snapshot/snapshot.js';
import { archiveDocumentAt } from '../../src/snapshot/archives.js';
import { documentText } from '../helpers/build.js';
import { newsroomConfig, newsroomSnapshot } from '../helpers/newsroom.js';
import { atomEntries, parseXml, rssItems } from '../helpers/xml.js';

let snapshot: Snapshot;
let problems: readonly unknown[];
before(async () => {
  const built = await newsroomSnapshot();
  snapshot = built.snapshot;
  problems = built.result.problems;
});

test('no problems; a feed and a page per author, however each post names them', () => {
  assert.deepEqual(problems, []);
  const titles = (path: string): string[] => rssItems(documentText(snapshot, path)).map((i) => String(i.title));
  // `author: liming`, and the column's `authors: [liming, {name: 赵磊}]`.
  assert.deepEqual(titles('/authors/liming/rss.xml'), ['茶馆里的城市记忆', '公交专用道延长到城东 早高峰车速提高两成']);
  // `author: 王芳` (a name of the data) and `author: {name: 王芳, email: …}` (an address of it).
  assert.deepEqual(titles('/authors/wangfang/rss.xml'), ['视频：汛期前的一次防汛演练', '组图：运河边的早春']);
  assert.deepEqual(titles('/authors/赵磊/rss.xml'), ['茶馆里的城市记忆']);
  assert.deepEqual(
    snapshot.scopes.filter((s) => s.kind === 'author').map((s) => [s.slug, s.name, s.posts]),
    [
      ['chenjing', '陈静', 3],
      ['liming', '李明', 2],
      ['wangfang', '王芳', 2],
      ['赵磊', '赵磊', 1],
    ],
  );
});

test("an author's feeds are theirs: titled with the label, authored by the person, with the avatar in JSON Feed", () => {
  const atom = parseXml(documentText(snapshot, '/authors/liming/atom.xml')) as { feed: { title: string; author: Record<string, string>[] } };
  assert.match(String(atom.feed.title), /江南晨报 — 作者: 李明/);
  const { name, email, uri } = atom.feed.author[0] ?? {};
  assert.deepEqual({ name, email, uri }, { name: '李明', email: 'liming@news.example.cn', uri: 'https://news.example.cn/about/liming/' });
  const json = JSON.parse(documentText(snapshot, '/authors/liming/feed.json')) as { authors: unknown[]; items: { authors: unknown[] }[] };
  assert.deepEqual(json.authors, [{ name: '李明', url: 'https://news.example.cn/about/liming/', avatar: 'https://news.example.cn/images/authors/liming.png' }]);
});

test('OPML, the index, the /authors/ list and each author page list and link the author feeds', () => {
  const opml = documentText(snapshot, '/feeds.opml');
  assert.match(
    opml,
    /<outline text="作者" title="作者">\n {6}<outline type="rss" text="江南晨报 — 作者: 陈静"[^\n]*xmlUrl="https:\/\/news\.example\.cn\/authors\/chenjing\/atom\.xml"/,
  );
  const index = documentText(snapshot, '/');
  assert.match(index, /<section id="authors" aria-labelledby="authors-heading" data-filter-section>/);
  assert.match(index, /<a class="name" href="authors\/liming\/">李明<\/a>/);
  assert.match(documentText(snapshot, '/authors/'), /<h1 id="authors-heading">作者 <span class="meta">\(4\)<\/span><\/h1>[\s\S]*筛选作者/);
  const page = documentText(snapshot, '/authors/liming/');
  assert.match(
    page,
    /<link rel="alternate" type="application\/rss\+xml" title="[^"]*李明 \(RSS\)" href="https:\/\/news\.example\.cn\/authors\/liming\/rss\.xml">/,
  );
  assert.match(page, /<a href="\.\.\/">作者<\/a>/);
  assert.match(page, /<a href="https:\/\/news\.example\.cn\/about\/liming\/" rel="author">/);
});

test('pictures: Media RSS with the size and alt the post gives, the first picture of a post that names none; measured files', () => {
  const rss = documentText(snapshot, '/rss.xml');
  assert.match(rss, /<media:thumbnail url="https:\/\/news\.example\.cn\/images\/2024\/bus-lane\.png" width="1200" height="800"\/>/);
  assert.match(rss, /<media:description type="plain">清晨的城东大道上，公交车驶过新划的红色专用道<\/media:description>/);
  assert.match(rss, /<media:thumbnail url="https:\/\/news\.example\.cn\/images\/2024\/tea-house\.png"\/>/);
  // The video's length is the file's size; its type, from its name.
  assert.match(rss, /<enclosure length="2072" type="video\/mp4" url="https:\/\/news\.example\.cn\/video\/flood-drill\.mp4"\/>/);
  assert.equal(atomEntries(documentText(snapshot, '/categories/城市/atom.xml')).length, 2);
  assert.match(
    documentText(snapshot, '/categories/城市/atom.xml'),
    /<link rel="enclosure" href="https:\/\/news\.example\.cn\/video\/flood-drill\.mp4" type="video\/mp4" length="2072" title="防汛演练现场（两分钟）"\/>/,
  );
});

test("author feeds take aliases (WordPress's /author/<slug>/feed/), archive pages and WebSub pings like every scope", async () => {
  const config = newsroomConfig();
  const withAliases = newsroomConfig({
    feeds: { ...config.feeds, limit: 1, aliases: [...config.feeds.aliases, { path: '/author/:slug/feed', scope: 'author', format: 'rss', except: [] }] },
  });
  const built = (await newsroomSnapshot(withAliases)).snapshot;
  const alias = documentText(built, '/author/liming/feed');
  assert.match(alias, /<atom:link href="https:\/\/news\.example\.cn\/author\/liming\/feed" rel="self"/);
  assert.ok(built.archive?.scopes.has('/authors/liming/'));
  const page = built.archive && archiveDocumentAt(built.archive, '/authors/liming/archive/1/rss.xml');
  assert.deepEqual(
    page?.posts.map((p) => p.title),
    ['公交专用道延长到城东 早高峰车速提高两成'],
  );
  assert.deepEqual(changedFeedUrls(['/authors/赵磊/atom.xml', '/authors/'], config), ['https://news.example.cn/authors/%E8%B5%B5%E7%A3%8A/atom.xml']);
});

test('feeds.authors off: no author scope anywhere, and no warning about authors', async () => {
  const config = newsroomConfig();
  const { snapshot: off, result } = await newsroomSnapshot(newsroomConfig({ feeds: { ...config.feeds, authors: false } }));
  assert.deepEqual(result.problems, []);
  assert.deepEqual(
    [...off.entries.keys()].filter((p) => p.startsWith('/authors/')),
    [],
  );
  assert.doesNotMatch(documentText(off, '/feeds.opml'), /作者/);
});
