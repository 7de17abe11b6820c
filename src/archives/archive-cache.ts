// Archive pages (and the HTML pages of older posts) rendered on their first request, and kept in a cache bounded by bytes: the build renders
// none (a cold start costs what it did without archives), and a page's posts are read back from their
// files only when someone asks for it (docs/reference/feeds.md "History: archive pages"). `feedwright build` renders all
// (all-archive-pages.ts).
import { createHash } from 'node:crypto';
import type { Config } from '../config/schema.js';
import type { ContentSite } from '../content/render-body.js';
import type { Post } from '../posts/post.js';
import { scanOptionsFrom, type ScanOptions } from '../posts/options.js';
import { contentKey } from '../render/feed-document.js';
import {
  allArchiveDocuments,
  archiveDocumentAt,
  type ArchiveDocument,
  type FindEntry,
  type OnRequestDocuments,
  type PreparedForms,
  type PreparedPosts,
} from '../snapshot/archives.js';
import type { Snapshot, SnapshotEntry } from '../snapshot/snapshot.js';
import { VERSION } from '../version.js';
import { configHash } from '../cache/config-hash.js';
import { contentsModule } from '../sources/contents-module.js';

/** Bytes of rendered pages kept: ~200 full pages of 50 posts of a few KB each. */
const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

export class ArchiveCache {
  readonly #config: Config;
  readonly #options: ScanOptions;
  readonly #maxBytes: number;
  #bytes = 0;
  /** By path and signature, oldest use first (a Map keeps insertion order: a hit is moved to the end). */
  readonly #kept = new Map<string, SnapshotEntry>();
  /** One rendering per page however many requests wait for it. */
  readonly #pending = new Map<string, Promise<SnapshotEntry | undefined>>();

  constructor(config: Config, options: ScanOptions = scanOptionsFrom(config), maxBytes = DEFAULT_MAX_BYTES) {
    this.#config = config;
    this.#options = options;
    this.#maxBytes = maxBytes;
  }

  /** For http/app.ts: a kept page at once, a page to render as a promise, anything else undefined. */
  readonly find: FindEntry = (snapshot, path) => {
    const page = snapshot.archive ? archiveDocumentAt(snapshot.archive, path) : undefined;
    if (!page) return undefined;
    // The signature names the page's posts and links: a page whose inputs did not change across rescans
    // (every full page) stays a hit, with its bytes and ETag. With Liquid, the site's values too (a data
    // file or an include may change what any post says).
    const site = snapshot.archive?.site;
    const key = `${page.path}\0${page.signature}${site ? `\0${site.liquid.version}` : ''}`;
    const hit = this.#kept.get(key);
    if (hit) {
      this.#kept.delete(key);
      this.#kept.set(key, hit);
      return hit;
    }
    let pending = this.#pending.get(key);
    if (!pending) {
      // After this turn of the event loop, so the request that asked is not held by the reading.
      pending = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
        const { entry, exact } = this.#render(page, site);
        if (exact) this.#keep(key, entry);
        return entry;
      });
      void pending.finally(() => this.#pending.delete(key)).catch(() => undefined);
      this.#pending.set(key, pending);
    }
    return pending;
  };

  /** Pages in the cache, and their bytes (for tests and /status). */
  get size(): { pages: number; bytes: number } {
    return { pages: this.#kept.size, bytes: this.#bytes };
  }

  #keep(key: string, entry: SnapshotEntry): void {
    if (entry.body.length > this.#maxBytes) return;
    this.#kept.set(key, entry);
    this.#bytes += entry.body.length;
    for (const [old, e] of this.#kept) {
      if (this.#bytes <= this.#maxBytes) break;
      this.#kept.delete(old);
      this.#bytes -= e.body.length;
    }
  }

  /**
   * A page from its posts' files. `exact` is false when a file changed or went since the scan the
   * snapshot was built from: the page is served as read (the next rescan makes it right) but not kept.
   */
  #render(page: ArchiveDocument, site: ContentSite | undefined): { entry: SnapshotEntry; exact: boolean } {
    const prepared = prepare(this.#options, this.#config, page.posts, site);
    const exact = page.posts.every((post) => prepared.has(contentKey(post)));
    return { entry: page.render(prepared, this.#config), exact };
  }
}

/** `pages` rendered, each of their posts read and prepared once. */
function renderDocuments(pages: readonly ArchiveDocument[], config: Config, options: ScanOptions, site: ContentSite | undefined): SnapshotEntry[] {
  const posts = new Map<string, Post>();
  for (const page of pages) for (const post of page.posts) posts.set(contentKey(post), post);
  const prepared = prepare(options, config, [...posts.values()], site);
  return pages.map((page) => page.render(prepared, config));
}

/** Archive documents rendered per slice for a bucket: a slice's posts are read once, and serving goes on between slices. */
const BUCKET_SLICE = 64;

/**
 * The archive documents of each snapshot, for a bucket publish (publish/bucket/publish.ts): each path with
 * what it is made of (archiveInputs; `build`: cache/build-key.ts buildKey()), and a renderer of those the
 * bucket's manifest does not know, a slice at a time with a turn of the event loop between, so that a
 * server publishing in the background keeps answering even when every page must be rendered.
 */
export function archiveForBucket(config: Config, build: string, options: ScanOptions = scanOptionsFrom(config)): (snapshot: Snapshot) => OnRequestDocuments {
  const inputs = archiveInputs(config, build);
  return (snapshot) => {
    const documents = snapshot.archive ? [...allArchiveDocuments(snapshot.archive)].filter((d) => !snapshot.entries.has(d.path)) : [];
    const site = snapshot.archive?.site;
    const of = inputs(snapshot);
    return {
      documents: new Map(documents.map((d) => [d.path, of(d)])),
      render: async (paths) => {
        const wanted = documents.filter((d) => paths.has(d.path));
        const out: SnapshotEntry[] = [];
        for (let i = 0; i < wanted.length; i += BUCKET_SLICE) {
          if (i > 0) await new Promise((resolve) => setImmediate(resolve));
          out.push(...renderDocuments(wanted.slice(i, i + BUCKET_SLICE), config, options, site));
        }
        return out;
      },
    };
  };
}

/**
 * What the documents made on request (archive pages, saved queries) are made of besides their own
 * signature: the version, the build key (`build`: cache/build-key.ts buildKey(), feedwright's code, the
 * packages that shape bytes, Node, ICU, zlib) and the rendered config. Without the build key, a dependency
 * updated under the same version would leave every full page with the old markup for ever, since its
 * signature never changes again.
 */
export function madeWith(config: Config, build: string): string {
  return `${VERSION}\n${build}\n${configHash(config)}`;
}

/**
 * What an archive document of a snapshot is made of: its signature, madeWith() and, with Liquid, the
 * site's values (a data file or an include may change what any post says). The same inputs, the same
 * bytes: a bucket publish (above) and `feedwright build` (cli/tree-inputs.ts) reuse what they hold of a
 * document with the same inputs instead of rendering it.
 */
export function archiveInputs(config: Config, build: string): (snapshot: Snapshot) => (document: ArchiveDocument) => string {
  const made = madeWith(config, build);
  return (snapshot) => {
    const site = snapshot.archive?.site;
    const of = site ? `${made}\n${site.liquid.version}` : made;
    return (d) => createHash('sha256').update(`${of}\n${d.signature}`).digest('base64url');
  };
}

/** Posts' contents and items read back from their files, by `contentKey`; missing and changed files left out. */
export function prepare(options: ScanOptions, config: Config, posts: readonly Post[], site?: ContentSite): PreparedPosts {
  const out = new Map<string, PreparedForms>();
  if (posts.length === 0) return out;
  contentsModule()
    .readContents(options, config, posts, site)
    .forEach((answer, i) => {
      if ('missing' in answer || answer.stale) return;
      out.set(contentKey(posts[i] as Post), { content: answer.content, items: answer.items });
    });
  return out;
}
