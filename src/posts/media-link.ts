// A link front matter gives to a file (`url:` or `path:`): made absolute against the site as Jekyll's
// `absolute_url` does (url + baseurl + path), http(s) only, and, when it is among the site's own files
// (media.dir), that file's path, for post-reader.ts to measure.
import type { LinkedFile } from './post-media.js';

/** The file, or why not: `outside` when the path climbs above the site's root. */
export type LinkResult = LinkedFile | { readonly bad: string; readonly outside?: true };

/**
 * `value` is a URL (`https://…`, `//host/…`, or `/a/b.mp3`: a path from the site's root) or, with
 * `isPath`, a path among the site's files (`audio/a.mp3` and `/audio/a.mp3` alike). `measured`: whether
 * local files are measured (media.dir set); without it, no `local` is given.
 */
export function linkOf(value: string, siteUrl: string, isPath: boolean, measured: boolean): LinkResult {
  const text = value.trim();
  if (text === '') return { bad: 'is empty' };
  const site = new URL(siteUrl);
  if (isPath || (text.startsWith('/') && !text.startsWith('//')) || !/^[A-Za-z][A-Za-z0-9+.-]*:|^\/\//.test(text)) {
    const rel = sitePath(text);
    if (rel === undefined) return { bad: 'is outside the site', outside: true };
    if (rel === '') return { bad: 'names no file' };
    const url = new URL(`${siteUrl.replace(/\/$/, '')}/${rel.split('/').map(encodeSegment).join('/')}`);
    return measured ? { url: url.href, local: rel } : { url: url.href };
  }
  const absolute = text.startsWith('//') ? `${site.protocol}${text}` : text;
  if (!URL.canParse(absolute)) return { bad: 'is not a URL' };
  const url = new URL(absolute);
  if (!/^https?:$/.test(url.protocol)) return { bad: `has the scheme ${url.protocol} (only http: and https: are linked)` };
  // A URL of the site's own is one of its files, when it lies under the site's path.
  if (measured && url.origin === site.origin && url.pathname.startsWith(site.pathname)) {
    const rel = safeDecode(url.pathname.slice(site.pathname.length));
    if (rel !== '' && !rel.endsWith('/')) return { url: url.href, local: rel };
  }
  return { url: url.href };
}

/**
 * A path among the site's files, from its root (`a/./b//c.mp3` → `a/b/c.mp3`); undefined when it climbs
 * above the root (`../x`, `a/../../x`): such a file is outside the site whatever the folder holds.
 */
function sitePath(text: string): string | undefined {
  const out: string[] = [];
  for (const segment of text.replace(/[?#].*$/, '').split(/[\\/]/)) {
    if (segment === '..') {
      if (out.pop() === undefined) return undefined;
    } else if (segment !== '' && segment !== '.') out.push(segment);
  }
  return out.join('/');
}

function encodeSegment(segment: string): string {
  return encodeURIComponent(safeDecode(segment));
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
