// A post's body → HTML, as Jekyll makes it: Liquid first (unless the site has none, the post says
// `render_with_liquid: false`, or the text holds no `{{` / `{%`), then Markdown for a Markdown file. What
// the Liquid read is noted with its fingerprints, so a rescan knows when to render the post again.
import type { Problem } from '../errors.js';
import type { Post } from '../posts/post.js';
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
  if (!runs) return { html: input.markdown ? render(text) : text, ms: 0, deps: [], problems: [], failed: false };
  const started = performance.now();
  const result = renderLiquid(text, {
    post,
    site: site.liquid,
    files: site.files,
    markdown: render,
    body: input.body,
    firstLine: input.firstLine,
    kind: input.kind,
    ...(input.ms !== undefined ? { ms: input.ms } : {}),
  });
  const ms = performance.now() - started;
  let prints = fingerprints.get(site.liquid);
  if (!prints) fingerprints.set(site.liquid, (prints = new Fingerprints(site.liquid, site.files)));
  const deps = prints.record(result.deps);
  const out = result.text ?? text;
  return { html: input.markdown ? render(out) : out, ms, deps, problems: result.problems, failed: result.text === undefined };
}
