// RFC 5005 archive pages end to end through the real rescan (pages rendered as `feedwright build` renders
// them all; the server's cache renders the same bytes, tests/http/archive.test.ts): walking prev-archive (JSON Feed: next_url)
// from each subscription document meets every published post of the scope exactly once, newest to
// oldest; a new post leaves every full page's bytes and ETag as they were; deleting a post changes only
// pages of its scopes, from its own page on; the pages validate.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import type { Config, ConfigInput } from '../../src/config/schema.js';
import { renderAllArchivePages } from '../../src/archives/all-archive-pages.js';
import type { Snapshot } from '../../src/snapshot/snapshot.js';
import { writeCorpus } from '../../bench/corpus.js';
import { freshSnapshot, testRescanner } from '../helpers/build.js';
import { testConfig } from '../helpers/config.js';
import { PostsDir } from '../helpers/posts-dir.js';
import { validateFeeds } from '../helpers/validate.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const NOW = Date.parse('2026-01-01T00:00:00Z');
const FILES = { rss: 'rss.xml', atom: 'atom.xml', json: 'feed.json' } as const;
type Format = keyof typeof FILES;

interface Doc {
  readonly ids: string[];
  /** Published times of the items, in document order. */
  readonly dates: number[];
  /** rel → href; for JSON Feed, next_url is `prev-archive` (it leads to older items). */
  readonly links: Record<string, string>;
  readonly archive: boolean;
}

const attr = (tag: string, name: string): string | undefined => new RegExp(`\\b${name}="([^"]*)"`).exec(tag)?.[1];
const unescapeXml = (s: string): string => s.replaceAll('&quot;', '"').replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');

/**
 * The ids, dates and paging links of a feed document. Read with patterns rather than a full XML parser:
 * the 2,000-post walk reads ~100 MB of feeds; the bundled documents are also parsed by the validator.
 */
function read(format: Format, text: string): Doc {
  if (format === 'json') {
    const doc = JSON.parse(text) as { next_url?: string; items: { id: string; date_published: string }[] };
    return {
      ids: doc.items.map((i) => i.id),
      dates: doc.items.map((i) => Date.parse(i.date_published)),
      links: doc.next_url ? { 'prev-archive': doc.next_url } : {},
      archive: false,
    };
  }
  // Links of the feed itself are the ones before the first item.
  const first = text.search(format === 'rss' ? /<item>/ : /<entry>/);
  const head = first === -1 ? text : text.slice(0, first);
  const links: Record<string, string> = {};
  for (const m of head.matchAll(format === 'rss' ? /<atom:link [^>]*\/>/g : /<link [^>]*\/>/g)) {
    const rel = attr(m[0], 'rel');
    const href = attr(m[0], 'href');
    if (rel && href) links[rel] = unescapeXml(href);
  }
  const ids = [...text.matchAll(format === 'rss' ? /<guid[^>]*>([^<]*)<\/guid>/g : /<entry>\s*<title[\s\S]*?<id>([^<]*)<\/id>/g)].map((m) =>
    unescapeXml(m[1] ?? ''),
  );
  const dates = [...text.matchAll(format === 'rss' ? /<pubDate>([^<]*)<\/pubDate>/g : /<published>([^<]*)<\/published>/g)].map((m) => Date.parse(m[1] ?? ''));
  return { ids, dates, links, archive: head.includes('<fh:archive/>') };
}

/** The snapshot with its archive pages rendered among its entries (read from the files as they are now). */
function withPages(s: Snapshot, config: Config): Snapshot {
  const pages = renderAllArchivePages(s, config);
  return { ...s, entries: new Map([...s.entries, ...pages.map((e) => [e.path, e] as const)]) };
}

const pathOf = (url: string): string => decodeURIComponent(new URL(url).pathname);
const text = (s: Snapshot, p: string): string => {
  const entry = s.entries.get(p);
  assert.ok(entry, `no document at ${p}`);
  return entry.body.bytes().toString('utf8');
};

/** The subscription document of a scope in a format, then every archive page, following prev-archive. */
function walk(s: Snapshot, dir: string, format: Format): { ids: string[]; dates: number[]; pages: string[] } {
  const current = dir + FILES[format];
  const ids: string[] = [];
  const dates: number[] = [];
  const pages: string[] = [];
  let at: string | undefined = current;
  let newer: string | undefined;
  while (at !== undefined) {
    const doc = read(format, text(s, at));
    ids.push(...doc.ids);
    dates.push(...doc.dates);
    if (at !== current) {
      pages.push(at);
      if (format !== 'json') {
        // RFC 5005 §4: an archive page is marked, names itself and the subscription document, and links
        // back to the newer page that led here (none from the newest page, which the current one names).
        assert.ok(doc.archive, `${at}: fh:archive`);
        assert.equal(pathOf(doc.links.self ?? ''), at);
        assert.equal(pathOf(doc.links.current ?? ''), current);
        assert.equal(
          doc.links['next-archive'] === undefined ? undefined : pathOf(doc.links['next-archive']),
          newer === current ? undefined : newer,
          `${at}: next-archive`,
        );
      }
    }
    assert.ok(pages.length < 10_000, 'a prev-archive loop');
    newer = at;
    const prev: string | undefined = doc.links['prev-archive'];
    at = prev === undefined ? undefined : pathOf(prev);
  }
  return { ids, dates, pages };
}

/** Every scope, every format: each published post of the scope once, newest first; every page reached. */
function assertWalks(s: Snapshot): number {
  let pages = 0;
  for (const scope of s.scopes) {
    for (const format of Object.keys(FILES) as Format[]) {
      const walked = walk(s, scope.dir, format);
      assert.equal(new Set(walked.ids).size, walked.ids.length, `${scope.dir} ${format}: a post met twice`);
      assert.equal(walked.ids.length, scope.posts, `${scope.dir} ${format}: every published post`);
      for (let i = 1; i < walked.dates.length; i++) assert.ok((walked.dates[i - 1] ?? 0) >= (walked.dates[i] ?? 0), `${scope.dir} ${format}: newest to oldest`);
      const all = [...s.entries.keys()].filter(
        (p) => p.startsWith(`${scope.dir}archive/`) && p.endsWith(`/${FILES[format]}`) && !p.slice(scope.dir.length + 8).includes('/archive/'),
      );
      assert.deepEqual(
        [...walked.pages].sort(),
        all.filter((p) => /^\d+\/[^/]+$/.test(p.slice(scope.dir.length + 8))).sort(),
        `${scope.dir} ${format}: every page reached`,
      );
      pages += walked.pages.length;
    }
  }
  return pages;
}

describe('archive pages, bundled posts', () => {
  // A small window and pages so that the 16 bundled posts make pages in several scopes (and an empty
  // newest page on the site: 12 archived posts fill pages 1–6 exactly).
  const input: ConfigInput = { feeds: { limit: 4, archive: { pageSize: 2 } } };

  test('walking from every subscription document meets each post of the scope once, newest first', async () => {
    const config = testConfig(path.join(ROOT, 'posts'), input);
    const snapshot = withPages((await freshSnapshot(config, NOW)).snapshot, config);
    assert.ok(assertWalks(snapshot) > 20);
    // Full pages are immutable; the newest, still filling, has the feed's usual caching.
    assert.equal(snapshot.entries.get('/archive/1/atom.xml')?.cacheControl, 'public, max-age=31536000, immutable');
    assert.equal(snapshot.entries.get('/archive/7/atom.xml')?.cacheControl, undefined);
    assert.equal(snapshot.entries.get('/atom.xml')?.cacheControl, undefined);
  });

  test('a category or tag page links "older posts" through pages that show each post once, without script', async () => {
    const config = testConfig(path.join(ROOT, 'posts'), input);
    const snapshot = withPages((await freshSnapshot(config, NOW)).snapshot, config);
    let lists = 0;
    for (const scope of snapshot.scopes.filter((s) => s.kind !== 'site')) {
      const links: string[] = [];
      let at: string | undefined = scope.dir;
      while (at !== undefined) {
        const page = text(snapshot, at);
        links.push(...[...page.matchAll(/<h3><a href="([^"]*)">/g)].map((m) => m[1] ?? ''));
        const older = /<a href="([^"]*)">更早的文章<\/a><\/nav>/.exec(page)?.[1];
        if (at !== scope.dir) {
          lists++;
          assert.equal(snapshot.entries.get(at)?.headers?.['Content-Security-Policy']?.startsWith("default-src 'none'"), true);
          assert.match(page, /<a href="[^"]*">更新的文章<\/a>/, `${at}: a link to newer posts`);
        }
        at = older === undefined ? undefined : decodeURIComponent(new URL(older, `https://x.test${encodeURI(at)}`).pathname);
        assert.ok(lists < 1000);
      }
      assert.equal(links.length, scope.posts, `${scope.dir}: every post`);
      assert.equal(new Set(links).size, links.length, `${scope.dir}: each once`);
    }
    assert.ok(lists >= 4, `pages of older posts: ${lists}`);
  });

  test('the site too: the index links its newest page of older posts, and they show every post older than the window once', async () => {
    const config = testConfig(path.join(ROOT, 'posts'), input);
    const snapshot = withPages((await freshSnapshot(config, NOW)).snapshot, config);
    const site = snapshot.scopes.find((s) => s.kind === 'site') ?? assert.fail('no site scope');
    // 16 posts, a window of 4, pages of 2: 12 older posts on pages 1–6.
    const newest = /<a href="([^"]*)">更早的文章<\/a><\/nav>/.exec(text(snapshot, '/'))?.[1];
    assert.equal(newest, 'archive/6/');
    const links: string[] = [];
    const visited: string[] = [];
    let at: string | undefined = '/archive/6/';
    while (at !== undefined) {
      visited.push(at);
      const page = text(snapshot, at);
      links.push(...[...page.matchAll(/<h3><a href="([^"]*)">/g)].map((m) => m[1] ?? ''));
      assert.match(page, /<a href="[^"]*">更新的文章<\/a>/, `${at}: a link to newer posts`);
      const older = /<a href="([^"]*)">更早的文章<\/a><\/nav>/.exec(page)?.[1];
      at = older === undefined ? undefined : decodeURIComponent(new URL(older, `https://x.test${at}`).pathname);
      assert.ok(visited.length < 100);
    }
    assert.deepEqual(visited, ['/archive/6/', '/archive/5/', '/archive/4/', '/archive/3/', '/archive/2/', '/archive/1/']);
    assert.equal(links.length, site.posts - 4);
    // The index shows the 4 newest: with the pages, every post of the site is on a page for people, once.
    links.push(...[...text(snapshot, '/').matchAll(/<h3><a href="([^"]*)">/g)].map((m) => m[1] ?? ''));
    assert.equal(links.length, site.posts);
    assert.equal(new Set(links).size, links.length);
    // The newest page's newer posts are the index's (the site's own page).
    assert.match(text(snapshot, '/archive/6/'), /<a href="\.\.\/\.\.\/">更新的文章<\/a>/);
  });

  test("with an old address (a Jekyll site's /feed.xml), the pages name it as current and keep its identity", async () => {
    const config = testConfig(path.join(ROOT, 'posts'), {
      ...input,
      feeds: { ...input.feeds, aliases: [{ path: '/feed.xml', scope: 'site', format: 'atom' }] },
    });
    const snapshot = withPages((await freshSnapshot(config, NOW)).snapshot, config);
    const page = text(snapshot, '/archive/1/atom.xml');
    assert.equal(read('atom', page).links.current, 'https://news.example.cn/feed.xml');
    assert.match(page, /<id>https:\/\/news\.example\.cn\/feed\.xml<\/id>/, 'the id of the document subscribed to');
    assert.match(text(snapshot, '/feed.xml'), /<id>https:\/\/news\.example\.cn\/feed\.xml<\/id>/);
    // Both subscription documents lead to the same pages.
    assert.equal(read('atom', text(snapshot, '/feed.xml')).links['prev-archive'], read('atom', text(snapshot, '/atom.xml')).links['prev-archive']);
    // No alias in RSS: its pages name /rss.xml, as before.
    assert.equal(read('rss', text(snapshot, '/archive/1/rss.xml')).links.current, 'https://news.example.cn/rss.xml');
  });

  test('every archive page and subscription document passes the validator', async () => {
    const config = testConfig(path.join(ROOT, 'posts'), input);
    const snapshot = withPages((await freshSnapshot(config, NOW)).snapshot, config);
    const feeds = [...snapshot.entries].filter(([p]) => /\/(archive\/\d+\/)?(rss\.xml|atom\.xml|feed\.json)$/.test(p));
    assert.ok(feeds.some(([p]) => p.includes('/archive/')));
    const report = validateFeeds(Object.fromEntries(feeds.map(([p, e]) => [p, e.body.bytes()])));
    assert.equal(report.errors, 0, report.output);
  });

  test('off: no archive pages, and the subscription documents are as before', async () => {
    const off = (await freshSnapshot(testConfig(path.join(ROOT, 'posts'), { feeds: { limit: 3, archive: { enabled: false } } }), NOW)).snapshot;
    assert.deepEqual(
      [...off.entries.keys()].filter((p) => p.includes('/archive/')),
      [],
    );
    assert.ok(!text(off, '/atom.xml').includes('prev-archive'));
    assert.ok(!text(off, '/feed.json').includes('next_url'));
  });

  test('feeds.archive.taxonomies: only the site and the kinds listed have archive pages; the others link to none', async () => {
    const config = testConfig(path.join(ROOT, 'posts'), { feeds: { limit: 1, archive: { pageSize: 2, taxonomies: ['category'] } } });
    const snapshot = withPages((await freshSnapshot(config, NOW)).snapshot, config);
    const paths = [...snapshot.entries.keys()];
    const archived = paths.filter((p) => p.includes('/archive/'));
    assert.ok(archived.some((p) => p.startsWith('/archive/')));
    assert.ok(archived.some((p) => p.startsWith('/categories/')));
    assert.deepEqual(
      archived.filter((p) => p.startsWith('/tags/') || p.startsWith('/authors/')),
      [],
    );
    // Tags with more posts than the window: their feeds and pages would have linked archive pages.
    const tags = snapshot.scopes.filter((scope) => scope.dir.startsWith('/tags/') && scope.posts > 1);
    assert.ok(tags.length > 0);
    for (const tag of tags) {
      for (const file of Object.values(FILES)) assert.ok(!/prev-archive|next_url/.test(text(snapshot, tag.dir + file)), tag.dir + file);
      assert.ok(!text(snapshot, tag.dir).includes('archive/'), tag.dir);
    }
    assert.ok(
      text(
        snapshot,
        `/categories/${snapshot.scopes.find((scope) => scope.dir.startsWith('/categories/') && scope.posts > 1)?.dir.slice(12) ?? ''}atom.xml`,
      ).includes('prev-archive'),
    );
  });
});

describe('archive pages, a new post and a deleted one', () => {
  const posts = new PostsDir();
  after(() => posts.cleanup());
  const day = (i: number): string => new Date(Date.UTC(2024, 0, 1 + i, 2)).toISOString().slice(0, 19).replace('T', ' ');
  // 30 posts, every third also tagged `t`; window 4, pages of 5: the site has pages 1–6 (26 archived).
  for (let i = 0; i < 30; i++)
    posts.post(`p${String(i).padStart(2, '0')}.md`, { title: `P${i}`, date: `${day(i)} +0000`, tags: i % 3 === 0 ? ['t', 'all'] : ['all'] });
  const config = testConfig(posts.dir, { feeds: { limit: 4, archive: { pageSize: 5 } } });
  const clock = { now: NOW };
  const { rescanner, store } = testRescanner(config, clock);
  after(() => rescanner.close());
  const current = (): Snapshot => {
    assert.ok(store.current);
    return store.current;
  };
  const archivePaths = (s: Snapshot): string[] => [...s.entries.keys()].filter((p) => p.includes('/archive/'));

  test('adding a post leaves every full page, bytes and ETag, as it was', async () => {
    await rescanner.trigger('test');
    const before = withPages(current(), config);
    posts.post('p30.md', { title: 'P30', date: `${day(30)} +0000`, tags: ['all'] });
    await rescanner.trigger('test');
    const after = withPages(current(), config);
    let full = 0;
    for (const [p, entry] of before.entries) {
      if (!p.includes('/archive/')) continue;
      const now = after.entries.get(p);
      if (entry.cacheControl !== undefined) {
        full++;
        assert.equal(now?.etags.identity, entry.etags.identity, p);
        assert.ok(now?.body.bytes().equals(entry.body.bytes()), p);
      }
    }
    assert.ok(full >= 15, `full pages: ${full}`);
    // Only each scope's newest page may change (here the site's and `all`'s, which gain P26 and P27).
    const changed = archivePaths(after).filter((p) => before.entries.get(p)?.etags.identity !== after.entries.get(p)?.etags.identity);
    assert.deepEqual([...new Set(changed.map((p) => p.replace(/[^/]+$/, '')))].sort(), ['/archive/6/', '/tags/all/archive/6/']);
    assertWalks(after);
  });

  test('deleting an old post changes only pages of its scopes, from its page on', async () => {
    const before = withPages(current(), config);
    // p07 is the site's 8th oldest post: page 2 of the site and of `all`; tag `t` does not have it.
    posts.remove('p07.md');
    await rescanner.trigger('test');
    const after = withPages(current(), config);
    const changed = archivePaths(before).filter((p) => before.entries.get(p)?.etags.identity !== after.entries.get(p)?.etags.identity);
    const dirs = [...new Set(changed.map((p) => p.replace(/[^/]+$/, '')))].sort();
    assert.ok(dirs.length > 0);
    for (const dir of dirs) {
      const m = /^(\/|\/tags\/all\/)archive\/(\d+)\/$/.exec(dir);
      assert.ok(m, `${dir} changed`);
      assert.ok(Number(m[2]) >= 2, `${dir}: a page older than the deleted post's changed`);
    }
    assert.ok(!dirs.some((d) => d.startsWith('/tags/t/')));
    assertWalks(after);
  });
});

describe('archive pages, a generated 2,000-post corpus', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fw-archive-corpus-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('walking from every subscription document of every scope meets each post once, newest first', async () => {
    writeCorpus(dir, { posts: 2000 });
    // A window of 5 and pages of 7 put archives in most of the ~440 scopes, not only the site's.
    const config = testConfig(dir, { feeds: { limit: 5, archive: { pageSize: 7 } }, posts: { workers: 0 } });
    const built = (await freshSnapshot(config, NOW)).snapshot;
    // The build renders no archive page: they are rendered on request, or all by `feedwright build`.
    assert.deepEqual(
      [...built.entries.keys()].filter((p) => p.includes('/archive/')),
      [],
    );
    const snapshot = withPages(built, config);
    assert.equal(snapshot.posts, 2000);
    assert.ok(assertWalks(snapshot) > 1000);
  });
});
