// The one normalisation between Jekyll's HTML and ours: Rouge's token <span>s inside highlighted code (a code
// block in Rouge's wrapper, a code span with class highlighter-rouge, a {% highlight %} figure) are removed: the
// engine writes the code's text without colouring, and readers drop the classes anyway. Nothing else is changed:
// text, tags, attributes, their order and the whitespace between them are compared as written.
const CODE =
  /(<div class="highlight"><pre class="[^"]*"><code>|<figure class="highlight"><pre><code [^>]*>|<code [^>]*\bhighlighter-rouge\b[^>]*>)([\s\S]*?)(<\/code>)/g;

export function normalizeHtml(html: string): string {
  return html.replace(CODE, (_m, open: string, code: string, close: string) => open + code.replace(/<span class="[^"]*">|<\/span>/g, '') + close);
}
