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

/** Expands a pattern into a path such as `/news/2022/01/11/title/`, sanitised and escaped as Jekyll does. */
export function expandPermalink(pattern: string, vars: PermalinkVars): string {
  // A name is the whole run of [a-z_] after the colon; unknown names are left as written, as Jekyll does.
  const expanded = pattern.replace(/:([a-z_]+)/g, (whole, name: string) => placeholder(name, vars) ?? whole);
  return escapePath(sanitizeUrlPath(expanded));
}

/**
 * Jekyll's URL#sanitize_url: every `..` becomes `/`, every `./` is dropped, runs of `/` become one. A title
 * `..`, a category `../../x` or a post's own `permalink: /a/../../etc/` thus never climbs: left for the URL
 * parser to resolve, such a path left the site's base path, or gave every post one link.
 */
export function sanitizeUrlPath(path: string): string {
  return `/${path}`
    .replaceAll('..', '/')
    .replaceAll('./', '')
    .replace(/\/{2,}/g, '/');
}

// Each value is made only when the pattern names it: a scan expands one permalink per post.
function placeholder(name: string, { wall, categories, slug }: PermalinkVars): string | undefined {
  const two = (n: number): string => String(n).padStart(2, '0');
  switch (name) {
    case 'year':
      return String(wall.year);
    case 'short_year':
      return two(wall.year % 100);
    case 'month':
      return two(wall.month);
    case 'i_month':
      return String(wall.month);
    case 'day':
      return two(wall.day);
    case 'i_day':
      return String(wall.day);
    case 'hour':
      return two(wall.hour);
    case 'minute':
      return two(wall.minute);
    case 'second':
      return two(wall.second);
    case 'y_day':
      return String(dayOfYear(wall)).padStart(3, '0');
    // Ruby's strftime %V, %G, %u, %a, %A, %b, %B (English names, as Ruby writes them in any locale).
    case 'week':
      return two(isoWeek(wall).week);
    case 'w_year':
      return String(isoWeek(wall).year);
    case 'w_day':
      return String(weekday(wall) || 7);
    case 'short_day':
      return DAYS[weekday(wall)]?.slice(0, 3);
    case 'long_day':
      return DAYS[weekday(wall)];
    case 'short_month':
      return MONTHS[wall.month - 1]?.slice(0, 3);
    case 'long_month':
      return MONTHS[wall.month - 1];
    case 'categories':
      // Jekyll: categories are lower-cased, not slugified, and joined with slashes.
      return [...new Set(categories.map((c) => c.toLowerCase()))].join('/');
    case 'slugified_categories':
      return [...new Set(categories.map((c) => slugify(c, 'default', false)))].join('/');
    case 'title':
      return slugify(slug, 'pretty', true);
    case 'slug':
      return slugify(slug, 'default', false);
    case 'output_ext':
      return '.html';
    default:
      return undefined;
  }
}

// Addressable's PATH character class, which Jekyll's URL.escape_path keeps unescaped.
const PATH_SAFE = /[A-Za-z0-9\-._~!$&'()*+,;=:@/]/;
const ALL_PATH_SAFE = /^[A-Za-z0-9\-._~!$&'()*+,;=:@/]*$/;

export function escapePath(path: string): string {
  if (ALL_PATH_SAFE.test(path)) return path;
  let out = '';
  for (const ch of path) {
    out += PATH_SAFE.test(ch) ? ch : [...Buffer.from(ch, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
  }
  return out;
}

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** 0 for Sunday, as Ruby's wday. */
function weekday(w: WallTime): number {
  return new Date(Date.UTC(w.year, w.month - 1, w.day)).getUTCDay();
}

/** ISO 8601 week and its year: the week with the year's first Thursday is week 1. */
function isoWeek(w: WallTime): { year: number; week: number } {
  const day = Date.UTC(w.year, w.month - 1, w.day);
  const thursday = day + (3 - ((weekday(w) + 6) % 7)) * 86_400_000;
  const year = new Date(thursday).getUTCFullYear();
  return { year, week: Math.floor((thursday - Date.UTC(year, 0, 1)) / 604_800_000) + 1 };
}

function dayOfYear(w: WallTime): number {
  return (Date.UTC(2001, w.month - 1, w.day) - Date.UTC(2001, 0, 0)) / 86_400_000 + (isLeap(w.year) && w.month > 2 ? 1 : 0);
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}
