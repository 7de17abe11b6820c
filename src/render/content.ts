// A post's body → the HTML a feed carries (absolute links, XML-safe) and its plain-text summary.
import { decodeHTML, escapeAttribute } from 'entities';
import { markdownRenderer } from '../content/markdown/index.js';
import type { Post, PostBody } from '../posts/post.js';
import { htmlToText, truncateText, xmlSafe } from '../posts/text.js';

export interface RenderedContent {
  readonly html: string;
  readonly summary: string;
}

/** About how long a summary is, in user-perceived characters (jekyll-feed and Hugo use ~200 too). */
export const SUMMARY_LENGTH = 200;

const markdown = markdownRenderer({ engine: 'commonmark' });

export function renderContent(post: Pick<Post, 'link' | 'excerpt'>, body: PostBody): RenderedContent {
  const text = bodyText(body);
  const raw = body.format === 'markdown' ? markdown(text) : text;
  const html = xmlSafe(absolutizeUrls(raw.trim(), post.link));
  const summary = post.excerpt ?? summarize(html);
  return { html, summary };
}

/** The body as text: UTF-8 (bad bytes as U+FFFD), LF line endings, nothing XML forbids. */
export function bodyText(body: PostBody): string {
  const bytes = Buffer.from(body.bytes.buffer, body.bytes.byteOffset, body.bytes.byteLength);
  return xmlSafe(bytes.toString('utf8').replace(/\r\n?/g, '\n'));
}

// A start tag: its name, then attributes whose quoted values may contain `>`.
const START_TAG = /<([A-Za-z][A-Za-z0-9:-]*)((?:\s(?:[^>"']|"[^"]*"|'[^']*')*)?)>/g;
// One attribute at a time, in order, so that `src=` inside another attribute's value is never taken
// for an attribute.
const ATTRIBUTE = /(\s+)([^\s"'>/=]+)(?:(\s*=\s*)(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/gy;
// Attributes that hold a URL (HTML's list, less the obsolete ones).
const URL_ATTRIBUTES = new Set(['href', 'src', 'poster', 'cite', 'action', 'formaction', 'background', 'srcset', 'data']);

/**
 * Makes every relative and protocol-relative URL in `html` absolute. The base is the post's own page,
 * which is how a browser resolves them on the site; `//host/path` takes the site's scheme.
 */
export function absolutizeUrls(html: string, base: string): string {
  return html.replace(START_TAG, (tag, name: string, attributes: string) => {
    let out = '';
    let last = 0;
    ATTRIBUTE.lastIndex = 0;
    for (let m = ATTRIBUTE.exec(attributes); m; m = ATTRIBUTE.exec(attributes)) {
      const [whole, space, attr = '', eq, dq, sq, bare] = m;
      const value = dq ?? sq ?? bare;
      const key = attr.toLowerCase();
      if (eq !== undefined && value !== undefined && URL_ATTRIBUTES.has(key)) {
        const decoded = decodeHTML(value);
        const resolved = key === 'srcset' ? resolveSrcset(decoded, base) : resolve(decoded, base);
        if (resolved !== undefined) {
          out += `${attributes.slice(last, m.index)}${space}${attr}${eq}"${escapeAttribute(resolved)}"`;
          last = m.index + whole.length;
        }
      }
    }
    if (last === 0) return tag;
    return `<${name}${out}${attributes.slice(last)}>`;
  });
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
