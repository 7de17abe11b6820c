// The one Liquid rendering in progress on this thread: what it reads (its dependencies), what it met
// (problems), and its budget. Rendering is synchronous, so tags and filters find it here rather than
// threaded through liquidjs's context (which `render` and spawned contexts do not carry).
import { problem, type Problem, type ProblemCode } from '../../errors.js';
import type { Post } from '../../posts/post.js';
import type { LiquidSite, SiteFiles } from './site.js';
import type { LiquidTime } from './time.js';

export interface RenderState {
  readonly site: LiquidSite;
  readonly files: SiteFiles;
  readonly post: Post;
  /** The file line the rendered text starts at (the body's first line), for problems. */
  readonly firstLine: number;
  /** Keys of what was read (dependencies.ts). */
  readonly deps: Set<string>;
  readonly problems: Map<string, Problem>;
  /** `markdownify`: the site's Markdown renderer. */
  readonly markdown: (text: string) => string;
  /**
   * What Jekyll's highlight tag writes before and after its block: a line break in a Markdown document
   * (its converter's highlighter_prefix and suffix, so the block is an HTML block), nothing in HTML.
   */
  readonly highlighterWrap: string;
  readonly now: LiquidTime;
  /** The includes being rendered, outermost first: a problem inside one names it. */
  readonly includes: string[];
}

let current: RenderState | undefined;

/** Runs `fn` with `state` as the rendering in progress (restored after, so renderings may nest). */
export function withState<T>(state: RenderState, fn: () => T): T {
  const outer = current;
  current = state;
  try {
    return fn();
  } finally {
    current = outer;
  }
}

/** The rendering in progress; tags and filters are only ever called inside one. */
export function state(): RenderState {
  if (!current) throw new Error('Liquid rendered outside a post');
  return current;
}

/** Notes that the rendering read `key` (a no-op outside a rendering: the site's values built for tests). */
export function read(key: string): void {
  current?.deps.add(key);
}

/**
 * Notes a problem, once per code, construct and line. `line` is the template's own (1-based); inside an
 * include it is the line of the outermost include tag, which the reason then names.
 */
export function report(code: ProblemCode, construct: string, line?: number): void {
  const s = current;
  if (!s) return;
  const inside = s.includes.length > 0 ? ` (in _includes/${s.includes.join(' → ')})` : '';
  const at = s.includes.length > 0 ? includeLine(s) : line === undefined ? undefined : s.firstLine + line - 1;
  const key = `${code}\0${construct}\0${at ?? ''}${inside}`;
  if (!s.problems.has(key)) s.problems.set(key, problem(code, s.post.path, `${construct}${inside}`, at, 'warning'));
}

/** Where the outermost include tag of the rendering is (set by the include tag as it starts one). */
function includeLine(s: RenderState): number | undefined {
  return includeLines.get(s);
}

const includeLines = new WeakMap<RenderState, number>();

/** The file line of the outermost include tag met (a failure inside an include is reported there). */
export function outermostInclude(s: RenderState): number | undefined {
  return includeLines.get(s);
}

/** Called by the include tags: the file line of an include that starts at the top level. */
export function enterInclude(name: string, line: number | undefined): void {
  const s = state();
  if (s.includes.length === 0 && line !== undefined) includeLines.set(s, s.firstLine + line - 1);
  s.includes.push(name);
}

export function leaveInclude(): void {
  state().includes.pop();
}
