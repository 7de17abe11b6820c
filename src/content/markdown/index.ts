// Markdown → HTML for post bodies. The one door every caller goes through, so the engine behind it (CommonMark
// for plain folders, kramdown's dialect for Jekyll sites) can change without its callers knowing.
import MarkdownIt from 'markdown-it';

export interface MarkdownOptions {
  /** `kramdown`: as Jekyll renders Markdown (its default converter); `commonmark`: CommonMark with raw HTML. */
  readonly engine: 'commonmark' | 'kramdown';
  /** _config.yml's `kramdown:` map, as written (kramdown's option names). */
  readonly kramdown?: Readonly<Record<string, unknown>> | undefined;
}

/** Renders one body; pure, the same text always gives the same HTML. */
export type RenderMarkdown = (text: string) => string;

// CommonMark with raw HTML passed through; `<http://…>` autolinks are CommonMark. Bare URLs are not linked,
// because kramdown does not link them either.
const commonmark = new MarkdownIt({ html: true, linkify: false, typographer: false });

export function markdownRenderer(_options: MarkdownOptions): RenderMarkdown {
  // The kramdown engine is not written yet: both engines render CommonMark for now.
  return (text) => commonmark.render(text);
}
