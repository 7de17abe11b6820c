// Jekyll's `{% highlight lang [linenos] %}` block as Jekyll 4.3 writes it with Rouge (Jekyll::Tags::HighlightBlock):
// `<figure class="highlight"><pre><code class="language-x" data-lang="x">…</code></pre></figure>`, with linenos
// Rouge's HTMLTable inside the <code>. Token colouring (Rouge's <span>s) is left out: readers drop the classes.
import { escapeAll } from './kramdown/escape.js';
import { strip } from './kramdown/ruby-string.js';

export interface HighlightOptions {
  /** `linenos` given (Jekyll accepts `linenos` and `linenos=…`; both write the table). */
  readonly linenos?: boolean;
  /** false when the site's `highlighter` is neither rouge nor pygments (Jekyll then only escapes and strips). */
  readonly rouge?: boolean;
}

/**
 * The HTML for one highlight block. `code` is the block's body as Liquid rendered it; `lang` the tag's first
 * word (Jekyll lower-cases it; `+` becomes `-` in the class). Jekyll puts "\n" before and after the result in a
 * Markdown post (the converter's highlighter prefix and suffix), so that kramdown reads it as an HTML block.
 */
export function highlightBlock(code: string, lang: string, options: HighlightOptions = {}): string {
  const language = lang.toLowerCase();
  // Jekyll drops leading and trailing line terminators from the body.
  const body = code.replace(/^[\n\r]+|[\n\r]+$/g, '');
  let inner: string;
  // Liquid's `h` (CGI.escapeHTML) escapes quotes too; Ruby's strip trims ASCII whitespace only.
  if (options.rouge === false) inner = strip(escapeAll(body).replace(/"/g, '&quot;').replace(/'/g, '&#39;'));
  else if (options.linenos) {
    // Rouge's HTMLTable: a gutter with one number per line, the code with each line ended by a newline.
    const lines = body.split('\n');
    const numbers = lines.map((_, i) => `${i + 1}\n`).join('');
    const text = lines.map((l) => `${escapeAll(l)}\n`).join('');
    inner = `<table class="rouge-table"><tbody><tr><td class="gutter gl"><pre class="lineno">${numbers}</pre></td><td class="code"><pre>${text}</pre></td></tr></tbody></table>`;
  } else inner = escapeAll(body);
  const attrs = `class="language-${language.replace(/\+/g, '-')}" data-lang="${language}"`;
  return `<figure class="highlight"><pre><code ${attrs}>${inner.replace(/\n$/, '')}</code></pre></figure>`;
}
