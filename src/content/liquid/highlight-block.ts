// Jekyll's markup for `{% highlight %}` without token colours (readers drop the classes anyway).
// REPLACE when src/content/markdown/highlight.ts lands: its highlightBlock(code, lang, { linenos }) has this
// signature and writes the same markup; tags/highlight.ts then imports it from there and this file goes.

/** `<figure class="highlight">…`, as Jekyll's highlight tag writes it with Rouge (tags/highlight.rb). */
export function highlightBlock(code: string, lang: string, options: { readonly linenos: boolean }): string {
  const escaped = code.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const open = `<figure class="highlight"><pre><code class="language-${lang.replace(/\+/g, '-')}" data-lang="${lang}">`;
  if (!options.linenos) return `${open}${escaped.replace(/\n$/, '')}</code></pre></figure>`;
  // Rouge's HTMLTable: a gutter of line numbers beside the code, each line ending with a newline.
  const lines = code.split('\n').length;
  const numbers = Array.from({ length: lines }, (_, i) => `${i + 1}\n`).join('');
  return `${open}<table class="rouge-table"><tbody><tr><td class="gutter gl"><pre class="lineno">${numbers}</pre></td><td class="code"><pre>${escaped}\n</pre></td></tr></tbody></table></code></pre></figure>`;
}
