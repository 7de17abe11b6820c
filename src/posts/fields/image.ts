// `image`: a URL or path (or jekyll-seo-tag's `{path}`), made absolute against the site; http(s) only.
import { describe, warnings, type Read, type FieldContext, type FrontMatterData } from './field.js';

export function readImage(data: FrontMatterData, context: FieldContext): Read<string | undefined> {
  const { problems, warn } = warnings(context);
  const image = imageOf(data.image, context.options.siteUrl, context.options.flavour);
  if (image === 'bad') warn('FW_POST_BAD_FIELD', `image: expected a URL or {path}, found ${describe(data.image)}`, 'image');
  return { value: image === 'bad' ? undefined : image, problems };
}

function imageOf(value: unknown, siteUrl: string, flavour: 'jekyll' | undefined): string | undefined | 'bad' {
  if (value === undefined || value === null || value === '') return undefined;
  const raw = typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>).path : value;
  if (typeof raw !== 'string' || raw.trim() === '') return 'bad';
  const text = raw.trim();
  // jekyll-feed: a path (anything without `://`) goes through absolute_url, which puts url + baseurl
  // before it: `/assets/x.png` is under the site's baseurl, not at the host's root.
  if (flavour === 'jekyll' && !text.includes('://')) {
    const under = siteUrl + text.replace(/^\/+/, '');
    return URL.canParse(under) ? new URL(under).href : 'bad';
  }
  const base = text.startsWith('//') ? new URL(siteUrl).protocol + text : text;
  if (!URL.canParse(base, siteUrl)) return 'bad';
  const url = new URL(base, siteUrl);
  return /^https?:$/.test(url.protocol) ? url.href : 'bad';
}
