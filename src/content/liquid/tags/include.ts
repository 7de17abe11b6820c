// `{% include name.html key="value" other=variable %}` from the site's _includes/, and `include_relative`
// from beside the post (Jekyll's tags/include.rb): the name may hold `{{ }}`, the parameters are
// `include.key` inside. Only files the site's values or its door hold are read (safe mode: no way out of
// the site), and includes nest at most MAX_DEPTH deep, so one that includes itself costs one post's budget.
import { IncludeDepthError } from '../../../errors.js';
import { Hash, Tag, TokenKind, type Context, type Emitter, type Liquid, type Parser, type TagToken, type Template, type TopLevelToken } from 'liquidjs';
import { cached } from '../../../memo.js';
import { enterInclude, leaveInclude, read, report, state } from '../render-state.js';
import type { LiquidSite } from '../site.js';
import { includeName, relativeInclude } from '../targets.js';

/** Includes inside includes: far deeper than real sites nest, far below the stack's limit. */
export const MAX_DEPTH = 16;

// Parsed includes, per site and name (with the text they were parsed from: include_relative reads a file
// that may change within one site): a post that includes a file many times parses it once.
const parsed = new WeakMap<LiquidSite, Map<string, { readonly text: string; readonly templates: Template[] | Error }>>();

abstract class IncludeBase extends Tag {
  readonly #file: string | Template[];
  readonly #hash: Hash;
  readonly #line: number | undefined;

  constructor(token: TagToken, remainTokens: TopLevelToken[], liquid: Liquid, parser: Parser) {
    super(token, remainTokens, liquid);
    const tokenizer = token.tokenizer;
    const templates = parser.parseTokens([...tokenizer.readFileNameTemplate(liquid.options)]);
    // A plain name is kept as text: most includes name their file literally.
    const only = templates.length === 1 ? templates[0] : undefined;
    this.#file = only && only.token.kind === TokenKind.HTML ? only.token.getText() : templates;
    this.#hash = new Hash(tokenizer, true);
    this.#line = token.getPosition()[0];
  }

  /** The text of the named file, noting what was read; undefined (reported) when there is none. */
  protected abstract load(name: string): { key: string; text: string } | undefined;

  *render(ctx: Context, emitter: Emitter): Generator<unknown, void, unknown> {
    const name = typeof this.#file === 'string' ? this.#file : String(yield this.liquid.renderer.renderTemplates(this.#file, ctx));
    const s = state();
    if (s.includes.length >= MAX_DEPTH) throw new IncludeDepthError(name.trim(), MAX_DEPTH);
    const found = this.load(name);
    if (!found) return;
    const templates = this.#parse(found.key, found.text);
    if (templates instanceof Error) {
      report('FW_LIQUID_SYNTAX', `${this.name} ${name.trim()}: ${templates.message}`, this.#line);
      return;
    }
    const params = (yield this.#hash.render(ctx)) as Record<string, unknown>;
    ctx.push({ include: params });
    enterInclude(name.trim(), this.#line);
    try {
      yield this.liquid.renderer.renderTemplates(templates, ctx, emitter);
    } finally {
      leaveInclude();
      ctx.pop();
    }
  }

  #parse(key: string, text: string): Template[] | Error {
    const site = state().site;
    const cache = cached(parsed, site, () => new Map());
    const known = cache.get(key);
    if (known && known.text === text) return known.templates;
    let templates: Template[] | Error;
    try {
      templates = this.liquid.parse(text, key);
    } catch (err) {
      templates = err instanceof Error ? err : new Error(String(err));
    }
    cache.set(key, { text, templates });
    return templates;
  }

  protected get line(): number | undefined {
    return this.#line;
  }
}

export class IncludeTag extends IncludeBase {
  protected load(name: string): { key: string; text: string } | undefined {
    const clean = includeName(name);
    if (clean === undefined) {
      report('FW_LIQUID_MISSING_INCLUDE', `include ${name.trim()}: not a file name inside _includes/ (no .., ./ or /)`, this.line);
      return undefined;
    }
    read(`include:${clean}`);
    const text = state().site.includes.get(clean);
    if (text === undefined) report('FW_LIQUID_MISSING_INCLUDE', `include ${clean}: no such file in _includes/`, this.line);
    return text === undefined ? undefined : { key: `include:${clean}`, text };
  }
}

export class IncludeRelativeTag extends IncludeBase {
  protected load(name: string): { key: string; text: string } | undefined {
    const s = state();
    const rel = relativeInclude(s.post, name);
    if (rel === undefined) {
      report('FW_LIQUID_MISSING_INCLUDE', `include_relative ${name.trim()}: not a file beside the post (no .., ./ or /)`, this.line);
      return undefined;
    }
    read(`file:${rel}`);
    const text = s.files.read(rel);
    if (text === undefined) report('FW_LIQUID_MISSING_INCLUDE', `include_relative ${name.trim()}: no such file (${rel}) in the site`, this.line);
    return text === undefined ? undefined : { key: `file:${rel}`, text };
  }
}
