// The post's link (its permalink resolved against the site, Jekyll's url + baseurl + permalink) and its
// id (`id` when it is a URI or a path, else the link, as jekyll-feed does).
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
  const pattern = isScalar(data.permalink) && String(data.permalink).trim() !== '' ? String(data.permalink).trim() : options.permalink;
  const link = resolveLink(expandPermalink(pattern.startsWith('/') ? pattern : `/${pattern}`, vars), options.siteUrl);

  let id = link;
  if (isScalar(data.id) && String(data.id).trim() !== '') {
    const resolved = resolveId(String(data.id).trim(), options.siteUrl);
    if (resolved) id = resolved;
    else warn('FW_POST_BAD_FIELD', `id: ${preview(String(data.id))} is not a URI; the link is used`, 'id');
  }
  return { value: { link, id }, problems };
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
  const candidate = siteUrl.replace(/\/$/, '') + pathname.split('/').map((s) => encodeURIComponent(s)).join('/');
  return URL.canParse(candidate) ? new URL(candidate).href : undefined;
}
