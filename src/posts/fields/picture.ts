// What jekyll-seo-tag's `image: {path, alt, width, height}` says beyond the image's URL (image.ts reads
// the URL, as it always has), and, with media.dir, which of the site's files the picture is.
import type { Picture } from '../post-media.js';
import { linkOf } from '../media-link.js';
import { oneLine } from '../text.js';
import { preview } from '../preview.js';
import { isScalar, warnings, type FieldContext, type FrontMatterData, type Read } from './field.js';

/** `url`: the image's URL as image.ts made it (undefined when the post has none or a bad one). */
export function readPicture(data: FrontMatterData, context: FieldContext, url: string | undefined): Read<Picture | undefined> {
  const { problems, warn } = warnings(context);
  if (url === undefined) return { value: undefined, problems };
  const map = typeof data.image === 'object' && data.image !== null && !Array.isArray(data.image) ? (data.image as Record<string, unknown>) : {};
  const size = (key: 'width' | 'height'): number | undefined => {
    const raw = map[key];
    if (raw === undefined || raw === null) return undefined;
    if (isScalar(raw) && /^\s*[1-9]\d{0,5}\s*$/.test(String(raw))) return Number(String(raw).trim());
    warn('FW_POST_BAD_FIELD', `image.${key}: ${preview(String(raw))} is not a number of pixels; ignored`, 'image');
    return undefined;
  };
  const alt = isScalar(map.alt) ? oneLine(String(map.alt)) : '';
  const width = size('width');
  const height = size('height');
  const link = context.options.mediaDir !== undefined ? linkOf(url, context.options.siteUrl, false, true) : undefined;
  const local = link && !('bad' in link) ? link.local : undefined;
  const picture: Picture = {
    ...(alt ? { alt } : {}),
    ...(width !== undefined ? { width } : {}),
    ...(height !== undefined ? { height } : {}),
    ...(local !== undefined ? { local } : {}),
  };
  return { value: Object.keys(picture).length > 0 ? picture : undefined, problems };
}
