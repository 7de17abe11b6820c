// Reads the date forms posts use (Jekyll's `2022-01-11 09:13:28 +0800`, ISO 8601, YAML timestamps, RFC 2822)
// and turns wall-clock times without an offset into instants in the site's IANA time zone.

/** Wall-clock fields as written; month is 1-12. */
export interface WallTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly ms: number;
}

export type DateResult = { ok: true; ms: number } | { ok: false; reason: string };

// One pattern for ISO 8601, Jekyll and YAML 1.1 timestamps: `T`, `t` or spaces between date and time,
// one-digit month/day/hour as YAML allows, optional fraction, and an offset written as Z, ±H, ±HH,
// ±HHMM or ±HH:MM, with optional spaces before it (YAML allows `2022-01-11 01:13:28 Z`).
const ISO_LIKE =
  /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:(?:[Tt]|[ \t]+)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(?:[ \t]*(Z|z|UTC|GMT|[+-]\d{1,2}(?::?\d{2})?))?)?$/;

// RFC 2822, as in RSS and some exported posts: `Tue, 11 Jan 2022 09:13:28 +0800`.
const RFC_2822 = /^(?:[A-Za-z]{3},\s*)?(\d{1,2})\s+([A-Za-z]{3})\s+(\d{4})\s+(\d{2}):(\d{2})(?::(\d{2}))?\s*(Z|UT|UTC|GMT|[+-]\d{4})?$/;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

// Years a feed reader can show: RFC 822 dates need four digits, and JavaScript dates end at 275760.
const MIN_YEAR = 1000;
const MAX_YEAR = 9999;

/** Parses a front-matter date. A value without an offset is wall-clock time in `timeZone`. */
export function parseDate(value: string, timeZone: string): DateResult {
  const text = value.trim();
  const iso = ISO_LIKE.exec(text);
  if (iso) {
    const [, y, mo, d, h, mi, s, frac, offset] = iso;
    const wall = {
      year: Number(y),
      month: Number(mo),
      day: Number(d),
      hour: Number(h ?? 0),
      minute: Number(mi ?? 0),
      second: Number(s ?? 0),
      ms: frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0,
    };
    return fromWall(wall, offset, timeZone);
  }
  const rfc = RFC_2822.exec(text);
  if (rfc) {
    const [, d, mon, y, h, mi, s, offset] = rfc;
    const month = MONTHS.indexOf((mon ?? '').toLowerCase()) + 1;
    if (month === 0) return { ok: false, reason: `unknown month ${JSON.stringify(mon)}` };
    const wall = { year: Number(y), month, day: Number(d), hour: Number(h), minute: Number(mi), second: Number(s ?? 0), ms: 0 };
    return fromWall(wall, offset === 'UT' ? 'Z' : offset, timeZone);
  }
  return {
    ok: false,
    reason: `${JSON.stringify(truncate(text))} is not a date such as 2022-01-11, 2022-01-11 09:13:28 +0800 or 2022-01-11T09:13:28Z`,
  };
}

function fromWall(wall: WallTime, offset: string | undefined, timeZone: string): DateResult {
  const invalid = checkWall(wall);
  if (invalid) return { ok: false, reason: invalid };
  if (offset === undefined) return { ok: true, ms: zonedToInstant(wall, timeZone) };
  const minutes = parseOffset(offset);
  if (minutes === undefined) return { ok: false, reason: `${JSON.stringify(offset)} is not a UTC offset between -14:00 and +14:00` };
  return { ok: true, ms: wallAsUtc(wall) - minutes * 60_000 };
}

function checkWall(w: WallTime): string | undefined {
  if (w.year < MIN_YEAR || w.year > MAX_YEAR) return `year ${w.year} is outside ${MIN_YEAR}-${MAX_YEAR}`;
  if (w.month < 1 || w.month > 12) return `month ${w.month} does not exist`;
  const days = new Date(Date.UTC(w.year, w.month, 0)).getUTCDate();
  if (w.day < 1 || w.day > days) return `day ${w.day} does not exist in ${w.year}-${pad(w.month)}`;
  if (w.hour > 23 || w.minute > 59 || w.second > 59) return `time ${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)} does not exist`;
  return undefined;
}

/** Offset in minutes east of UTC, or undefined when impossible (real offsets lie within ±14:00). */
function parseOffset(text: string): number | undefined {
  if (/^(Z|z|UTC|GMT)$/.test(text)) return 0;
  const m = /^([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(text);
  if (!m) return undefined;
  const hours = Number(m[2]);
  const minutes = Number(m[3] ?? 0);
  if (minutes > 59 || hours * 60 + minutes > 14 * 60) return undefined;
  return (m[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

function wallAsUtc(w: WallTime): number {
  // Date.UTC maps years 0-99 to 1900-1999; setUTCFullYear does not. Years here are >= 1000, but be exact.
  const d = new Date(Date.UTC(2000, w.month - 1, w.day, w.hour, w.minute, w.second, w.ms));
  d.setUTCFullYear(w.year);
  return d.getTime();
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Offset of `timeZone` from UTC at an instant, in milliseconds, from the ICU data in Node itself. */
export function offsetAt(instant: number, timeZone: string): number {
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return 0;
  const parts = formatterFor(timeZone).formatToParts(new Date(instant));
  const get = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value);
  const wall = wallAsUtc({
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
    second: get('second'),
    ms: 0,
  });
  return wall - (instant - (((instant % 1000) + 1000) % 1000));
}

/**
 * The instant at which clocks in `timeZone` show `wall`. Like Temporal's "compatible" choice: a time that
 * occurs twice (clocks going back) is the earlier one; a time skipped by a DST jump moves forward.
 */
export function zonedToInstant(wall: WallTime, timeZone: string): number {
  const local = wallAsUtc(wall);
  const day = 86_400_000;
  const before = offsetAt(local - day, timeZone);
  const after = offsetAt(local + day, timeZone);
  const fits = [before, after].filter((o) => offsetAt(local - o, timeZone) === o).map((o) => local - o);
  if (fits.length > 0) return Math.min(...fits);
  return local - before;
}

/** Wall-clock fields of an instant in `timeZone` (for permalinks such as /:year/:month/:day/). */
export function wallTimeOf(instant: number, timeZone: string): WallTime {
  const d = new Date(instant + offsetAt(instant, timeZone));
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    ms: d.getUTCMilliseconds(),
  };
}

/** The `YYYY-MM-DD-` prefix Jekyll takes a post's date from, and the rest of the name. */
export interface DatePrefix {
  readonly date: string;
  readonly rest: string;
}

export function datePrefix(basename: string): DatePrefix | undefined {
  const m = /^(\d{4}-\d{1,2}-\d{1,2})-(.*)$/.exec(basename);
  return m ? { date: m[1] ?? '', rest: m[2] ?? '' } : undefined;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function truncate(s: string): string {
  return s.length > 60 ? `${s.slice(0, 60)}…` : s;
}
