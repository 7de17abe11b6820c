// One post's (or excerpt's) Liquid, rendered as Jekyll renders it before Markdown: within its budget,
// noting what it read and every construct feedwright could not render the same. A post whose Liquid
// cannot be rendered at all says why, and its caller publishes it another way.
import { IncludeDepthError, LiquidBudgetError } from '../../errors.js';
import { toValueSync, Context } from 'liquidjs';
import type { Problem, ProblemCode } from '../../errors.js';
import { problem } from '../../errors.js';
import { cached } from '../../memo.js';
import type { Post } from '../../posts/post.js';
import { BoundedEmitter, LIQUID_BUDGET, liquidEngine, StepLimiter } from './engine.js';
import { pageObject, siteObject } from './objects.js';
import { outermostInclude, withState, type RenderState } from './render-state.js';
import type { LiquidSite, SiteFiles } from './site.js';
import { zonedTime, type LiquidTime } from './time.js';

export interface LiquidInput {
  readonly post: Post;
  readonly site: LiquidSite;
  readonly files: SiteFiles;
  /** `markdownify`. */
  readonly markdown: (text: string) => string;
  /** The whole body as written: `page.content`. */
  readonly body: string;
  /** The file line of the text's first line. */
  readonly firstLine: number;
  /** `excerpt`: Jekyll renders an excerpt as a document of its own (its page.id ends in #excerpt). */
  readonly kind: 'post' | 'excerpt';
  /** Whether the document is Markdown (Jekyll's highlight tag then writes its block on lines of its own). */
  readonly converted?: boolean;
  /** Rendering time allowed, ms (default the whole LIQUID_BUDGET.ms): a post's excerpt gets what its body left. */
  readonly ms?: number;
}

export interface LiquidResult {
  /** The rendered text; undefined when the Liquid could not be rendered (`problems` says why). */
  readonly text: string | undefined;
  /** Keys of what the rendering read (dependencies.ts), those of a failed one included. */
  readonly deps: ReadonlySet<string>;
  readonly problems: readonly Problem[];
}

const times = new WeakMap<LiquidSite, LiquidTime>();

/** site.time as a Ruby time, made once per site. */
function siteTime(site: LiquidSite): LiquidTime {
  return cached(times, site, zonedSiteTime);
}

function zonedSiteTime(site: LiquidSite): LiquidTime {
  return zonedTime(site.time, site.timeZone);
}

/** Whether a text has Liquid in it at all: one without is never handed to the engine. */
export function hasLiquid(text: string): boolean {
  return text.includes('{{') || text.includes('{%');
}

export function renderLiquid(text: string, input: LiquidInput): LiquidResult {
  const { post, site } = input;
  const state: RenderState = {
    site,
    files: input.files,
    post,
    firstLine: input.firstLine,
    deps: new Set(),
    problems: new Map(),
    markdown: input.markdown,
    highlighterWrap: input.converted ? '\n' : '',
    now: siteTime(site),
    includes: [],
  };
  const liquid = liquidEngine();
  const scope = { site: siteObject(site), page: pageObject(post, site, input.body, input.kind) };
  let out: string | undefined;
  let failure: Problem | undefined;
  withState(state, () => {
    try {
      const templates = liquid.parse(text);
      // liquidjs's Context takes a render limiter: ours counts steps and reads the clock sparingly.
      type Limits = NonNullable<ConstructorParameters<typeof Context>[3]>;
      const renderLimit = new StepLimiter(input.ms ?? LIQUID_BUDGET.ms) as unknown as NonNullable<Limits['renderLimit']>;
      const ctx = new Context(scope, liquid.options, { sync: true }, { liquid, renderLimit });
      const emitter = new BoundedEmitter();
      toValueSync(liquid.renderer.renderTemplates(templates, ctx, emitter));
      out = emitter.buffer;
    } catch (err) {
      failure = failed(err, post.path, input.firstLine, outermostInclude(state));
    }
  });
  const problems = [...state.problems.values()];
  return { text: out, deps: state.deps, problems: failure ? [failure, ...problems] : problems };
}

/** Why a rendering failed, as the post's problem: its syntax, its budget, or an error while rendering. */
function failed(err: unknown, path: string, firstLine: number, includeLine: number | undefined): Problem {
  const cause = rootCause(err);
  const line = lineOf(err);
  // Inside an include, the post's line is that of its outermost include tag.
  const at = line === undefined ? includeLine : firstLine + line - 1;
  const message = (cause instanceof Error ? cause.message : String(cause)).replace(/, line:\d+, col:\d+$/, '').slice(0, 200);
  const code: ProblemCode =
    cause instanceof LiquidBudgetError || cause instanceof IncludeDepthError || /limit exceeded|Maximum call stack/.test(message)
      ? 'FW_LIQUID_OVER_BUDGET'
      : isNamed(err, 'ParseError') || isNamed(err, 'TokenizationError')
        ? 'FW_LIQUID_SYNTAX'
        : 'FW_LIQUID_FAILED';
  const detail =
    code === 'FW_LIQUID_OVER_BUDGET'
      ? `${message} (at most ${LIQUID_BUDGET.ms} ms, ${LIQUID_BUDGET.steps} steps, ${LIQUID_BUDGET.output} characters)`
      : message;
  return problem(code, path, detail, at, 'warning');
}

/** The error liquidjs wrapped (it wraps what a tag or filter throws in a RenderError). */
function rootCause(err: unknown): unknown {
  let e = err;
  for (let i = 0; i < 10 && e instanceof Error && 'originalError' in e && (e as { originalError?: unknown }).originalError; i++) {
    e = (e as { originalError: unknown }).originalError;
  }
  return e;
}

function lineOf(err: unknown): number | undefined {
  const token = (err as { token?: { getPosition?: () => number[]; file?: string } } | undefined)?.token;
  // A token of an include's file is no line of the post.
  if (!token?.getPosition || token.file) return undefined;
  return token.getPosition()[0];
}

function isNamed(err: unknown, name: string): boolean {
  return err instanceof Error && err.name === name;
}
