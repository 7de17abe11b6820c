// `title`: text on one line, cut to the limit; Jekyll titles an untitled post after its slug
// (2022-01-11-my-first-post.md → "My First Post").
import { decodeHTML } from 'entities';
import { cutText, LIMITS } from '../limits.js';
import { jekyllTitleText } from './jekyll-title.js';
import { oneLine } from '../text.js';
import { describe, isScalar, warnings, type Read, type FieldContext, type FrontMatterData } from './field.js';

export function readTitle(data: FrontMatterData, context: FieldContext): Read<string> {
  const { problems, warn } = warnings(context);
  const { stem, prefix } = context;
  const fallback = oneLine(titleize(prefix ? prefix.rest : stem)) || oneLine(stem) || 'Untitled';
  let title = fallback;
  const text = context.options.titles === 'jekyll' ? jekyllTitleText : titleText;
  if (isScalar(data.title)) title = oneLine(text(String(data.title))) || fallback;
  else if (data.title !== undefined && data.title !== null) {
    warn('FW_POST_BAD_FIELD', `title: expected text, found ${describe(data.title)}; the file name is used`, 'title');
  }
  if (cutText(title, LIMITS.titleLength) !== title) {
    warn('FW_POST_OVER_LIMIT', `title: ${[...title].length} characters, cut to ${LIMITS.titleLength}`, 'title');
    title = cutText(title, LIMITS.titleLength);
  }
  return { value: title, problems };
}

// What strip_html removes (Liquid's rules, narrowed to real tags so `a < b`, `I <3 TS` and `<R&D>` stay
// text): script and style elements with their content, comments, then start and end tags.
const BLOCKS = /<script\b[\s\S]*?<\/script\s*>|<style\b[\s\S]*?<\/style\s*>|<!--[\s\S]*?-->/gi;
const TAG = /<\/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?\/?>/g;

/**
 * A title as the text readers show: jekyll-feed strips markup from titles, and its feeds say
 * `type="html"`, so entities in a title were read as characters; ours are text, so they are decoded here.
 */
export function titleText(raw: string): string {
  return decodeHTML(raw.replace(BLOCKS, '').replace(TAG, ''));
}

/** Jekyll's `titleize_slug`: Ruby's `capitalize` on each hyphen-separated word. */
function titleize(slug: string): string {
  return slug
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase())
    .join(' ');
}
