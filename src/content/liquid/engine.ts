// The Liquid engine of this thread: liquidjs set up as Jekyll runs Liquid (its include syntax, Ruby's way of
// printing values, the site's zone for dates), with Jekyll's tags and filters over liquidjs's own, and
// any unknown tag or filter answered rather than fatal (it is reported on the post that uses it).
import { LiquidBudgetError } from '../../errors.js';
import { Drop, Liquid, type Emitter } from 'liquidjs';
import { absoluteUrl, cgiEscape, relativeUrl, stripIndex, uriEscape } from './filters/url-filters.js';
import { date, dateToLongString, dateToRfc822, dateToString, dateToXmlschema } from './filters/date-filters.js';
import { find, findExp, groupBy, groupByExp, sample, sort, where, whereExp } from './filters/array-filters.js';
import { dividedBy, minus, modulo, plus, times } from './filters/number-filters.js';
import {
  inspectFilter,
  jsonify,
  markdownify,
  normalizeSpace,
  numberOfWords,
  sassify,
  slugify,
  smartify,
  toInteger,
  xmlEscape,
} from './filters/text-filters.js';
import { report } from './render-state.js';
import { rubyString } from './ruby.js';
import { HighlightTag } from './tags/highlight.js';
import { IncludeRelativeTag, IncludeTag } from './tags/include.js';
import { LinkTag, PostUrlTag } from './tags/links.js';
import { withUnknownTags } from './tags/unknown.js';

/**
 * What one post's Liquid may cost (docs/internals/hostile-input.md "One post's budget"). The counted
 * limits (steps, values, output, depth) are what stop a post: they fall at the same place on every
 * machine, so a post over budget is published the same by every replica. The clock is a backstop for
 * what they do not count, set well past where the steps end (a million steps take ~0.2–0.5 s here).
 */
export const LIQUID_BUDGET = {
  /** Rendering time, a backstop: the thread does nothing else meanwhile. */
  ms: 2_000,
  /** Steps: each tag, output and text rendered, a loop's body once a turn (`{% for i in (1..100000000) %}` stops here, or at `memory`). */
  steps: 1_000_000,
  /** Values made by ranges and list filters (liquidjs's memoryLimit). */
  memory: 10_000_000,
  /** Characters of output. */
  output: 4 * 1024 * 1024,
} as const;

const JEKYLL_FILTERS = {
  relative_url: relativeUrl,
  absolute_url: absoluteUrl,
  strip_index: stripIndex,
  uri_escape: uriEscape,
  cgi_escape: cgiEscape,
  date,
  date_to_xmlschema: dateToXmlschema,
  date_to_rfc822: dateToRfc822,
  date_to_string: dateToString,
  date_to_long_string: dateToLongString,
  markdownify,
  smartify,
  sassify,
  scssify: sassify,
  slugify,
  xml_escape: xmlEscape,
  normalize_whitespace: normalizeSpace,
  number_of_words: numberOfWords,
  jsonify,
  inspect: inspectFilter,
  to_integer: toInteger,
  where,
  find,
  where_exp: whereExp,
  find_exp: findExp,
  group_by: groupBy,
  group_by_exp: groupByExp,
  sort,
  sample,
  plus,
  minus,
  times,
  divided_by: dividedBy,
  modulo,
} as const;

let engine: Liquid | undefined;

/** The thread's engine, made on first use. */
export function liquidEngine(): Liquid {
  engine ??= makeEngine();
  return engine;
}

function makeEngine(): Liquid {
  const liquid = new Liquid({
    jekyllInclude: true,
    // No file system at all: includes come from the site's values (tags/include.ts).
    templates: {},
    ownPropertyOnly: true,
    strictFilters: false,
    strictVariables: false,
    // Ruby's Liquid prints a hash as `{"a"=>1}`, nil as nothing, a time as Time#to_s.
    outputEscape: (value: unknown) => printed(value),
    renderLimit: LIQUID_BUDGET.ms,
    memoryLimit: LIQUID_BUDGET.memory,
    parseLimit: 16 * 1024 * 1024,
  });
  for (const [name, filter] of Object.entries(JEKYLL_FILTERS)) liquid.registerFilter(name, filter);
  liquid.registerTag('highlight', HighlightTag);
  liquid.registerTag('include', IncludeTag);
  liquid.registerTag('include_relative', IncludeRelativeTag);
  liquid.registerTag('post_url', PostUrlTag);
  liquid.registerTag('link', LinkTag);
  Object.defineProperty(liquid, 'tags', { value: withUnknownTags(liquid.tags) });
  Object.defineProperty(liquid, 'filters', { value: withUnknownFilters(liquid.filters) });
  return liquid;
}

/**
 * liquidjs's render limiter, checked before every template it renders (a loop's body each time round):
 * here it counts the steps too, and reads the clock one step in 64 only (a step takes microseconds).
 * Handed to each rendering's Context.
 */
export class StepLimiter {
  #steps = 0;
  readonly #ms: number;
  readonly #deadline: number;

  constructor(ms: number) {
    this.#ms = ms;
    this.#deadline = performance.now() + ms;
  }

  check(): void {
    const steps = ++this.#steps;
    if (steps > LIQUID_BUDGET.steps) throw new LiquidBudgetError(`more than ${LIQUID_BUDGET.steps} steps rendered (a loop too long?)`);
    if ((steps & 63) === 0 && performance.now() > this.#deadline) throw new LiquidBudgetError(`more than ${this.#ms} ms of rendering`);
  }

  use(): void {
    // Only check() is a render limiter's part.
  }
}

type Filters = Liquid['filters'];

/** Filters by name, an unknown one leaving its input as it was (as Jekyll's Liquid does), reported. */
function withUnknownFilters(filters: Filters): Filters {
  return new Proxy(filters, {
    get: (target, key) => {
      if (typeof key !== 'string') return undefined;
      if (Object.hasOwn(target, key)) return target[key];
      return function (this: { token?: { getPosition(): number[] } }, value: unknown) {
        report('FW_LIQUID_UNKNOWN_FILTER', `| ${key}`, this.token?.getPosition()[0]);
        return value;
      };
    },
  });
}

/** A value as Ruby's Liquid prints it; liquidjs's own values (`nil`, `empty`) as what they stand for. */
function printed(value: unknown): string {
  return rubyString(value instanceof Drop ? value.valueOf() : value);
}

/** The output of one rendering, bounded: past LIQUID_BUDGET.output characters it stops. */
export class BoundedEmitter implements Emitter {
  buffer = '';

  write(html: unknown): void {
    this.buffer += printed(html);
    if (this.buffer.length > LIQUID_BUDGET.output) throw new LiquidBudgetError(`more than ${LIQUID_BUDGET.output} characters of output`);
  }
}
