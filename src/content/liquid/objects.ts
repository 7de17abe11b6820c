// Jekyll's objects as a post's Liquid sees them: `site` (its config, data and posts) and `page` (the post).
// Every read of the site is noted (render-state.ts) so a rescan re-renders a post when what it read changes.
import path from 'node:path';
import { cached } from '../../memo.js';
import { jekyllKind } from '../../posts/jekyll-layout.js';
import type { Post } from '../../posts/post.js';
import { read, report } from './render-state.js';
import type { LiquidSite } from './site.js';
import { zonedTime, type LiquidTime } from './time.js';

// Site values Jekyll has and feedwright does not (its pages and other collections): a post that reads them
// is told so, and gets an empty list.
const NOT_KNOWN = new Set(['pages', 'html_pages', 'static_files', 'html_files', 'documents', 'collections']);

// liquidjs asks every value it meets whether it is a drop, a promise or an iterator: those asks are not a
// post reading the site, and noting them would make posts depend on keys nobody wrote.
const PROBES = new Set(['toLiquid', 'then', 'next', 'valueOf', 'toString', 'toJSON', 'constructor']);

const sites = new WeakMap<LiquidSite, object>();

/** `site`, the same object for every post of one LiquidSite; its reads are noted as they happen. */
export function siteObject(site: LiquidSite): object {
  return cached(sites, site, makeSite);
}

function makeSite(site: LiquidSite): object {
  let posts: Record<string, unknown>[] | undefined;
  let byName: { categories: Record<string, unknown[]>; tags: Record<string, unknown[]> } | undefined;
  const allPosts = (): Record<string, unknown>[] => (posts ??= site.posts.map((p) => postObject(p, site)));
  const taxonomies = (): NonNullable<typeof byName> => {
    if (byName) return byName;
    const categories: Record<string, unknown[]> = {};
    const tags: Record<string, unknown[]> = {};
    const add = (into: Record<string, unknown[]>, name: string, post: unknown): void => {
      const list = Object.hasOwn(into, name) ? into[name] : undefined;
      if (list) list.push(post);
      else Object.defineProperty(into, name, { value: [post], enumerable: true, writable: true, configurable: true });
    };
    allPosts().forEach((post, i) => {
      const p = site.posts[i] as Post;
      for (const c of p.categories) add(categories, c, post);
      for (const t of p.tags) add(tags, t, post);
    });
    byName = { categories, tags };
    return byName;
  };
  const data = dataObject(site.data);
  const time = zonedTime(site.time, site.timeZone);
  const computed: Readonly<Record<string, () => unknown>> = {
    posts: () => {
      read('posts');
      return allPosts();
    },
    // Jekyll's related_posts without LSI: the ten newest posts (the page's own left out by the caller).
    related_posts: () => {
      read('posts');
      return allPosts().slice(0, 10);
    },
    categories: () => {
      read('posts');
      return taxonomies().categories;
    },
    tags: () => {
      read('posts');
      return taxonomies().tags;
    },
    time: () => {
      read('time');
      return time;
    },
    data: () => data,
  };
  // A copy: a proxy's target must not be frozen for `get` to answer other than the target's values.
  return new Proxy(
    { ...site.config },
    {
      get(target, key) {
        if (typeof key !== 'string') return undefined;
        const make = Object.hasOwn(computed, key) ? computed[key] : undefined;
        if (make) return make();
        if (NOT_KNOWN.has(key)) {
          report('FW_LIQUID_NOT_SUPPORTED', `site.${key}: feedwright knows a site's posts only; it is empty here`);
          return [];
        }
        if (!PROBES.has(key)) read(`config:${key}`);
        return Object.hasOwn(target, key) ? target[key] : undefined;
      },
      has(target, key) {
        return typeof key === 'string' && (Object.hasOwn(computed, key) || NOT_KNOWN.has(key) || Object.hasOwn(target, key));
      },
      ownKeys(target) {
        read('config:*');
        return [...new Set([...Reflect.ownKeys(target), ...Object.keys(computed)])];
      },
      // liquidjs reads own properties only, and asks first (hasOwnProperty): a key that is not there is a
      // read too (adding it to _config.yml later changes what the post shows).
      getOwnPropertyDescriptor(target, key) {
        if (typeof key === 'string' && (Object.hasOwn(computed, key) || NOT_KNOWN.has(key)))
          return { value: undefined, enumerable: true, configurable: true, writable: false };
        if (typeof key === 'string' && !PROBES.has(key) && !Object.hasOwn(target, key)) read(`config:${key}`);
        return Reflect.getOwnPropertyDescriptor(target, key);
      },
    },
  );
}

/** `site.data`: reading a top-level key notes `data:<key>`; listing them all notes `data:*`. */
function dataObject(data: Readonly<Record<string, unknown>>): object {
  return new Proxy(data, {
    get(target, key) {
      if (typeof key !== 'string') return undefined;
      if (!PROBES.has(key)) read(`data:${key}`);
      return Object.hasOwn(target, key) ? target[key] : undefined;
    },
    ownKeys(target) {
      read('data:*');
      return Reflect.ownKeys(target);
    },
    getOwnPropertyDescriptor(target, key) {
      if (typeof key === 'string' && !PROBES.has(key) && !Object.hasOwn(target, key)) read(`data:${key}`);
      return Reflect.getOwnPropertyDescriptor(target, key);
    },
  });
}

const postObjects = new WeakMap<LiquidSite, WeakMap<Post, Record<string, unknown>>>();

/** A post as `site.posts` lists it (made once per site); its rendered content is not known to feedwright. */
function postObject(post: Post, site: LiquidSite): Record<string, unknown> {
  const bySite = cached(postObjects, site, () => new WeakMap());
  let made = bySite.get(post);
  if (made) return made;
  made = documentFields(post, site);
  const unknown = (key: string) => ({
    enumerable: true,
    get: () => {
      report('FW_LIQUID_NOT_SUPPORTED', `post.${key} of another post: feedwright renders one post at a time, so it is empty here`);
      return '';
    },
  });
  Object.defineProperties(made, { content: unknown('content'), excerpt: unknown('excerpt'), output: unknown('output') });
  bySite.set(post, made);
  return made;
}

/**
 * `page` for the post being rendered (its excerpt, for `excerpt`: Jekyll renders an excerpt as a document
 * of its own, whose id and path end in `#excerpt`). `content` is the body as written, as during
 * Jekyll's rendering; `next` and `previous` are its neighbours in site.posts.
 */
export function pageObject(post: Post, site: LiquidSite, body: string, kind: 'post' | 'excerpt'): Record<string, unknown> {
  const page = documentFields(post, site);
  if (kind === 'excerpt') {
    page.id = `${String(page.id)}#excerpt`;
    page.path = `${String(page.path)}/#excerpt`;
  }
  page.content = body;
  page.output = null;
  Object.defineProperty(page, 'excerpt', {
    enumerable: true,
    get: () => {
      report('FW_LIQUID_NOT_SUPPORTED', 'page.excerpt inside the post: feedwright renders the excerpt after the post; it is empty here');
      return '';
    },
  });
  const neighbour = (step: number) => ({
    enumerable: true,
    get: () => {
      read('posts');
      const at = site.posts.findIndex((p) => p.path === post.path);
      const other = at < 0 ? undefined : site.posts[at + step];
      return other ? postObject(other, site) : null;
    },
  });
  // site.posts is newest first: Jekyll's `next` is the newer post.
  Object.defineProperties(page, { next: neighbour(-1), previous: neighbour(1) });
  return page;
}

/** The fields Jekyll's DocumentDrop gives a post, over its front matter. */
function documentFields(post: Post, site: LiquidSite): Record<string, unknown> {
  const front = post.front ?? {};
  const name = path.posix.basename(post.path);
  const ext = path.posix.extname(name);
  const stem = name.slice(0, name.length - ext.length);
  const fromName = /^\d{2,4}-\d{1,2}-\d{1,2}-(.*)$/.exec(stem)?.[1] ?? stem;
  const slug = typeof front.slug === 'string' || typeof front.slug === 'number' ? String(front.slug) : fromName;
  const url = relativeUrl(post.link, site.siteUrl);
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(front)) {
    Object.defineProperty(fields, key, { value, enumerable: true, writable: true, configurable: true });
  }
  Object.assign(fields, {
    // Jekyll titles an untitled post from its file name's slug, a capital to each word.
    title:
      front.title ??
      fromName
        .split('-')
        .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
        .join(' '),
    slug,
    ext,
    name,
    url,
    id: jekyllId(url, slug),
    categories: [...post.categories],
    tags: [...post.tags],
    path: post.path,
    relative_path: post.path,
    collection: 'posts',
    draft: jekyllKind(post.path, true) === 'draft',
  });
  // Made when read: the zone's offset costs a call into Intl, and most posts never print their date.
  let date: LiquidTime | undefined;
  Object.defineProperty(fields, 'date', { enumerable: true, configurable: true, get: () => (date ??= zonedTime(post.date, site.timeZone)) });
  return fields;
}

/** A post's URL as Jekyll's `url`: its path on the site, without the host and baseurl. */
export function relativeUrl(link: string, siteUrl: string): string {
  if (link.startsWith(siteUrl)) return `/${link.slice(siteUrl.length)}`;
  return URL.canParse(link) ? new URL(link).pathname : link;
}

/** Document#id: the URL's folder and the slug (`/2024/01/02/title`), whatever the permalink style. */
function jekyllId(url: string, slug: string): string {
  const trimmed = url.replace(/\/+$/, '');
  const dir = trimmed.slice(0, trimmed.lastIndexOf('/')) || '/';
  return `${dir}/${slug}`.replace(/\/{2,}/g, '/');
}
