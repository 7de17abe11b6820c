// Liquid's `date` and Jekyll's date filters (filters/date_filters.rb), on Ruby's times: `date` keeps the
// offset a time was written with, Jekyll's own show it in the site's zone (Time#localtime).
import { report, state } from '../render-state.js';
import { localTime, rfc822, strftime, toTime, xmlschema, type LiquidTime } from '../time.js';

function time(input: unknown): LiquidTime | undefined {
  const s = state();
  return toTime(input, s.site.timeZone, s.now);
}

/** Liquid's date: a value that is no date, or no format, is left as it was. */
export function date(input: unknown, format?: unknown): unknown {
  if (format === null || format === undefined || String(format) === '') return input;
  if (typeof input === 'string' && /^(now|today)$/i.test(input.trim())) {
    report('FW_LIQUID_NOT_SUPPORTED', `date of "${input.trim()}": the build moment in Jekyll, the site's time (its newest post) in feedwright`);
  }
  const t = time(input);
  return t ? strftime(t, String(format)) : input;
}

function jekyllDate(input: unknown, format: (t: LiquidTime) => string): unknown {
  if (input === null || input === undefined || input === '') return input;
  const t = time(input);
  if (!t) {
    report('FW_LIQUID_FAILED', `invalid date ${JSON.stringify(String(input)).slice(0, 60)} (Jekyll stops the build here)`);
    return input;
  }
  return format(localTime(t, state().site.timeZone));
}

export const dateToXmlschema = (input: unknown): unknown => jekyllDate(input, xmlschema);
export const dateToRfc822 = (input: unknown): unknown => jekyllDate(input, rfc822);

function stringify(input: unknown, month: '%b' | '%B', type: unknown, style: unknown): unknown {
  return jekyllDate(input, (t) => {
    if (type === 'ordinal') {
      const day = Number(strftime(t, '%-d'));
      const nth = `${day}${ordinal(day)}`;
      return style === 'US' ? strftime(t, `${month} ${nth}, %Y`) : strftime(t, `${nth} ${month} %Y`);
    }
    return strftime(t, `%d ${month} %Y`);
  });
}

export const dateToString = (input: unknown, type?: unknown, style?: unknown): unknown => stringify(input, '%b', type, style);
export const dateToLongString = (input: unknown, type?: unknown, style?: unknown): unknown => stringify(input, '%B', type, style);

function ordinal(n: number): string {
  if (n >= 11 && n <= 13) return 'th';
  return ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
}
