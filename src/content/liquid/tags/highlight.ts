// `{% highlight lang [linenos] %}…{% endhighlight %}` (Jekyll's tags/highlight.rb): the body is Liquid
// too, rendered, trimmed of leading and trailing line breaks, and written as Jekyll's <figure> markup.
import { Tag, type Context, type Emitter, type Liquid, type Parser, type TagToken, type Template, type TopLevelToken } from 'liquidjs';
import { highlightBlock } from '../../markdown/index.js';
import { state } from '../render-state.js';

// Jekyll's SYNTAX: a language, then options (`linenos`, `mark_lines="1 2"`).
const SYNTAX = /^([a-zA-Z0-9.+#_-]+)((\s+\w+(=(\w+|"([0-9]+\s)*[0-9]+"))?)*)$/;

export class HighlightTag extends Tag {
  readonly #lang: string;
  readonly #linenos: boolean;
  readonly #templates: Template[] = [];

  constructor(token: TagToken, remainTokens: TopLevelToken[], liquid: Liquid, parser: Parser) {
    super(token, remainTokens, liquid);
    const m = SYNTAX.exec(token.args.trim());
    if (!m) throw new Error(`highlight: ${JSON.stringify(token.args.trim())} is not "highlight <lang> [linenos]"`);
    this.#lang = (m[1] ?? '').toLowerCase();
    this.#linenos = /(^|\s)linenos(=|\s|$)/.test(m[2] ?? '');
    let closed = false;
    const stream = parser
      .parseStream(remainTokens)
      .on('tag:endhighlight', () => {
        closed = true;
        stream.stop();
      })
      .on('template', (tpl: Template) => void this.#templates.push(tpl))
      .on('end', () => {
        if (!closed) throw new Error(`tag ${token.getText()} not closed`);
      });
    stream.start();
  }

  *render(ctx: Context, emitter: Emitter): Generator<unknown, void, unknown> {
    const body = (yield this.liquid.renderer.renderTemplates(this.#templates, ctx)) as string;
    const { highlighterWrap: wrap, site } = state();
    // Rouge's markup unless the site names another highlighter (Jekyll then writes plain escaped code).
    const rouge = ['rouge', 'pygments'].includes(String(site.config.highlighter ?? 'rouge'));
    emitter.write(`${wrap}${highlightBlock(body, this.#lang, { linenos: this.#linenos, rouge })}${wrap}`);
  }
}
