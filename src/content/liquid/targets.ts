// What `post_url`, `link` and the include tags name, found as Jekyll finds it (tags/post_url.rb, link.rb,
// include.rb). Shared by the tags and by the dependency check, so that a rescan knows a post's link
// target moved exactly when the tag would now write something else.
import path from 'node:path';
import { splitFrontMatter } from '../../posts/front-matter.js';
import type { Post } from '../../posts/post.js';
import { relativeUrl } from './objects.js';
import type { LiquidSite, SiteFiles } from './site.js';
import { wallTimeOf } from '../../posts/dates.js';

// Jekyll's include.rb: the characters a file name may hold, and no `..`, `./` or `//` in it.
const VALID_NAME = /^[\w/.\-()+~#@]+$/;
const INVALID_SEQUENCE = /[./]{2,}/;

/** An include's name as Jekyll accepts it, or undefined (a way out of the folder, or odd characters). */
export function includeName(name: string): string | undefined {
  const clean = name.trim();
  if (!VALID_NAME.test(clean) || INVALID_SEQUENCE.test(clean) || clean.startsWith('/')) return undefined;
  return clean;
}

/** The file include_relative names, relative to the site root: beside the post, never above the site. */
export function relativeInclude(post: Post, name: string): string | undefined {
  const clean = includeName(name);
  if (clean === undefined) return undefined;
  const joined = path.posix.normalize(path.posix.join(path.posix.dirname(post.path), clean));
  return joined.startsWith('../') || joined === '..' ? undefined : joined;
}

const POST_NAME = /^(.+\/)*(\d+-\d+-\d+)-(.*)$/;

/**
 * The post `{% post_url name %}` names: one whose file is `_posts/<path><date>-<slug>.<ext>` (or
 * `<path>_posts/…`); else, as Jekyll's older rule, one with that slug on that day.
 */
export function postNamed(name: string, site: LiquidSite): Post | undefined {
  const m = POST_NAME.exec(name.trim().replace(/^\//, ''));
  if (!m) return undefined;
  const [, dir = '', date = '', slug = ''] = m;
  const base = `${escapeRegExp(date)}-${escapeRegExp(slug)}\\.[^.]+$`;
  const pattern = new RegExp(`^_posts/${escapeRegExp(dir)}${base}|^${escapeRegExp(dir)}_posts/?${base}`);
  const exact = site.posts.find((post) => pattern.test(post.path));
  if (exact) return exact;
  const [y, mo, d] = date.split('-').map(Number);
  return site.posts.find((post) => {
    const wall = wallTimeOf(post.date, site.timeZone);
    const own = typeof post.front?.slug === 'string' ? post.front.slug : /^\d+-\d+-\d+-(.*)\.[^.]+$/.exec(path.posix.basename(post.path))?.[1];
    return own === slug && wall.year === y && wall.month === mo && wall.day === d;
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The URL (without baseurl) of the file `{% link rel %}` names: a post's link, a page's URL from its
 * front matter or Jekyll's rule for pages, a static file's own path. Undefined when no such file is there.
 */
export function linkTarget(rel: string, site: LiquidSite, files: SiteFiles): string | undefined {
  const clean = rel.trim().replace(/^\//, '');
  const post = site.posts.find((p) => p.path === clean);
  if (post) return relativeUrl(post.link, site.siteUrl);
  if (includeName(clean) === undefined && clean !== '') return undefined;
  const text = files.read(clean);
  if (text === undefined) return files.exists(clean) ? `/${clean}` : undefined;
  const fm = splitFrontMatter(text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n'));
  if (fm.kind !== 'ok') return `/${clean}`;
  return pageUrl(clean, fm.data.permalink, site);
}

/** Jekyll's Page#url: its own permalink, else `/:path/:basename:output_ext` (`/:path/:basename/` when pretty). */
function pageUrl(rel: string, permalink: unknown, site: LiquidSite): string {
  const ext = path.posix.extname(rel);
  const converted = site.markdownExtensions.includes(ext.slice(1).toLowerCase()) || /^\.html?$/i.test(ext);
  const outExt = converted ? '.html' : ext;
  const dir = path.posix.dirname(rel) === '.' ? '' : `/${path.posix.dirname(rel)}`;
  const base = path.posix.basename(rel, ext);
  if (typeof permalink === 'string' && permalink !== '') {
    return permalink
      .replace(/:path/g, dir.slice(1))
      .replace(/:basename/g, base)
      .replace(/:output_ext/g, outExt)
      .replace(/\/{2,}/g, '/');
  }
  const style = String(site.config.permalink ?? 'date');
  const pretty = style === 'pretty' || style.endsWith('/');
  if (base === 'index' && converted) return `${dir}/`;
  return pretty && converted ? `${dir}/${base}/` : `${dir}/${base}${outExt}`;
}
