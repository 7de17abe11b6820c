// `date` and `updated`: the post's times. Jekyll's rule: front matter, else the file name's `YYYY-MM-DD-`
// prefix, never the file's mtime (it would make the feeds differ between machines).
import { problem } from '../../errors.js';
import { parseDate } from '../dates.js';
import { describe, warnings, type Field, type FieldContext, type FrontMatterData } from './field.js';

export function readDates(data: FrontMatterData, context: FieldContext): Field<{ date: number; updated: number }> {
  const { path, prefix, options } = context;
  let date: number;
  if (data.date !== undefined && data.date !== null) {
    const raw = data.date;
    const parsed = typeof raw === 'string' ? parseDate(raw, options.timeZone) : undefined;
    if (!parsed?.ok) {
      const why = parsed ? parsed.reason : `expected a date, found ${describe(raw)}`;
      return { rejected: problem('FW_POST_BAD_DATE', path, why, context.lineOf('date')) };
    }
    date = parsed.ms;
  } else if (prefix) {
    const parsed = parseDate(prefix.date, options.timeZone);
    if (!parsed.ok) return { rejected: problem('FW_POST_BAD_DATE', path, `file name: ${parsed.reason}`) };
    date = parsed.ms;
  } else {
    return { rejected: problem('FW_POST_NO_DATE', path, undefined, 1) };
  }

  // `updated`, or jekyll-seo-tag's `last_modified_at`; a bad one is ignored, not fatal.
  const { problems, warn } = warnings(context);
  let updated = date;
  const key = data.updated !== undefined && data.updated !== null ? 'updated' : 'last_modified_at';
  const raw = data[key];
  if (raw !== undefined && raw !== null) {
    const parsed = typeof raw === 'string' ? parseDate(raw, options.timeZone) : undefined;
    if (!parsed?.ok) warn('FW_POST_BAD_DATE', `${key}: ${parsed ? parsed.reason : describe(raw)}; ignored`, key);
    else if (parsed.ms < date) warn('FW_POST_UPDATED_BEFORE_DATE', `${key} ${String(raw)}`, key);
    else updated = parsed.ms;
  }
  return { value: { date, updated }, problems };
}
