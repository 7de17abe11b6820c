// What a Jekyll site's _config.yml asks for that feedwright does not do, said on each post it would reach:
// a Markdown converter other than kramdown, and plugins that change what a post says (jemoji turns
// `:smile:` into an image, jekyll-mentions `@name` into a link…). Plugins that only add pages, feeds or
// head tags change nothing a feed carries and are not mentioned.
import { problem, type Problem } from '../errors.js';

/** Plugins that rewrite post content, and how to tell a post they would reach (its first line so). */
const CONTENT_PLUGINS: Readonly<Record<string, { readonly finds: RegExp; readonly does: string }>> = {
  jemoji: { finds: /:[a-z0-9_+-]+:/, does: 'turns :emoji: codes into images' },
  'jekyll-mentions': { finds: /(?:^|[^\w@/])@[A-Za-z0-9][A-Za-z0-9-]*/, does: 'turns @names into links' },
  'jekyll-relative-links': { finds: /\]\([^)\s]+\.(?:md|markdown)(?:#[^)]*)?\)/, does: 'turns links to .md files into links to their pages' },
  'jekyll-target-blank': { finds: /\]\(https?:|<a\s/i, does: 'opens links in a new window' },
  'jekyll-spaceship': { finds: /./, does: 'adds tables, diagrams and media to Markdown' },
  'jekyll-katex': { finds: /\$\$|\{%\s*katex/, does: 'renders math' },
  'jekyll-toc': { finds: /./, does: 'adds a table of contents' },
  'jekyll-email-protect': { finds: /encode_email/, does: 'obfuscates e-mail addresses' },
};

export interface NoticeOptions {
  /** The converter _config.yml names when it is not kramdown (config content.converter). */
  readonly converter?: string | undefined;
  /** Plugins _config.yml lists (config content.plugins). */
  readonly plugins: readonly string[];
  /** kramdown options the site sets that feedwright does not apply (markdown/index.ts: unsupportedKramdownOptions). */
  readonly kramdown?: readonly string[];
}

/** The notices for one post: `text` is its body as written, `firstLine` the file line it starts at. */
export function siteNotices(path: string, text: string, markdown: boolean, firstLine: number, options: NoticeOptions): Problem[] {
  const out: Problem[] = [];
  if (markdown && options.converter !== undefined) {
    out.push(problem('FW_CONTENT_CONVERTER', path, `markdown: ${options.converter}`, undefined, 'warning'));
  }
  if (markdown) for (const why of options.kramdown ?? []) out.push(problem('FW_CONTENT_KRAMDOWN', path, why, undefined, 'warning'));
  for (const name of options.plugins) {
    const plugin = Object.hasOwn(CONTENT_PLUGINS, name) ? CONTENT_PLUGINS[name] : undefined;
    if (!plugin) continue;
    const m = plugin.finds.exec(text);
    if (!m) continue;
    const line = firstLine + (text.slice(0, m.index).match(/\n/g) ?? []).length;
    out.push(problem('FW_CONTENT_PLUGIN', path, `${name} ${plugin.does}`, line, 'warning'));
  }
  return out;
}
