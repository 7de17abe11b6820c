// Jekyll's URL filters (filters/url_filters.rb): relative_url puts baseurl before a path, absolute_url
// url and baseurl; both normalise the result as Addressable does (spaces and non-ASCII percent-encoded).
import { read, state } from '../render-state.js';
import { rubyString } from '../ruby.js';

/** A URL with a scheme (`https:`, `mailto:`) is absolute: Jekyll leaves it as written. */
function isAbsolute(url: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]*:/.test(url);
}

function config(key: 'url' | 'baseurl'): string {
  read(`config:${key}`);
  const value = state().site.config[key];
  return value === null || value === undefined ? '' : rubyString(value);
}

export function relativeUrl(input: unknown): unknown {
  if (input === null || input === undefined) return input;
  const text = urlOf(input);
  if (isAbsolute(text)) return text;
  const base = config('baseurl').replace(/\/$/, '');
  return normalize([base, text].map(leadingSlash).join(''));
}

export function absoluteUrl(input: unknown): unknown {
  if (input === null || input === undefined) return input;
  const text = urlOf(input);
  if (isAbsolute(text)) return text;
  const url = config('url');
  const relative = relativeUrl(text) as string;
  if (url === '') return relative;
  return normalize(url + relative);
}

/** Jekyll's strip_index: `/x/index.html` → `/x/`. */
export function stripIndex(input: unknown): unknown {
  if (input === null || input === undefined || input === '') return input;
  return rubyString(input).replace(/\/index\.html?$/, '/');
}

/** Jekyll's uri_escape (Addressable normalize_component): reserved characters kept, the rest percent-encoded. */
export function uriEscape(input: unknown): string {
  return encodeKeeping(rubyString(input), /[A-Za-z0-9\-._~!$&'()*+,;=:@/?#[\]%]/);
}

/** Ruby's CGI.escape: spaces as `+`, everything but `_.-~` and alphanumerics percent-encoded. */
export function cgiEscape(input: unknown): string {
  return encodeKeeping(rubyString(input), /[A-Za-z0-9_.\-~ ]/).replace(/ /g, '+');
}

function urlOf(input: unknown): string {
  if (typeof input === 'object' && input !== null && 'url' in input) return rubyString((input as { url: unknown }).url);
  return rubyString(input);
}

function leadingSlash(part: string): string {
  return part === '' || part.startsWith('/') ? part : `/${part}`;
}

/**
 * Addressable's normalize of a path (with query and fragment): characters a URL may not hold are
 * percent-encoded, existing escapes kept. A host, when there is one, is lower-cased.
 */
function normalize(url: string): string {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*)?(.*)$/s.exec(url);
  const origin = m?.[1]?.toLowerCase() ?? '';
  return origin + encodeKeeping(m?.[2] ?? '', /[A-Za-z0-9\-._~!$&'()*+,;=:@/?#%]/);
}

function encodeKeeping(text: string, keep: RegExp): string {
  let out = '';
  for (const ch of text) {
    out += keep.test(ch) ? ch : [...Buffer.from(ch, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
  }
  return out;
}
