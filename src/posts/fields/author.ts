// `author`: a name, or a map with name, email and url (jekyll-feed and jekyll-seo-tag accept both).
import type { Author } from '../../config/schema.js';
import { oneLine } from '../text.js';
import { describe, isScalar, warnings, type Read, type FieldContext, type FrontMatterData } from './field.js';

export function readAuthor(data: FrontMatterData, context: FieldContext): Read<Author | undefined> {
  const { problems, warn } = warnings(context);
  // jekyll-feed: `author`, else the first of `authors`; a key of _data/authors.yml names that person.
  const value = data.author ?? (Array.isArray(data.authors) ? (data.authors as unknown[])[0] : undefined);
  const known = isScalar(value) && Object.hasOwn(context.options.authors, String(value)) ? context.options.authors[String(value)] : undefined;
  if (known) return { value: known, problems };
  const author = authorOf(value, context.options.siteUrl);
  if (author === 'bad') warn('FW_POST_BAD_FIELD', `author: expected a name or {name, email, url}, found ${describe(value)}`, 'author');
  return { value: author === 'bad' ? undefined : author, problems };
}

function authorOf(value: unknown, siteUrl: string): Author | undefined | 'bad' {
  if (value === undefined || value === null) return undefined;
  if (isScalar(value)) {
    const name = oneLine(String(value));
    return name ? { name } : undefined;
  }
  if (typeof value !== 'object' || Array.isArray(value)) return 'bad';
  const map = value as Record<string, unknown>;
  const name = isScalar(map.name) ? oneLine(String(map.name)) : '';
  if (!name) return 'bad';
  const email = typeof map.email === 'string' && /^[^\s@<>()]+@[^\s@<>()]+$/.test(map.email.trim()) ? map.email.trim() : undefined;
  const rawUrl = [map.url, map.uri, map.link].find((v) => typeof v === 'string');
  const url = typeof rawUrl === 'string' && URL.canParse(rawUrl, siteUrl) ? new URL(rawUrl, siteUrl).href : undefined;
  return { name, ...(email ? { email } : {}), ...(url ? { url } : {}) };
}
