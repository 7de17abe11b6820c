// Jekyll's permalink placeholders (/:categories/:year/:month/:day/:title/) and its URL escaping.
import type { WallTime } from './dates.js';

export interface PermalinkVars {
  readonly wall: WallTime;
  readonly categories: readonly string[];
  /** Front-matter `slug`, else the file name without date prefix and extension. */
  readonly slug: string;
}

// Jekyll's slugify modes: "default" keeps letters, marks and digits; "pretty" also keeps URL-safe
// punctuation. Both turn every other run into one hyphen and trim hyphens at the ends.
const DEFAULT_MODE = /[^\p{M}\p{L}\p{Nd}]+/gu;
const PRETTY_MODE = /[^\p{M}\p{L}\p{Nd}._~!$&'()+,;=@]+/gu;

export function slugify(text: string, mode: 'default' | 'pretty', cased: boolean): string {
  const s = text.replace(mode === 'pretty' ? PRETTY_MODE : DEFAULT_MODE, '-').replace(/^-+|-+$/g, '');
  return cased ? s : s.toLowerCase();
}

/** Expands a pattern into a path such as `/news/2022/01/11/title/`, escaped as Jekyll escapes it. */
export function expandPermalink(pattern: string, vars: PermalinkVars): string {
  const { wall } = vars;
  const two = (n: number): string => String(n).padStart(2, '0');
  const values: Record<string, string> = {
    year: String(wall.year),
    short_year: two(wall.year % 100),
    month: two(wall.month),
    i_month: String(wall.month),
    day: two(wall.day),
    i_day: String(wall.day),
    hour: two(wall.hour),
    minute: two(wall.minute),
    second: two(wall.second),
    y_day: String(dayOfYear(wall)).padStart(3, '0'),
    // Jekyll: categories are lower-cased, not slugified, and joined with slashes.
    categories: [...new Set(vars.categories.map((c) => c.toLowerCase()))].join('/'),
    title: slugify(vars.slug, 'pretty', true),
    slug: slugify(vars.slug, 'default', false),
    output_ext: '.html',
  };
  // A name is the whole run of [a-z_] after the colon; unknown names are left as written, as Jekyll does.
  const expanded = pattern.replace(/:([a-z_]+)/g, (whole, name: string) => values[name] ?? whole);
  const path = `/${expanded}`.replace(/\/{2,}/g, '/');
  return escapePath(path);
}

// Addressable's PATH character class, which Jekyll's URL.escape_path keeps unescaped.
const PATH_SAFE = /[A-Za-z0-9\-._~!$&'()*+,;=:@/]/;

export function escapePath(path: string): string {
  let out = '';
  for (const ch of path) {
    out += PATH_SAFE.test(ch) ? ch : [...Buffer.from(ch, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
  }
  return out;
}

function dayOfYear(w: WallTime): number {
  return (Date.UTC(2001, w.month - 1, w.day) - Date.UTC(2001, 0, 0)) / 86_400_000 + (isLeap(w.year) && w.month > 2 ? 1 : 0);
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}
