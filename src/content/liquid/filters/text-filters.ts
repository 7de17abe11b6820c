// Jekyll's text filters (filters.rb) where liquidjs's own differ from Jekyll's, or are missing: the
// converters (markdownify, smartify), slugify's modes, xml_escape, jsonify and inspect, word counts.
import { normalizeWhitespace } from '../../../posts/fields/jekyll-title.js';
import { cached } from '../../../memo.js';
import { smartifier } from '../../markdown/index.js';
import type { LiquidSite } from '../site.js';
import { report, state } from '../render-state.js';
import { Drop } from 'liquidjs';
import { inspect, rubyJson, rubyString } from '../ruby.js';

export function markdownify(input: unknown): string {
  return state().markdown(rubyString(input));
}

const smartifiers = new WeakMap<LiquidSite, (text: string) => string>();

/** Jekyll's SmartyPants converter, under the site's `kramdown:` options: one smartifier per site. */
export function smartify(input: unknown): string {
  const { site } = state();
  return cached(smartifiers, site, siteSmartifier)(rubyString(input));
}

function siteSmartifier(site: LiquidSite): (text: string) => string {
  return smartifier(site.config.kramdown as Readonly<Record<string, unknown>> | undefined);
}

export function sassify(input: unknown): unknown {
  report('FW_LIQUID_NOT_SUPPORTED', 'sassify/scssify: feedwright does not compile Sass; the text is left as it was');
  return input;
}

const SLUG_MODES: Readonly<Record<string, RegExp>> = {
  raw: /\s+/gu,
  default: /[^\p{M}\p{L}\p{Nd}]+/gu,
  pretty: /[^\p{M}\p{L}\p{Nd}._~!$&'()+,;=@]+/gu,
  ascii: /[^A-Za-z0-9]+/gu,
  latin: /[^\p{M}\p{L}\p{Nd}]+/gu,
};

/** Utils.slugify: an unknown mode only lower-cases; `latin` first transliterates as Ruby's I18n does. */
export function slugify(input: unknown, mode?: unknown): unknown {
  if (input === null || input === undefined) return input;
  const name = mode === null || mode === undefined ? 'default' : String(mode);
  let text = rubyString(input);
  const pattern = Object.hasOwn(SLUG_MODES, name) ? SLUG_MODES[name] : undefined;
  if (!pattern) return text.toLowerCase();
  if (name === 'latin') text = transliterate(text);
  return text.replace(pattern, '-').replace(/^-|-$/g, '').toLowerCase();
}

// I18n's transliterations that are not an accent on a Latin letter (those are dropped by NFD below).
const LATIN: Readonly<Record<string, string>> = {
  Æ: 'AE',
  æ: 'ae',
  Ø: 'O',
  ø: 'o',
  ß: 'ss',
  Þ: 'TH',
  þ: 'th',
  Đ: 'D',
  đ: 'd',
  Ł: 'L',
  ł: 'l',
  Œ: 'OE',
  œ: 'oe',
  Ð: 'D',
  ð: 'd',
};

/** I18n.transliterate: Latin letters to ASCII, anything else to `?` (which the slug then drops). */
function transliterate(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFD')) {
    if (/\p{M}/u.test(ch)) continue;
    out += ch.charCodeAt(0) < 0x80 ? ch : (LATIN[ch] ?? '?');
  }
  return out;
}

/** Ruby's `encode(xml: :attr)` without the quotes it adds: & < > " and ' escaped. */
export function xmlEscape(input: unknown): string {
  return rubyString(input).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

export function normalizeSpace(input: unknown): string {
  return normalizeWhitespace(rubyString(input));
}

const CJK = /[\p{Script=Han}\p{Script=Katakana}\p{Script=Hiragana}\p{Script=Hangul}]/gu;
const NON_CJK_WORD = /[^\p{Script=Han}\p{Script=Katakana}\p{Script=Hiragana}\p{Script=Hangul}\s]+/gu;

/** Ruby's split on white space, or with `cjk` / `auto` each CJK character a word. */
export function numberOfWords(input: unknown, mode?: unknown): number {
  const text = rubyString(input);
  const words = (): number => text.split(/[ \t\n\v\f\r\0]+/).filter(Boolean).length;
  const cjk = (): number => (text.match(CJK) ?? []).length;
  const others = (): number => (text.match(NON_CJK_WORD) ?? []).length;
  if (mode === 'cjk') return cjk() + others();
  if (mode === 'auto') return cjk() === 0 ? words() : cjk() + others();
  return words();
}

/** Ruby's as_liquid(input).to_json: a time as its to_s, a big whole number as its digits, the rest as JSON. */
export function jsonify(input: unknown): string {
  return rubyJson(unwrap(input));
}

/** Ruby's inspect of the value, XML-escaped. */
export function inspectFilter(input: unknown): string {
  return xmlEscape(inspect(unwrap(input)));
}

/** liquidjs's own values (`nil`, `empty`) as what they stand for. */
function unwrap(value: unknown): unknown {
  return value instanceof Drop ? value.valueOf() : value;
}

/** Jekyll's to_integer: true 1, false 0, else Ruby's to_i (the leading whole number, else 0). */
export function toInteger(input: unknown): number {
  if (input === true) return 1;
  if (input === false) return 0;
  if (typeof input === 'number') return Math.trunc(input);
  const m = /^\s*([+-]?\d[\d_]*)/.exec(rubyString(input));
  return m ? Number((m[1] ?? '0').replace(/_/g, '')) : 0;
}
