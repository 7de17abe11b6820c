// A post's body → HTML, as Jekyll makes it: Liquid first (unless the site has none, the post says
// `render_with_liquid: false`, or the text holds no `{{` / `{%`), then Markdown for a Markdown file. What
// the Liquid read is noted with its fingerprints, so a rescan knows when to render the post again.
import type { Post } from '../posts/post.js';
import { problem, type Problem } from '../errors.js';
import { cached } from '../memo.js';
import type { RenderMarkdown } from './markdown/index.js';
import { Fingerprints, type Dependencies } from './liquid/dependencies.js';
import { hasLiquid, renderLiquid } from './liquid/render-liquid.js';
import type { LiquidSite, SiteFiles } from './liquid/site.js';

/** The site a post's Liquid sees, and the door to the few files it may read beside. */
export interface ContentSite {
  readonly liquid: LiquidSite;
  readonly files: SiteFiles;
}

export interface RenderedBody {
  readonly html: string;
  /** How long its Liquid took, ms (0 when none ran). */
  readonly ms: number;
  /** What the Liquid read; empty when none ran. */
  readonly deps: Dependencies;
  readonly problems: readonly Problem[];
  /** The Liquid could not be rendered: this is the body without it. */
  readonly failed: boolean;
}

export interface BodyInput {
  readonly post: Post;
  /** The text to render: the body, or the part an excerpt is taken from. */
  readonly text: string;
  /** The whole body (`page.content`). */
  readonly body: string;
  readonly markdown: boolean;
  readonly firstLine: number;
  readonly kind: 'post' | 'excerpt';
  /** Liquid's rendering time allowed, ms (the post's excerpt shares its budget with the body). */
  readonly ms?: number;
}

// One Fingerprints per site a thread renders with: its values are the same for every post.
const fingerprints = new WeakMap<LiquidSite, Fingerprints>();

export function renderBody(input: BodyInput, render: RenderMarkdown, site: ContentSite | undefined): RenderedBody {
  const { post, text } = input;
  const runs = site !== undefined && post.front?.render_with_liquid !== false && hasLiquid(text);
  const notes: string[] = [];
  if (!runs) return { html: input.markdown ? render(text, notes) : text, ms: 0, deps: [], problems: markdownProblems(post, input, notes), failed: false };
  const started = performance.now();
  // Only the stretch from the first Liquid delimiter to the last is handed to the engine: the text around
  // it renders as itself, and liquidjs reads every character it is given (most of a post is prose).
  const { head, middle, tail } = liquidStretch(text);
  const result = renderLiquid(middle, {
    post,
    site: site.liquid,
    files: site.files,
    markdown: render,
    body: input.body,
    firstLine: input.firstLine + countLines(head),
    kind: input.kind,
    converted: input.markdown,
    ...(input.ms !== undefined ? { ms: input.ms } : {}),
  });
  const ms = performance.now() - started;
  const prints = cached(fingerprints, site.liquid, (liquid) => new Fingerprints(liquid, site.files));
  const deps = prints.record(result.deps);
  const out = result.text === undefined ? text : head + result.text + tail;
  const html = input.markdown ? render(out, notes) : out;
  return { html, ms, deps, problems: [...result.problems, ...markdownProblems(post, input, notes)], failed: result.text === undefined };
}

/** What the Markdown engine said it could not render as Jekyll would: one warning per note, for the body only. */
function markdownProblems(post: Post, input: BodyInput, notes: readonly string[]): Problem[] {
  if (input.kind !== 'post') return [];
  return [...new Set(notes)].map((note) => problem('FW_CONTENT_KRAMDOWN', post.path, note, undefined, 'warning'));
}

/**
 * `text` cut around its Liquid: `head` up to the first `{{` or `{%`, `tail` after the last `}}` or `%}`
 * (when nothing opens there). A `{%-` or `{{-` trims all white space before it, as liquidjs's greedy
 * trimming does, and `-%}` / `-}}` all after it: so does the cut.
 */
export function liquidStretch(text: string): { head: string; middle: string; tail: string } {
  const first = minIndex(text.indexOf('{{'), text.indexOf('{%'));
  if (first < 0) return { head: text, middle: '', tail: '' };
  const lastClose = Math.max(text.lastIndexOf('}}'), text.lastIndexOf('%}'));
  const end = lastClose < first ? text.length : lastClose + 2;
  const rest = text.slice(end);
  const cutTail = !rest.includes('{{') && !rest.includes('{%');
  let head = text.slice(0, first);
  let tail = cutTail ? rest : '';
  const middle = text.slice(first, cutTail ? end : text.length);
  if (middle[2] === '-') head = head.replace(/\s+$/, '');
  if (cutTail && middle[middle.length - 3] === '-') tail = tail.replace(/^\s+/, '');
  return { head, middle, tail };
}

function minIndex(a: number, b: number): number {
  return a < 0 ? b : b < 0 ? a : Math.min(a, b);
}

function countLines(text: string): number {
  let n = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) n++;
  return n;
}
