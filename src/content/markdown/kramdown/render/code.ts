// Code blocks and code spans as Jekyll's kramdown writes them with Rouge: a language Rouge knows (or none, which
// is `plaintext`) gets `<div class="language-x highlighter-rouge"><div class="highlight"><pre class="highlight">
// <code>…</code></pre></div></div>`; one it does not know, a plain `<pre><code class="language-x">`. Rouge's
// token <span>s are not written: the text is the same, and feed readers drop the classes.
import type Token from 'markdown-it/lib/token.mjs';
import { ROUGE_LEXER_NAMES } from '../../rouge-lexers.js';
import { escapeAll } from '../escape.js';
import type { KramdownOptions, RougeOptions } from '../options.js';
import { attrs, htmlAttributes } from './attributes.js';

function languageOf(a: ReadonlyMap<string, string>): string | undefined {
  return /\blanguage-([^ \t\r\n\f\v]+)/.exec(a.get('class') ?? '')?.[1];
}

/**
 * Whether Rouge highlights (and kramdown writes its wrapper for) code in `lang`: Rouge's find_fancy takes `lang`
 * or `lang?option=…`, a lexer's tag or alias as written (`guess` guesses, always finding one); a plaintext lexer
 * counts only with guess_lang (Jekyll's default).
 */
function highlights(lang: string | undefined, o: KramdownOptions, r: RougeOptions): boolean {
  if (o.syntaxHighlighter !== 'rouge' || r.disable) return false;
  const chosen = lang ?? r.defaultLang ?? undefined;
  if (chosen === undefined) return false;
  const name = chosen.split('?')[0] ?? '';
  if (name !== 'guess' && !ROUGE_LEXER_NAMES.has(name)) return false;
  return !((name === 'plaintext' || name === 'text') && !r.guessLang);
}

function addHighlighterClass(a: Map<string, string>, lang: string | undefined): void {
  let cls = `${a.get('class') ?? ''} highlighter-rouge`.trimStart();
  if (lang !== undefined) {
    let replaced = false;
    cls = cls.replace(/\blanguage-[^ \t\r\n\f\v]+/, () => {
      replaced = true;
      return `language-${lang}`;
    });
    if (!replaced) cls = `language-${lang} ${cls}`;
  }
  a.set('class', cls);
}

export function codeBlock(t: Token, pad: string, o: KramdownOptions): string {
  const a = new Map(attrs(t));
  const lang = languageOf(a);
  if (lang !== undefined) {
    const rest = (a.get('class') ?? '').replace(/\blanguage-[^ \t\r\n\f\v]+/, '').trim();
    if (rest === '') a.delete('class');
    else a.set('class', rest);
  }
  const r = o.rouge.block;
  if (highlights(t.info !== '' ? t.info : lang, o, r)) {
    addHighlighterClass(a, lang ?? r.defaultLang ?? undefined);
    return `${pad}<div${htmlAttributes(a)}><div class="highlight"><pre class="${escapeAll(r.cssClass)}"><code>${escapeAll(t.content)}</code></pre></div>${pad}</div>\n`;
  }
  const code = new Map<string, string>();
  if (lang !== undefined) code.set('class', `language-${lang}`);
  return `${pad}<pre${htmlAttributes(a)}><code${htmlAttributes(code)}>${escapeAll(t.content).replace(/\n$/, '')}\n</code></pre>\n`;
}

export function codeSpan(t: Token, o: KramdownOptions): string {
  const a = new Map(attrs(t));
  const lang = languageOf(a);
  const r = o.rouge.span;
  if (highlights(lang, o, r)) addHighlighterClass(a, lang ?? r.defaultLang ?? undefined);
  return `<code${htmlAttributes(a)}>${escapeAll(t.content)}</code>`;
}
