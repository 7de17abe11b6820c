// A post's body → the HTML a feed carries (absolute links, XML-safe) and its plain-text summary: Liquid and
// Markdown as the site renders them (content/render-body.ts), and what that rendering read and met.
import { decodeHTML, escapeAttribute } from 'entities';
import type { Config } from '../config/schema.js';
import type { Problem } from '../errors.js';
import { cached } from '../memo.js';
import { excerptSource } from '../content/excerpt.js';
import type { Dependencies } from '../content/liquid/dependencies.js';
import { LIQUID_BUDGET } from '../content/liquid/engine.js';
import { markdownRenderer, unsupportedKramdownOptions, type RenderMarkdown } from '../content/markdown/index.js';
import { siteNotices, type NoticeOptions } from '../content/notices.js';
import { hasLiquid } from '../content/liquid/render-liquid.js';
import { renderBody, type ContentSite } from '../content/render-body.js';
import { normalizeWhitespace, stripHtml } from '../posts/fields/jekyll-title.js';
import type { Post, PostBody } from '../posts/post.js';
import { htmlToText, truncateText, xmlSafe } from '../posts/text.js';

export interface RenderedContent {
  readonly html: string;
  readonly summary: string;
  /** What Liquid read and met, when it ran or a site-wide notice concerns the post. */
  readonly notes?: ContentNotes;
}

/** What a rendering read (with fingerprints) and the problems it met: a rescan checks the one, reports the other. */
export interface ContentNotes {
  readonly deps: Dependencies;
  readonly problems: readonly Problem[];
  /** The Liquid could not be rendered, so the post went out without it: its last good rendering is better. */
  readonly failed?: true;
}

/** About how long a summary is, in user-perceived characters (jekyll-feed and Hugo use ~200 too). */
export const SUMMARY_LENGTH = 200;

/** How bodies are rendered: one per config (and per rescan's site, for Liquid). */
export interface ContentOptions {
  readonly markdown: RenderMarkdown;
  /** The site Liquid sees; none: no Liquid. */
  readonly site?: ContentSite | undefined;
  /** Jekyll's excerpt_separator: the summary is the excerpt before it, as jekyll-feed's (config posts.excerptSeparator). */
  readonly excerptSeparator?: string | undefined;
  readonly notices?: NoticeOptions | undefined;
}

const commonmark = markdownRenderer({ engine: 'commonmark' });
const renderers = new WeakMap<object, RenderMarkdown>();

/** The options a config asks for, the Markdown renderer made once per config. */
export function contentOptions(config: Config, site: ContentSite | undefined): ContentOptions {
  const { content } = config;
  const markdown = cached(renderers, config, () =>
    markdownRenderer({ engine: content.markdown, kramdown: content.kramdown, highlighter: content.highlighter }),
  );
  const kramdown = content.markdown === 'kramdown' ? unsupportedKramdownOptions(content.kramdown, content.highlighter) : [];
  return {
    markdown,
    site: content.liquid ? site : undefined,
    excerptSeparator: config.posts.excerptSeparator,
    notices: { converter: content.converter, plugins: content.plugins, kramdown },
  };
}

/** `post`: a whole Post when Liquid runs (options.site); its link and excerpt are enough otherwise. */
export function renderContent(
  post: Pick<Post, 'link' | 'excerpt'> & Partial<Post>,
  body: PostBody,
  options: ContentOptions = { markdown: commonmark },
): RenderedContent {
  const text = bodyText(body);
  const markdown = body.format === 'markdown';
  const firstLine = body.line ?? 1;
  const whole = post as Post;
  const rendered = renderBody({ post: whole, text, body: text, markdown, firstLine, kind: 'post' }, options.markdown, options.site);
  const html = xmlSafe(absolutizeUrls(rendered.html.trim(), post.link));
  const problems = [...rendered.problems];
  const deps = [...rendered.deps];
  let summary: string;
  if (options.excerptSeparator === undefined) summary = post.excerpt ?? summarize(html);
  else if (post.excerpt !== undefined) summary = post.excerpt;
  else {
    // jekyll-feed's summary: the excerpt Jekyll renders (Liquid, then Markdown), stripped to its text.
    // The excerpt shares the post's Liquid budget: a body that spent it all gives an excerpt without Liquid.
    const source = excerptSource(text, post.front, options.excerptSeparator);
    const left = LIQUID_BUDGET.ms - rendered.ms;
    const site = rendered.failed || left <= 0 ? undefined : options.site;
    // A post without a separator is its own excerpt: without Liquid to run, its HTML is the body's.
    const same = source === text && !(site && hasLiquid(text));
    const excerpt =
      source === undefined
        ? undefined
        : same
          ? rendered
          : renderBody({ post: whole, text: source, body: text, markdown, firstLine, kind: 'excerpt', ms: left }, options.markdown, site);
    summary = excerpt ? xmlSafe(decodeHTML(normalizeWhitespace(stripHtml(excerpt.html)))) : '';
    if (excerpt && excerpt !== rendered) {
      deps.push(...excerpt.deps);
      const seen = new Set(problems.map(problemKey));
      problems.push(...excerpt.problems.filter((p) => !seen.has(problemKey(p))));
    }
  }
  if (options.notices) problems.push(...siteNotices(post.path ?? '', text, markdown, firstLine, options.notices));
  if (deps.length === 0 && problems.length === 0 && !rendered.failed) return { html, summary };
  const notes: ContentNotes = { deps: uniqueDeps(deps), problems, ...(rendered.failed ? { failed: true as const } : {}) };
  return { html, summary, notes };
}

function problemKey(p: Problem): string {
  return `${p.code}\0${p.line ?? ''}\0${p.reason}`;
}

/** Dependencies once each, in key order (the excerpt reads much of what the body reads). */
function uniqueDeps(deps: Dependencies): Dependencies {
  const byKey = new Map(deps.map((d) => [d[0], d] as const));
  return [...byKey.keys()].sort().map((k) => byKey.get(k) as Dependencies[number]);
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
