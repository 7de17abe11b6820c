// The summary a post gives itself (`excerpt`, `description` or `summary`): Jekyll renders an excerpt as
// HTML; the feeds want its text. A Jekyll site's is jekyll-feed's: `description`, else `excerpt`.
import { decodeHTML } from 'entities';
import { htmlToText } from '../text.js';
import { normalizeWhitespace, stripHtml } from './jekyll-title.js';
import { isScalar, type Read, type FrontMatterData } from './field.js';

export function readExcerpt(data: FrontMatterData, flavour?: 'jekyll'): Read<string | undefined> {
  if (flavour === 'jekyll') {
    // jekyll-feed: `post.description | default: post.excerpt`, then strip_html and normalize_whitespace.
    const key = ['description', 'excerpt'].find((k) => isScalar(data[k]) && String(data[k]) !== '');
    return { value: key ? decodeHTML(normalizeWhitespace(stripHtml(String(data[key])))) || undefined : undefined, problems: [] };
  }
  const key = ['excerpt', 'description', 'summary'].find((k) => isScalar(data[k]) && String(data[k]).trim() !== '');
  return { value: key ? htmlToText(String(data[key])) || undefined : undefined, problems: [] };
}
