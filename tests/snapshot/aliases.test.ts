// Old addresses (feeds.aliases): a scope's feed served again at a former generator's path, with a self
// link naming that path, valid, and never in place of one of feedwright's own documents. And the items
// every reader reads alike: no blank content, description before content:encoded, excerpt-only feeds.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ConfigInput } from '../../src/config/schema.js';
import { bytesOf, documentText, snapshotOf } from '../helpers/build.js';
import { TEST_SITE } from '../helpers/config.js';
import { PostsDir } from '../helpers/posts-dir.js';
import { validateFeeds } from '../helpers/validate.js';

const NOW = Date.UTC(2025, 0, 1);

function site(): PostsDir {
  const posts = new PostsDir();
  posts.post('2024-03-01-canal.md', { title: '运河 & 早市', categories: 'citynews', tags: ['交通', 'rust'] });
  posts.post('2024-03-02-empty.md', { title: 'Empty', categories: 'tech', tags: ['rust'], body: '' });
  posts.post('2024-03-03-notes.md', { title: 'Notes', categories: 'tech', body: 'Plain <em>text</em> body.' });
  return posts;
}

const HUGO: ConfigInput = {
  feeds: {
    aliases: [
      { path: '/index.xml', scope: 'site', format: 'rss' },
      { path: '/categories/:slug/index.xml', scope: 'category', format: 'rss' },
      { path: '/feed/by_tag/:name.xml', scope: 'tag', format: 'atom', except: ['交通'] },
      { path: '/deep/er/feed.json', scope: 'site', format: 'json' },
    ],
  },
};

describe('feeds.aliases', () => {
  test('each old address serves the scope’s feed with its own self link, id and stylesheet path', async () => {
    const s = await snapshotOf(site().dir, HUGO, NOW);
    const index = documentText(s, '/index.xml');
    assert.match(index, /<atom:link href="https:\/\/news\.example\.cn\/index\.xml" rel="self" type="application\/rss\+xml"\/>/);
    assert.equal((index.match(/<item>/g) ?? []).length, 3);
    const category = documentText(s, '/categories/tech/index.xml');
    assert.match(category, /rel="self"/);
    assert.match(category, /categories\/tech\/index\.xml/);
    assert.match(category, /<\?xml-stylesheet href="\.\.\/\.\.\/rss\.xsl"/);
    const tag = documentText(s, '/feed/by_tag/rust.xml');
    assert.match(tag, /<id>https:\/\/news\.example\.cn\/feed\/by_tag\/rust\.xml<\/id>/);
    assert.match(tag, /<link rel="self" href="https:\/\/news\.example\.cn\/feed\/by_tag\/rust\.xml"\/>/);
    assert.ok(!s.entries.has('/feed/by_tag/交通.xml'), 'except');
    const json = JSON.parse(documentText(s, '/deep/er/feed.json')) as { feed_url: string; items: unknown[] };
    assert.equal(json.feed_url, `${TEST_SITE}deep/er/feed.json`);
    // The same entries as the canonical document.
    const canonical = documentText(s, '/tags/rust/atom.xml');
    const ids = (xml: string): string[] => [...xml.matchAll(/<id>([^<]*)<\/id>/g)].map((m) => m[1] ?? '').slice(1);
    assert.deepEqual(ids(tag), ids(canonical));
    const report = validateFeeds({ 'index.xml': index, 'rust.xml': tag, 'tech.xml': category, 'feed.json': documentText(s, '/deep/er/feed.json') });
    assert.equal(report.errors, 0, report.output);
  });

  test('the canonical documents are byte for byte what they are without aliases; OPML lists them only', async () => {
    const posts = site();
    const plain = bytesOf(await snapshotOf(posts.dir, {}, NOW));
    const aliased = bytesOf(await snapshotOf(posts.dir, HUGO, NOW));
    for (const [path, text] of Object.entries(plain)) {
      if (path === '/feeds.opml' || path.endsWith('.html') || (!path.endsWith('.xml') && !path.endsWith('.json'))) continue;
      assert.equal(aliased[path], text, path);
    }
    assert.equal(aliased['/feeds.opml'], plain['/feeds.opml']);
    assert.doesNotMatch(aliased['/feeds.opml'] ?? '', /index\.xml|by_tag/);
  });

  test("an alias that a name turns into one of feedwright's own paths is left out; the canonical document stays", async () => {
    const s = await snapshotOf(
      site().dir,
      {
        feeds: {
          aliases: [
            { path: '/tags/:slug/rss.json', scope: 'tag', format: 'atom' },
            { path: '/:name', scope: 'category', format: 'atom' },
          ],
        },
      },
      NOW,
    );
    assert.ok(s.entries.has('/tags/rust/rss.json'));
    // A category named like a page or feed of the site would be /tech, /citynews: no clash, served.
    assert.ok(s.entries.has('/tech'));
    const clash = await snapshotOf(site().dir, { feeds: { aliases: [{ path: '/:name/atom.xml', scope: 'tag', format: 'rss' }] } }, NOW);
    // /rust/atom.xml is free, but a tag would need /tags/… to clash; the site feed keeps /atom.xml.
    assert.match(documentText(clash, '/atom.xml'), /<feed xmlns/);
  });
});

describe('items every reader reads alike', () => {
  test('an empty post has no blank content; RSS gives description before content:encoded; all validate without warnings', async () => {
    const s = await snapshotOf(site().dir, {}, NOW);
    const atom = documentText(s, '/atom.xml');
    const empty = atom.slice(atom.indexOf('Empty'), atom.indexOf('</entry>', atom.indexOf('Empty')));
    assert.doesNotMatch(empty, /<content/);
    assert.match(atom, /<title type="text"><!\[CDATA\[运河 & 早市\]\]><\/title>/);
    const rss = documentText(s, '/rss.xml');
    for (const item of rss.split('<item>').slice(1)) {
      const description = item.indexOf('<description>');
      const content = item.indexOf('<content:encoded>');
      if (content >= 0) assert.ok(description >= 0 && description < content, item);
    }
    const json = JSON.parse(documentText(s, '/feed.json')) as { items: { title: string; content_html?: string; content_text?: string }[] };
    const emptyItem = json.items.find((i) => i.title === 'Empty');
    assert.equal(emptyItem?.content_html, undefined);
    assert.equal(typeof emptyItem?.content_text, 'string');
    const report = validateFeeds({ 'atom.xml': atom, 'rss.xml': rss, 'feed.json': documentText(s, '/feed.json') });
    assert.equal(report.errors, 0, report.output);
    assert.equal(report.warnings, 0, report.output);
  });

  test('feeds.excerptOnly: summaries only, in every format', async () => {
    const s = await snapshotOf(site().dir, { feeds: { excerptOnly: true } }, NOW);
    assert.doesNotMatch(documentText(s, '/atom.xml'), /<content/);
    assert.doesNotMatch(documentText(s, '/rss.xml'), /<content:encoded>/);
    const json = JSON.parse(documentText(s, '/feed.json')) as { items: { content_html?: string; content_text?: string; summary?: string }[] };
    assert.ok(json.items.every((i) => i.content_html === undefined && typeof i.content_text === 'string'));
    assert.match(documentText(s, '/atom.xml'), /<summary type="html">/);
  });
});
