// Times as Liquid sees them in Jekyll: a Ruby Time (an instant and the UTC offset it is shown in), read
// from what posts and data hold, printed and formatted as Ruby prints them (Time#to_s, #strftime,
// #xmlschema, #rfc822). JavaScript's Date knows one zone only, so it cannot stand in for them.
import { offsetAt, parseDate } from '../../posts/dates.js';
import { cached } from '../../memo.js';

/** An instant shown at a UTC offset, as Ruby's Time. */
export class LiquidTime {
  constructor(
    readonly ms: number,
    /** Minutes east of UTC. */
    readonly offset: number,
  ) {}

  /** Comparisons (`<`, `>`) and sorting compare instants. */
  valueOf(): number {
    return this.ms;
  }

  /** Ruby's Time#to_s: `2024-01-02 10:20:30 +0800`, what `{{ page.date }}` prints. */
  toString(): string {
    return strftime(this, '%Y-%m-%d %H:%M:%S %z');
  }

  /** Ruby's Time#to_json is its to_s, quoted (jsonify). */
  toJSON(): string {
    return this.toString();
  }

  // liquidjs's Comparable: `==` between two times compares their instants, not the objects.
  equals(other: unknown): boolean {
    return other instanceof LiquidTime && other.ms === this.ms;
  }
  gt(other: unknown): boolean {
    return this.ms > Number(other);
  }
  geq(other: unknown): boolean {
    return this.ms >= Number(other);
  }
  lt(other: unknown): boolean {
    return this.ms < Number(other);
  }
  leq(other: unknown): boolean {
    return this.ms <= Number(other);
  }
}

/** The time `ms` shows in `timeZone` (a post's date: Jekyll reads it into the site's zone). */
export function zonedTime(ms: number, timeZone: string): LiquidTime {
  return new LiquidTime(ms, offsetMinutes(ms, timeZone));
}

// A zone's offset asks Intl each time (~10 µs, far more before the JIT warms up); zones change their offset
// on the quarter hour at most, so one answer serves its whole quarter of an hour.
const QUARTER = 15 * 60_000;
const offsets = new Map<string, Map<number, number>>();

function offsetMinutes(ms: number, timeZone: string): number {
  const zone = cached(offsets, timeZone, () => new Map<number, number>());
  const quarter = Math.floor(ms / QUARTER);
  let minutes = zone.get(quarter);
  if (minutes === undefined) {
    minutes = Math.round(offsetAt(quarter * QUARTER, timeZone) / 60_000);
    // Bounded: a site's dates fall in few quarters, but a loop over many dates must not grow it for ever.
    if (zone.size > 100_000) zone.clear();
    zone.set(quarter, minutes);
  }
  return minutes;
}

// A trailing UTC offset as Ruby's Time.parse keeps it: `+0800`, `+08:00`, `Z`, `UTC`.
const OFFSET = /(?:[ \t]*|(?<=\d))(Z|z|UTC|GMT|[+-]\d{2}:?\d{2})$/;

/**
 * Liquid's Utils.to_date: a Time as is, a number as seconds since the epoch, a string as Time.parse reads
 * it (its own offset kept; none: the site's zone). `now` and `today` are the site's time, never the clock,
 * so the same posts always give the same bytes. Undefined when it is no date.
 */
export function toTime(input: unknown, timeZone: string, now: LiquidTime): LiquidTime | undefined {
  if (input instanceof LiquidTime) return input;
  if (input instanceof Date) return Number.isNaN(input.getTime()) ? undefined : zonedTime(input.getTime(), timeZone);
  if (typeof input === 'number' && Number.isFinite(input)) return zonedTime(input * 1000, timeZone);
  if (typeof input !== 'string') return undefined;
  const text = input.trim();
  if (text === '') return undefined;
  if (/^(now|today)$/i.test(text)) return now;
  // A date written in a data file is read by many posts: parsed once per zone.
  const key = `${timeZone}\0${text}`;
  const known = parsed.get(key);
  if (known !== undefined) return known ?? undefined;
  const time = parseTime(text, timeZone);
  if (parsed.size > 10_000) parsed.clear();
  parsed.set(key, time ?? null);
  return time;
}

const parsed = new Map<string, LiquidTime | null>();

function parseTime(text: string, timeZone: string): LiquidTime | undefined {
  if (/^\d+$/.test(text)) return zonedTime(Number(text) * 1000, timeZone);
  const read = parseDate(text, timeZone);
  if (!read.ok) return undefined;
  const m = OFFSET.exec(text);
  if (!m) return zonedTime(read.ms, timeZone);
  const sign = m[1]?.startsWith('-') ? -1 : 1;
  const digits = (m[1] ?? '').replace(/\D/g, '');
  const offset = digits === '' ? 0 : sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
  return new LiquidTime(read.ms, offset);
}

/** The same instant shown in the site's zone: Jekyll's date filters call Time#localtime first. */
export function localTime(time: LiquidTime, timeZone: string): LiquidTime {
  return zonedTime(time.ms, timeZone);
}

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

// Ruby's composite directives, expanded before the rest.
const COMPOSITE: Readonly<Record<string, string>> = {
  c: '%a %b %e %H:%M:%S %Y',
  D: '%m/%d/%y',
  x: '%m/%d/%y',
  F: '%Y-%m-%d',
  T: '%H:%M:%S',
  X: '%H:%M:%S',
  R: '%H:%M',
  r: '%I:%M:%S %p',
  v: '%e-%^b-%Y',
  '+': '%a %b %e %H:%M:%S %Z %Y',
};

/** Ruby's Time#strftime for `time`, English names: flags `-`, `_`, `0`, `^`, `#`, widths, `%:z`. */
export function strftime(time: LiquidTime, format: string): string {
  const wall = new Date(time.ms + time.offset * 60_000);
  const year = wall.getUTCFullYear();
  const month = wall.getUTCMonth();
  const day = wall.getUTCDate();
  const hour = wall.getUTCHours();
  const weekday = wall.getUTCDay();
  const yday = Math.floor((Date.UTC(year, month, day) - Date.UTC(year, 0, 1)) / 86_400_000) + 1;
  const iso = isoWeek(year, month, day, weekday);
  return format.replace(/%([-_0^#]*)(\d*)(:{0,2})([a-zA-Z%+])/g, (whole, flags: string, width: string, colons: string, code: string) => {
    const expanded = COMPOSITE[code];
    if (expanded !== undefined) return applyCase(strftime(time, expanded), flags);
    const num = (n: number, digits: number, pad = '0'): string => {
      if (flags.includes('-')) return String(n);
      const fill = flags.includes('_') ? ' ' : flags.includes('0') ? '0' : pad;
      const w = width ? Number(width) : digits;
      const text = String(Math.abs(n)).padStart(n < 0 ? w - 1 : w, fill);
      return n < 0 ? `-${text}` : text;
    };
    const str = (s: string): string => applyCase(width ? s.padStart(Number(width), flags.includes('0') ? '0' : ' ') : s, flags);
    switch (code) {
      case 'Y':
        return num(year, 4);
      case 'C':
        return num(Math.floor(year / 100), 2);
      case 'y':
        return num(year % 100, 2);
      case 'm':
        return num(month + 1, 2);
      case 'B':
        return str(MONTHS[month] ?? '');
      case 'b':
      case 'h':
        return str((MONTHS[month] ?? '').slice(0, 3));
      case 'd':
        return num(day, 2);
      case 'e':
        return num(day, 2, ' ');
      case 'j':
        return num(yday, 3);
      case 'H':
        return num(hour, 2);
      case 'k':
        return num(hour, 2, ' ');
      case 'I':
        return num(hour % 12 || 12, 2);
      case 'l':
        return num(hour % 12 || 12, 2, ' ');
      case 'P':
        return hour < 12 ? 'am' : 'pm';
      case 'p':
        return flags.includes('#') ? (hour < 12 ? 'am' : 'pm') : hour < 12 ? 'AM' : 'PM';
      case 'M':
        return num(wall.getUTCMinutes(), 2);
      case 'S':
        return num(wall.getUTCSeconds(), 2);
      case 'L':
        return num(wall.getUTCMilliseconds(), 3);
      case 'N':
        return `${String(wall.getUTCMilliseconds()).padStart(3, '0')}${'0'.repeat(Math.max(0, (width ? Number(width) : 9) - 3))}`.slice(
          0,
          width ? Number(width) : 9,
        );
      case 'z':
        return zone(time.offset, colons.length, flags);
      case 'Z':
        // Ruby prints the zone's abbreviation from the system's tz data (CST, CET); Node has no such names
        // for every zone, so the offset is printed instead (docs/guides/coming-from-jekyll.md).
        return time.offset === 0 ? 'UTC' : zone(time.offset, 0, '');
      case 'A':
        return str(DAYS[weekday] ?? '');
      case 'a':
        return str((DAYS[weekday] ?? '').slice(0, 3));
      case 'u':
        return String(weekday || 7);
      case 'w':
        return String(weekday);
      case 'G':
        return num(iso.year, 4);
      case 'g':
        return num(iso.year % 100, 2);
      case 'V':
        return num(iso.week, 2);
      case 'U':
        return num(Math.floor((yday - 1 - weekday + 7) / 7), 2);
      case 'W':
        return num(Math.floor((yday - 1 - ((weekday + 6) % 7) + 7) / 7), 2);
      case 's':
        return String(Math.floor(time.ms / 1000));
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case '%':
        return '%';
      default:
        return whole;
    }
  });
}

function applyCase(s: string, flags: string): string {
  if (flags.includes('^')) return s.toUpperCase();
  if (flags.includes('#')) return s === s.toUpperCase() ? s.toLowerCase() : s.toUpperCase();
  return s;
}

function zone(offset: number, colons: number, flags: string): string {
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const hh = String(Math.floor(abs / 60)).padStart(flags.includes('-') ? 1 : 2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  if (colons === 1) return `${sign}${hh}:${mm}`;
  if (colons === 2) return `${sign}${hh}:${mm}:00`;
  return `${sign}${hh}${mm}`;
}

/** ISO 8601 week-numbering year and week of a date. */
function isoWeek(year: number, month: number, day: number, weekday: number): { year: number; week: number } {
  const date = Date.UTC(year, month, day);
  // The Thursday of this date's week decides its year.
  const thursday = new Date(date + (3 - ((weekday + 6) % 7)) * 86_400_000);
  const y = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(y, 0, 1)) / (7 * 86_400_000)) + 1;
  return { year: y, week };
}

/** Time#xmlschema: `2024-01-02T10:20:30+08:00`. */
export function xmlschema(time: LiquidTime): string {
  return strftime(time, '%Y-%m-%dT%H:%M:%S%:z');
}

/** Time#rfc822 (rfc2822): `Tue, 02 Jan 2024 10:20:30 +0800`. */
export function rfc822(time: LiquidTime): string {
  return strftime(time, '%a, %d %b %Y %H:%M:%S %z');
}
