// `{% post_url 2024-01-02-title %}` and `{% link _posts/2024-01-02-title.md %}` (Jekyll's tags/post_url.rb
// and link.rb): the URL of what they name, with baseurl, as relative_url writes it. A name that finds
// nothing stops Jekyll's build; here it is reported and writes nothing.
import { Tag, type Context, type Emitter, type Liquid, type Parser, type TagToken, type Template, type TopLevelToken } from 'liquidjs';
import { relativeUrl } from '../filters/url-filters.js';
import { read, report, state } from '../render-state.js';
import { linkTarget, postNamed } from '../targets.js';
import { relativeUrl as pathOf } from '../objects.js';

export class PostUrlTag extends Tag {
  readonly #name: string;
  readonly #line: number | undefined;

  constructor(token: TagToken, remainTokens: TopLevelToken[], liquid: Liquid) {
    super(token, remainTokens, liquid);
    this.#name = token.args.trim();
    this.#line = token.getPosition()[0];
  }

  render(_ctx: Context, emitter: Emitter): void {
    const s = state();
    read(`post:${this.#name}`);
    const post = postNamed(this.#name, s.site);
    if (!post) {
      report('FW_LIQUID_MISSING_POST', `post_url ${this.#name}: no published post has that name`, this.#line);
      return;
    }
    emitter.write(relativeUrl(pathOf(post.link, s.site.siteUrl)));
  }
}

export class LinkTag extends Tag {
  readonly #path: Template[];
  readonly #line: number | undefined;

  constructor(token: TagToken, remainTokens: TopLevelToken[], liquid: Liquid, parser: Parser) {
    super(token, remainTokens, liquid);
    // The path is Liquid itself: `{% link {{ page.other }} %}`.
    this.#path = parser.parse(token.args.trim());
    this.#line = token.getPosition()[0];
  }

  *render(ctx: Context, emitter: Emitter): Generator<unknown, void, unknown> {
    const rel = String(yield this.liquid.renderer.renderTemplates(this.#path, ctx)).trim();
    const s = state();
    read(`link:${rel}`);
    const target = linkTarget(rel, s.site, s.files);
    if (target === undefined) {
      report('FW_LIQUID_MISSING_POST', `link ${rel}: no post, page or file of the site is there`, this.#line);
      return;
    }
    emitter.write(relativeUrl(target));
  }
}
