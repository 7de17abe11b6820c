// A post's body → the HTML a feed carries (absolute links, XML-safe) and its plain-text summary.
import { decodeHTML, escapeAttribute } from 'entities';
import MarkdownIt from 'markdown-it';
import type { Post } from '../posts/post.js';
import { oneLine, truncateText, xmlSafe } from '../posts/text.js';

export interface RenderedContent {
  readonly html: string;
  readonly summary: string;
}

/** About how long a summary is, in user-perceived characters (jekyll-feed and Hugo use ~200 too). */
export const SUMMARY_LENGTH = 200;

// CommonMark with raw HTML passed through, as kramdown does for Jekyll; `<http://…>` autolinks are
// CommonMark. Bare URLs are not linked, because kramdown does not link them either.
const markdown = new MarkdownIt({ html: true, linkify: false, typographer: false });

/** The key a post's rendered content is cached under: a changed file is a new key. */
export function contentKey(post: Post): string {
  return `${post.path}\0${post.hash}`;
}

export function renderContent(post: Post): RenderedContent {
  const raw = post.format === 'markdown' ? markdown.render(post.body) : post.body;
  const html = xmlSafe(absolutizeUrls(raw.trim(), post.link));
  const summary = post.excerpt ?? summarize(html);
  return { html, summary };
}

// A start tag, with quoted attribute values that may contain `>`.
const START_TAG = /<[A-Za-z][A-Za-z0-9:-]*(?:\s(?:[^>"']|"[^"]*"|'[^']*')*)?>/g;
// Attributes that hold a URL (HTML's list, less the obsolete ones), then its value in any quoting.
const URL_ATTR = /(\s)(href|src|poster|cite|action|formaction|background|srcset|data)(\s*=\s*)(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))/gi;

/**
 * Makes every relative and protocol-relative URL in `html` absolute. The base is the post's own page,
 * which is how a browser resolves them on the site; `//host/path` takes the site's scheme.
 */
export function absolutizeUrls(html: string, base: string): string {
  return html.replace(START_TAG, (tag) =>
    tag.replace(URL_ATTR, (whole, space: string, name: string, eq: string, dq?: string, sq?: string, bare?: string) => {
      const value = decodeHTML(dq ?? sq ?? bare ?? '');
      const resolved = name.toLowerCase() === 'srcset' ? resolveSrcset(value, base) : resolve(value, base);
      return resolved === undefined ? whole : `${space}${name}${eq}"${escapeAttribute(resolved)}"`;
    }),
  );
}

function resolve(value: string, base: string): string | undefined {
  const v = value.trim();
  // A scheme (https:, mailto:, data:) means absolute already: leave it as written.
  if (v === '' || /^[A-Za-z][A-Za-z0-9+.-]*:/.test(v)) return undefined;
  return URL.canParse(v, base) ? new URL(v, base).href : undefined;
}

function resolveSrcset(value: string, base: string): string | undefined {
  let changed = false;
  const out = value.split(',').map((candidate) => {
    const [url = '', ...descriptor] = candidate.trim().split(/\s+/);
    const resolved = resolve(url, base);
    if (resolved === undefined) return candidate.trim();
    changed = true;
    return [resolved, ...descriptor].join(' ');
  });
  return changed ? out.join(', ') : undefined;
}

/** The text of the first paragraph that has any, else of the whole body, cut to SUMMARY_LENGTH. */
export function summarize(html: string): string {
  for (const m of html.matchAll(/<p(?:\s[^>]*)?>([\s\S]*?)<\/p>/gi)) {
    const text = htmlToText(m[1] ?? '');
    if (text) return truncateText(text, SUMMARY_LENGTH);
  }
  return truncateText(htmlToText(html), SUMMARY_LENGTH);
}

// Tags that break a line of text; the others (a, code, strong…) sit inside words, notably in CJK text,
// where an added space would show.
const BLOCK_TAG = /<\/?(?:p|div|br|hr|li|ul|ol|dl|dt|dd|h[1-6]|table|tr|td|th|thead|tbody|blockquote|pre|figure|figcaption|section|article|header|footer|aside|nav)\b[^>]*>/gi;

function htmlToText(html: string): string {
  const text = html
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(BLOCK_TAG, ' ')
    .replace(/<[^>]*>/g, '');
  return oneLine(decodeHTML(text));
}
