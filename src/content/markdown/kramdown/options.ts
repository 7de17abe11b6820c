// _config.yml's `kramdown:` map → the options the kramdown engine renders with, Jekyll 4.3's defaults under it
// (Jekyll::Configuration::DEFAULTS['kramdown'] and KramdownParser#setup), values read as kramdown reads them.

export type EntityOutput = 'as_char' | 'as_input' | 'numeric' | 'symbolic';

/** What kramdown's Rouge highlighter reads of syntax_highlighter_opts. */
export interface RougeOptions {
  readonly disable: boolean;
  readonly defaultLang: string | null;
  readonly guessLang: boolean;
  /** The class of Rouge's <pre> (css_class; `highlight`). */
  readonly cssClass: string;
}

// The syntax_highlighter_opts keys the engine follows; others (line_numbers, formatter, …) change Rouge's
// markup in ways it does not write, and are reported.
const ROUGE_KEYS = new Set(['disable', 'default_lang', 'guess_lang', 'css_class', 'block', 'span']);

export interface KramdownOptions {
  /** `GFM` (Jekyll's default: kramdown-parser-gfm) or `kramdown` (kramdown's own dialect). */
  readonly input: 'GFM' | 'kramdown';
  readonly autoIds: boolean;
  readonly autoIdPrefix: string;
  readonly parseBlockHtml: boolean;
  readonly parseSpanHtml: boolean;
  readonly footnoteNr: number;
  readonly footnoteBacklink: string;
  readonly footnoteBacklinkInline: boolean;
  readonly footnotePrefix: string;
  readonly entityOutput: EntityOutput;
  readonly tocLevels: readonly number[];
  /** Entity names (or code points) for ‘ ’ “ ”. */
  readonly smartQuotes: readonly [string | number, string | number, string | number, string | number];
  /** kramdown's `typographic_symbols`: a symbol's name (`hellip`, `mdash`, …) → the text written instead. */
  readonly typographicSymbols: Readonly<Record<string, string>>;
  /** GFM input: every newline in a paragraph is a `<br />` (Jekyll sets false). */
  readonly hardWrap: boolean;
  readonly gfmQuirks: ReadonlySet<string>;
  readonly headerOffset: number;
  /** `rouge` writes Jekyll's highlighter-rouge wrappers; null writes plain `<pre><code>`. */
  readonly syntaxHighlighter: 'rouge' | null;
  /** Rouge's options for code blocks and for code spans (syntax_highlighter_opts, with its block/span parts). */
  readonly rouge: { readonly block: RougeOptions; readonly span: RougeOptions };
  /** Header ids from the parsed text (kramdown input; GFM always does). */
  readonly autoIdStripping: boolean;
  /** `mathjax` writes `\(…\)` and `\[…\]`; null writes kramdown's `kdmath` fallbacks. */
  readonly mathEngine: 'mathjax' | null;
  readonly removeLineBreaksForCjk: boolean;
}

// Jekyll's defaults for the map (configuration.rb), on top of kramdown's own option defaults (options.rb).
export const JEKYLL_DEFAULTS: Readonly<Record<string, unknown>> = {
  auto_ids: true,
  toc_levels: [1, 2, 3, 4, 5, 6],
  entity_output: 'as_char',
  smart_quotes: 'lsquo,rsquo,ldquo,rdquo',
  input: 'GFM',
  hard_wrap: false,
  guess_lang: true,
  footnote_nr: 1,
  show_warnings: false,
};

// Options that change nothing in the HTML a feed carries, or that kramdown only reads for other outputs.
const IGNORED = new Set([
  'show_warnings',
  'template',
  'line_width',
  'latex_headers',
  'remove_block_html_tags',
  'remove_span_html_tags',
  'list_indent',
  'forbidden_inline_options',
  'coderay',
  'enable_coderay',
  'math_engine_opts',
]);
const READ = new Set([
  'input',
  'auto_ids',
  'auto_id_prefix',
  'parse_block_html',
  'parse_span_html',
  'footnote_nr',
  'footnote_backlink',
  'footnote_backlink_inline',
  'footnote_prefix',
  'entity_output',
  'toc_levels',
  'smart_quotes',
  'typographic_symbols',
  'hard_wrap',
  'gfm_quirks',
  'header_offset',
  'syntax_highlighter',
  'syntax_highlighter_opts',
  'guess_lang',
  'math_engine',
  'remove_line_breaks_for_cjk',
  'auto_id_stripping',
]);

/**
 * What in `kramdown:` (and Jekyll's `highlighter`) this engine cannot render as Jekyll would, one sentence each:
 * the caller reports them as problems; rendering goes on with the option's default.
 */
export function unsupportedKramdownOptions(map: Readonly<Record<string, unknown>> | undefined, highlighter?: string): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(map ?? {})) {
    if (READ.has(key) || IGNORED.has(key)) continue;
    if (key === 'transliterated_header_ids' && !truthy(value)) continue;
    if (key === 'html_to_native' && !truthy(value)) continue;
    if (key === 'link_defs' && (value === null || (typeof value === 'object' && Object.keys(value).length === 0))) continue;
    out.push(`kramdown option ${key} is not supported`);
  }
  const input = String(map?.input ?? 'GFM');
  if (!['GFM', 'kramdown', 'Kramdown'].includes(input)) out.push(`kramdown input ${input} is not supported (GFM and kramdown are)`);
  const hl = map?.syntax_highlighter ?? highlighter ?? 'rouge';
  if (hl !== null && !['rouge', 'none', 'nil', ''].includes(String(hl))) out.push(`syntax highlighter ${String(hl)} is not supported (rouge is)`);
  const opts = map?.syntax_highlighter_opts;
  if (isRecord(opts)) {
    for (const [key, value] of Object.entries(opts)) {
      if (!ROUGE_KEYS.has(key)) out.push(`kramdown option syntax_highlighter_opts.${key} is not supported`);
      else if ((key === 'block' || key === 'span') && isRecord(value)) {
        for (const sub of Object.keys(value)) {
          if (!ROUGE_KEYS.has(sub) || sub === 'block' || sub === 'span') out.push(`kramdown option syntax_highlighter_opts.${key}.${sub} is not supported`);
        }
      }
    }
  }
  const math = map?.math_engine;
  if (math !== undefined && math !== null && !['mathjax', 'nil', ''].includes(String(math)))
    out.push(`kramdown math_engine ${String(math)} is not supported (mathjax is)`);
  return out;
}

/** The options Jekyll would convert with, given `kramdown:` as written and Jekyll's top-level `highlighter`. */
export function kramdownOptions(map: Readonly<Record<string, unknown>> | undefined, highlighter?: string): KramdownOptions {
  const o: Record<string, unknown> = { ...JEKYLL_DEFAULTS, ...(map ?? {}) };
  const hlOpts = isRecord(o.syntax_highlighter_opts) ? o.syntax_highlighter_opts : {};
  // KramdownParser#setup: syntax_highlighter ||= the site's highlighter (rouge by default); default_lang ||=
  // plaintext, so every code span and unlabelled block gets Rouge's plaintext wrapper; guess_lang is Jekyll's.
  const hl = o.syntax_highlighter ?? highlighter ?? 'rouge';
  const top: RougeOptions = {
    disable: bool(hlOpts.disable, false),
    defaultLang: hlOpts.default_lang === undefined || hlOpts.default_lang === null ? 'plaintext' : String(hlOpts.default_lang),
    guessLang: bool(o.guess_lang, true),
    cssClass: str(hlOpts.css_class, 'highlight'),
  };
  const part = (v: unknown): RougeOptions => {
    if (!isRecord(v)) return top;
    return {
      disable: bool(v.disable, top.disable),
      defaultLang: v.default_lang === undefined ? top.defaultLang : v.default_lang === null ? null : String(v.default_lang),
      guessLang: bool(v.guess_lang, top.guessLang),
      cssClass: str(v.css_class, top.cssClass),
    };
  };
  return {
    input: String(o.input).toLowerCase() === 'kramdown' ? 'kramdown' : 'GFM',
    autoIds: bool(o.auto_ids, true),
    autoIdPrefix: str(o.auto_id_prefix, ''),
    parseBlockHtml: bool(o.parse_block_html, false),
    parseSpanHtml: bool(o.parse_span_html, true),
    footnoteNr: int(o.footnote_nr, 1),
    footnoteBacklink: str(o.footnote_backlink, '&#8617;'),
    footnoteBacklinkInline: bool(o.footnote_backlink_inline, false),
    footnotePrefix: str(o.footnote_prefix, ''),
    entityOutput: entityOutput(o.entity_output),
    tocLevels: tocLevels(o.toc_levels),
    smartQuotes: smartQuotes(o.smart_quotes),
    typographicSymbols: typographicSymbols(o.typographic_symbols),
    hardWrap: bool(o.hard_wrap, true),
    gfmQuirks: gfmQuirks(o.gfm_quirks),
    headerOffset: int(o.header_offset, 0),
    syntaxHighlighter: String(hl) === 'rouge' ? 'rouge' : null,
    rouge: { block: part(hlOpts.block), span: part(hlOpts.span) },
    autoIdStripping: bool(o.auto_id_stripping, false),
    mathEngine: o.math_engine === undefined || String(o.math_engine) === 'mathjax' ? 'mathjax' : null,
    removeLineBreaksForCjk: bool(o.remove_line_breaks_for_cjk, false),
  };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function truthy(v: unknown): boolean {
  return v === true || v === 'true';
}

// kramdown's Boolean options take true/false and the strings "true"/"false"; anything else keeps the default.
function bool(v: unknown, dflt: boolean): boolean {
  if (v === true || v === 'true') return true;
  if (v === false || v === 'false' || v === null) return v === null ? dflt : false;
  return dflt;
}

function str(v: unknown, dflt: string): string {
  return v === undefined || v === null ? dflt : String(v);
}

function int(v: unknown, dflt: number): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*-?\d+\s*$/.test(v) ? Number(v) : NaN;
  return Number.isInteger(n) ? n : dflt;
}

function entityOutput(v: unknown): EntityOutput {
  const s = String(v ?? 'as_char');
  return s === 'as_input' || s === 'numeric' || s === 'symbolic' ? s : 'as_char';
}

// "1..3", "1,2,3", [1, 2, 3] (kramdown's toc_levels validator).
function tocLevels(v: unknown): number[] {
  let levels: unknown[];
  if (Array.isArray(v)) levels = v;
  else if (typeof v === 'string' && /^\s*\d\s*\.\.\s*\d\s*$/.test(v)) {
    const [a = 1, b = 6] = v.split('..').map((x) => Number(x.trim()));
    levels = Array.from({ length: Math.max(0, b - a + 1) }, (_, i) => a + i);
  } else if (typeof v === 'string') levels = v.split(/[\s,]+/).filter(Boolean);
  else if (typeof v === 'number') levels = [v];
  else return [1, 2, 3, 4, 5, 6];
  const out = levels.map(Number).filter((n) => Number.isInteger(n) && n >= 1 && n <= 6);
  return out.length === levels.length ? out : [1, 2, 3, 4, 5, 6];
}

function smartQuotes(v: unknown): KramdownOptions['smartQuotes'] {
  const parts = Array.isArray(v)
    ? v.map(String)
    : String(v ?? '')
        .split(',')
        .map((s) => s.trim());
  if (parts.length !== 4) return ['lsquo', 'rsquo', 'ldquo', 'rdquo'];
  const [a = '', b = '', c = '', d = ''] = parts.map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  return [a, b, c, d];
}

function typographicSymbols(v: unknown): Record<string, string> {
  if (!isRecord(v)) return {};
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v)) out[k] = String(val);
  return out;
}

function gfmQuirks(v: unknown): Set<string> {
  if (v === undefined || v === null) return new Set(['paragraph_end']);
  const parts = Array.isArray(v) ? v.map(String) : String(v).split(/[\s,]+/);
  return new Set(parts.map((s) => s.trim()).filter(Boolean));
}
