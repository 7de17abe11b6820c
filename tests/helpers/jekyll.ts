// Builds tests/fixtures/jekyll-site with the real `jekyll build` (Debian's jekyll + ruby-jekyll-feed) and reads
// the feeds jekyll-feed wrote, as the reference a Jekyll drop-in is compared with (issue 15).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { decodeHTML } from 'entities';
import { cached } from '../../src/memo.js';
import { list, parseXml, type XmlNode } from './xml.js';

export const JEKYLL_FIXTURE = path.resolve(import.meta.dirname, '../fixtures/jekyll-site');
/** A site whose posts use Liquid as real blogs do (issue 24): tests/jekyll/content.test.ts. */
export const JEKYLL_LIQUID_FIXTURE = path.resolve(import.meta.dirname, '../fixtures/jekyll-liquid-site');

/** One Atom entry as jekyll-feed wrote it, in plain values. */
export interface JekyllEntry {
  /** `<id>` as written: `post.id | absolute_url`, percent-encoded by Addressable (`big%20news`, `%E9%9A%8F…`). */
  readonly id: string;
  /** The `rel="alternate"` link's href. */
  readonly link: string;
  /** The title as a reader shows it: jekyll-feed writes `type="html"`, so the XML text is decoded once more as HTML. */
  readonly title: string;
  /** The XML text of `<title>` before that HTML decoding (`Tom &amp; Jerry`). */
  readonly titleHtml: string;
  /** As written (`2024-03-01T08:30:00+08:00`); compare instants with Date.parse. */
  readonly published: string;
  readonly updated: string;
  /** Every `<category term>` in document order: jekyll-feed writes the categories, then the tags. */
  readonly terms: readonly string[];
  /** The leading terms that are categories (`post.category` if the front matter has one, else `post.categories`). */
  readonly categories: readonly string[];
  /** The trailing terms that are tags (`post.tags`). */
  readonly tags: readonly string[];
  readonly authorName: string;
  readonly authorEmail: string | undefined;
  readonly authorUri: string | undefined;
  /** `<summary>` text (already stripped of HTML by the template), absent when jekyll-feed wrote none. */
  readonly summary: string | undefined;
  /** `<content>` text (HTML), absent with excerpt_only; `''` for an empty post. */
  readonly content: string | undefined;
  /** The content's `xml:base` (the post's URL): what its relative links are relative to. */
  readonly contentBase: string | undefined;
  /** `<media:thumbnail url>`: the post's image, made absolute by jekyll-feed. */
  readonly image: string | undefined;
  readonly lang: string | undefined;
}

/** One feed jekyll-feed wrote. */
export interface JekyllFeed {
  /** Path under `_site`, `/`-separated, without baseurl: `feed.xml`, `feed/news.xml`, `feed/by_tag/Ruby.xml`. */
  readonly path: string;
  readonly xml: string;
  readonly id: string;
  readonly selfLink: string;
  readonly title: string;
  readonly entries: readonly JekyllEntry[];
}

/** What Jekyll knows about one post it published (read from a JSON page added to the temporary copy). */
export interface JekyllPost {
  /** `post.id | absolute_url`: the same string as the entry's `<id>`. */
  readonly id: string;
  readonly url: string;
  readonly date: string;
  readonly category: string | null;
  readonly categories: readonly string[];
  readonly tags: readonly string[];
  /** The post's own `fixture:` key: `kramdown` marks a post whose content needs kramdown's Markdown. */
  readonly fixture: string | null;
}

export interface JekyllReference {
  /** The temporary copy of the fixture that was built (nothing is written into the repository). */
  readonly source: string;
  /** Jekyll's `_site` for it. */
  readonly site: string;
  /** Every feed under `_site` (feed.xml and feed/**.xml), by `path`. */
  readonly feeds: ReadonlyMap<string, JekyllFeed>;
  /** Every post Jekyll published (`site.posts`, newest first), including those past `feed.posts_limit`. */
  readonly posts: readonly JekyllPost[];
  readonly jekyllVersion: string;
}

// Added to the copy only: Liquid knows each post's categories and tags apart, the Atom output does not.
const POSTS_PAGE_NAME = 'fw-reference-posts.json';
const POSTS_PAGE = `---
layout: null
sitemap: false
permalink: /${POSTS_PAGE_NAME}
---
[{% for post in site.posts %}{"id": {{ post.id | absolute_url | jsonify }}, "url": {{ post.url | jsonify }}, "date": {{ post.date | date_to_xmlschema | jsonify }}, "category": {{ post.category | jsonify }}, "categories": {{ post.categories | jsonify }}, "tags": {{ post.tags | jsonify }}, "fixture": {{ post.fixture | jsonify }}}{% unless forloop.last %},{% endunless %}{% endfor %}]
`;

const built = new Map<string, JekyllReference>();

/**
 * Builds a fixture site (default: tests/fixtures/jekyll-site) once per test process and returns what
 * Jekyll wrote. Throws when `jekyll` is not on PATH: CI installs it (scripts/install-debian-deps.sh test:
 * Debian's jekyll and ruby-jekyll-feed).
 */
export function jekyllReference(fixture = JEKYLL_FIXTURE): JekyllReference {
  return cached(built, fixture, buildReference);
}

function buildReference(fixture: string): JekyllReference {
  const version = spawnSync('jekyll', ['--version'], { encoding: 'utf8' });
  if (version.error || version.status !== 0) {
    throw new Error(
      "the Jekyll reference tests need `jekyll` (with jekyll-feed) on PATH: CI installs Debian's jekyll and ruby-jekyll-feed " +
        `with scripts/install-debian-deps.sh test; run that (or apt-get install jekyll ruby-jekyll-feed). (${version.error?.message ?? version.stderr})`,
    );
  }
  const root = mkdtempSync(path.join(os.tmpdir(), 'fw-jekyll-'));
  process.once('exit', () => rmSync(root, { recursive: true, force: true }));
  const source = path.join(root, 'src');
  const site = path.join(root, '_site');
  cpSync(fixture, source, { recursive: true });
  writeFileSync(path.join(source, POSTS_PAGE_NAME), POSTS_PAGE);
  // A UTF-8 locale, so Ruby reads the Chinese file and folder names alike on any machine; the fixture's
  // `timezone` decides local dates, not the machine's TZ.
  const run = spawnSync('jekyll', ['build', '--quiet', '-s', source, '-d', site], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8', JEKYLL_ENV: 'production' },
  });
  if (run.status !== 0) throw new Error(`jekyll build failed (exit ${run.status}):\n${run.stdout}${run.stderr}`);
  const posts = JSON.parse(readFileSync(path.join(site, POSTS_PAGE_NAME), 'utf8')) as JekyllPost[];
  const tagsById = new Map(posts.map((p) => [p.id, p.tags]));
  const feeds = new Map<string, JekyllFeed>();
  for (const rel of feedFiles(site)) feeds.set(rel, parseJekyllFeed(rel, readFileSync(path.join(site, rel), 'utf8'), tagsById));
  return { source, site, feeds, posts, jekyllVersion: version.stdout.trim().replace(/^jekyll\s+/, '') };
}

/** `feed.xml` and every `.xml` under `feed/`, as `/`-separated paths relative to `site`. */
function feedFiles(site: string): string[] {
  const found: string[] = [];
  const walk = (rel: string): void => {
    for (const name of readdirSync(path.join(site, rel))) {
      const child = rel ? `${rel}/${name}` : name;
      if (statSync(path.join(site, child)).isDirectory()) walk(child);
      else if (child.endsWith('.xml')) found.push(child);
    }
  };
  found.push('feed.xml');
  walk('feed');
  return found.sort();
}

/** The text of an element that may be empty (`<content></content>` parses as ''), or undefined when absent. */
function optionalText(node: unknown): string | undefined {
  if (node === undefined) return undefined;
  if (typeof node === 'string') return node;
  if (node && typeof node === 'object') return '#text' in node ? String((node as XmlNode)['#text']) : '';
  return String(node);
}

function requiredText(node: unknown, what: string): string {
  const value = optionalText(node);
  if (value === undefined) throw new Error(`jekyll-feed wrote no ${what}`);
  return value;
}

function attr(node: XmlNode, name: string): string | undefined {
  const value = node[`@${name}`];
  return value === undefined ? undefined : String(value);
}

/**
 * Parses one jekyll-feed document. `tagsById` tells how many trailing `<category>` terms are tags: the
 * template writes categories, then tags, all as `<category term>`.
 */
export function parseJekyllFeed(rel: string, xml: string, tagsById: ReadonlyMap<string, readonly string[]>): JekyllFeed {
  const feed = (parseXml(xml) as { feed: XmlNode }).feed;
  const links = list(feed.link);
  const entries = list(feed.entry).map((entry): JekyllEntry => {
    const id = requiredText(entry.id, 'entry id');
    const titleNode = entry.title;
    const titleHtml = requiredText(titleNode, `title for ${id}`);
    const titleIsHtml = typeof titleNode === 'object' && titleNode !== null && attr(titleNode as XmlNode, 'type') === 'html';
    const alternate = list(entry.link).find((l) => (attr(l, 'rel') ?? 'alternate') === 'alternate');
    const terms = list(entry.category).map((c) => attr(c, 'term') ?? '');
    const tags = tagsById.get(id);
    if (!tags) throw new Error(`${rel}: entry ${id} is not among site.posts`);
    const tagCount = tags.length;
    if (terms.slice(terms.length - tagCount).join('\n') !== tags.join('\n')) {
      throw new Error(`${rel}: ${id}: the last category terms ${JSON.stringify(terms)} are not the post's tags ${JSON.stringify(tags)}`);
    }
    const author = list(entry.author)[0] ?? {};
    const content = entry.content;
    const thumbnail = entry['media:thumbnail'];
    return {
      id,
      link: alternate ? (attr(alternate, 'href') ?? '') : '',
      title: titleIsHtml ? decodeHTML(titleHtml) : titleHtml,
      titleHtml,
      published: requiredText(entry.published, `published for ${id}`),
      updated: requiredText(entry.updated, `updated for ${id}`),
      terms,
      categories: terms.slice(0, terms.length - tagCount),
      tags: [...tags],
      authorName: optionalText(author.name) ?? '',
      authorEmail: optionalText(author.email),
      authorUri: optionalText(author.uri),
      summary: optionalText(entry.summary),
      content: optionalText(content),
      contentBase: typeof content === 'object' && content !== null ? attr(content as XmlNode, 'xml:base') : undefined,
      image: typeof thumbnail === 'object' && thumbnail !== null ? attr(thumbnail as XmlNode, 'url') : undefined,
      lang: attr(entry, 'xml:lang'),
    };
  });
  const self = links.find((l) => attr(l, 'rel') === 'self');
  return {
    path: rel,
    xml,
    id: requiredText(feed.id, `${rel} feed id`),
    selfLink: self ? (attr(self, 'href') ?? '') : '',
    title: decodeHTML(requiredText(feed.title, `${rel} feed title`)),
    entries,
  };
}

/** The feed at `rel` (`feed.xml`, `feed/news.xml`…); fails the test when jekyll-feed wrote none there. */
export function jekyllFeed(rel: string, fixture = JEKYLL_FIXTURE): JekyllFeed {
  const feed = jekyllReference(fixture).feeds.get(rel);
  if (!feed) throw new Error(`jekyll-feed wrote no ${rel}; it wrote ${[...jekyllReference(fixture).feeds.keys()].join(', ')}`);
  return feed;
}
