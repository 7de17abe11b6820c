// Markdown → HTML for post bodies. The one door every caller goes through, so the engine behind it (CommonMark
// for plain folders, kramdown's dialect for Jekyll sites) can change without its callers knowing.
import MarkdownIt from 'markdown-it';
import { kramdownMarkdownIt } from './kramdown/engine.js';
import { kramdownOptions } from './kramdown/options.js';
import type { KramdownEnv } from './kramdown/state.js';

export { highlightBlock, type HighlightOptions } from './highlight.js';
export { unsupportedKramdownOptions } from './kramdown/options.js';
export { smartifier } from './smartify.js';

export interface MarkdownOptions {
  /** `kramdown`: as Jekyll renders Markdown (its default converter); `commonmark`: CommonMark with raw HTML. */
  readonly engine: 'commonmark' | 'kramdown';
  /** _config.yml's `kramdown:` map, as written (kramdown's option names). */
  readonly kramdown?: Readonly<Record<string, unknown>> | undefined;
  /** _config.yml's `highlighter` (Jekyll's default rouge); kramdown's syntax_highlighter falls back to it. */
  readonly highlighter?: string | undefined;
}

/**
 * Renders one body; pure, the same text always gives the same HTML. `notes`, when given, hears where the
 * HTML is not what Jekyll would write (kramdown: a limit reached, an inline option not applied).
 */
export type RenderMarkdown = (text: string, notes?: string[]) => string;

// CommonMark with raw HTML passed through; `<http://…>` autolinks are CommonMark. Bare URLs are not linked,
// because kramdown does not link them either.
const commonmark = new MarkdownIt({ html: true, linkify: false, typographer: false });

export function markdownRenderer(options: MarkdownOptions): RenderMarkdown {
  if (options.engine === 'commonmark') return (text) => commonmark.render(text);
  const render = kramdownRenderer(options);
  return (text, notes) => {
    const out = render(text);
    notes?.push(...out.notes);
    return out.html;
  };
}

/** One body rendered, with what in it is not rendered as Jekyll would (limits reached, inline options). */
export interface Rendered {
  readonly html: string;
  readonly notes: readonly string[];
}

/** The kramdown engine, telling for each body where its HTML is not Jekyll's (for the caller's problems). */
export function kramdownRenderer(options: Omit<MarkdownOptions, 'engine'>): (text: string) => Rendered {
  const md = kramdownMarkdownIt(kramdownOptions(options.kramdown, options.highlighter));
  return (text) => {
    const env: KramdownEnv = {};
    const html = md.render(text, env);
    return { html, notes: [...(env.kd?.notes ?? [])] };
  };
}
