// The post's link (its permalink resolved against the site, Jekyll's url + baseurl + permalink) and its
// id (`id` when it is a URI or a path, else the link, as jekyll-feed does).
import { permalinkDotsProblem } from '../../config/permalink-styles.js';
import { wallTimeOf } from '../dates.js';
import { expandPermalink } from '../permalink.js';
import { preview } from '../preview.js';
import { xmlSafe } from '../text.js';
import { isScalar, warnings, type Read, type FieldContext, type FrontMatterData } from './field.js';

export function readLinkAndId(
  data: FrontMatterData,
  context: FieldContext,
  post: { readonly date: number; readonly categories: readonly string[] },
): Read<{ link: string; id: string }> {
  const { problems, warn } = warnings(context);
  const { options, prefix, stem } = context;
  const slug = isScalar(data.slug) && String(data.slug).trim() !== '' ? String(data.slug).trim() : prefix ? prefix.rest : stem;
  const vars = { wall: wallTimeOf(post.date, options.timeZone), categories: post.categories, slug };
  const own = isScalar(data.permalink) && String(data.permalink).trim() !== '' ? String(data.permalink).trim() : undefined;
  const pattern = own ?? options.permalink;
  const urlPath = expandPermalink(pattern.startsWith('/') ? pattern : `/${pattern}`, vars);
  const link = resolveLink(urlPath, options.siteUrl);
  // Jekyll builds such a post where its sanitised link says, silently; the warning says why it is there.
  if (own !== undefined && permalinkDotsProblem(own)) warn('FW_POST_PERMALINK_DOTS', `${preview(own)} gives ${preview(urlPath)}`, 'permalink');

  // jekyll-feed's id is Jekyll's Document#id, which front matter cannot set.
  if (options.ids === 'jekyll')
    return { value: { link, id: resolveLink(jekyllId(urlPath, jekyllSlug(data, prefix ? prefix.rest : stem)), options.siteUrl) }, problems };
  let id = link;
  if (isScalar(data.id) && String(data.id).trim() !== '') {
    const resolved = resolveId(String(data.id).trim(), options.siteUrl);
    if (resolved) id = resolved;
    else warn('FW_POST_BAD_FIELD', `id: ${preview(String(data.id))} is not a URI; the link is used`, 'id');
  }
  return { value: { link, id }, problems };
}

/** Jekyll's slug: front matter's, else the file name's without its date, trailing dots removed. */
function jekyllSlug(data: FrontMatterData, fromName: string): string {
  return isScalar(data.slug) && String(data.slug) !== '' ? String(data.slug) : fromName.replace(/\.+$/, '');
}

/**
 * Document#id: `File.join(File.dirname(url), slug)`, so `/news/2022/01/11/title.html` and
 * `/news/2022/01/11/title/` both give `/news/2022/01/11/title`, whatever the permalink style.
 */
function jekyllId(urlPath: string, slug: string): string {
  const trimmed = urlPath.replace(/\/+$/, '');
  const dir = trimmed.slice(0, trimmed.lastIndexOf('/')) || '/';
  // A slug's `?` or `#` would end the path when the id is parsed as a URL.
  return `${dir}/${slug.replace(/[?#]/g, encodeURIComponent)}`.replace(/\/{2,}/g, '/');
}

/** The site URL's origin and path, then the expanded permalink (Jekyll: url + baseurl + permalink). */
function resolveLink(pathname: string, siteUrl: string): string {
  return new URL(siteUrl.replace(/\/$/, '') + pathname).href;
}

/**
 * An id with a scheme (`https:`, `tag:`, `urn:`) is used as written; anything else is a path resolved
 * against the site, as jekyll-feed does with `post.id | absolute_url`.
 */
function resolveId(raw: string, siteUrl: string): string | undefined {
  const text = xmlSafe(raw);
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(text) && !/^[A-Za-z]:[\\/]/.test(text)) {
    return URL.canParse(text) ? new URL(text).href : undefined;
  }
  const pathname = text.startsWith('/') ? text : `/${text}`;
  const candidate =
    siteUrl.replace(/\/$/, '') +
    pathname
      .split('/')
      .map((s) => encodeURIComponent(s))
      .join('/');
  return URL.canParse(candidate) ? new URL(candidate).href : undefined;
}
