// `date` and `updated`: the post's times. Jekyll's rule: front matter, else the file name's `YYYY-MM-DD-`
// prefix, never the file's mtime (it would make the feeds differ between machines), except for a Jekyll
// draft, which Jekyll itself dates by its file.
import { problem } from '../../errors.js';
import { parseDate } from '../dates.js';
import { describe, warnings, type Field, type FieldContext, type FrontMatterData } from './field.js';

/** `fileTime`: a Jekyll draft's file time, its date when front matter gives none. */
export function readDates(data: FrontMatterData, context: FieldContext, fileTime?: number): Field<{ date: number; updated: number }> {
  const { path, prefix, options } = context;
  let date: number;
  if (data.date !== undefined && data.date !== null) {
    const raw = data.date;
    const parsed = typeof raw === 'string' ? parseDate(raw, zoneOf('date', raw, context)) : undefined;
    if (!parsed?.ok) {
      const why = parsed ? parsed.reason : `expected a date, found ${describe(raw)}`;
      return { rejected: problem('FW_POST_BAD_DATE', path, why, context.lineOf('date')) };
    }
    date = parsed.ms;
  } else if (prefix) {
    const parsed = parseDate(prefix.date, options.timeZone);
    if (!parsed.ok) return { rejected: problem('FW_POST_BAD_DATE', path, `file name: ${parsed.reason}`) };
    date = parsed.ms;
  } else if (fileTime !== undefined) {
    // Whole seconds, as Ruby's File.mtime gives them to Jekyll.
    date = Math.floor(fileTime / 1000) * 1000;
  } else {
    return { rejected: problem('FW_POST_NO_DATE', path, undefined, 1) };
  }

  // `updated`, or jekyll-seo-tag's `last_modified_at`; a bad one is ignored, not fatal.
  const { problems, warn } = warnings(context);
  let updated = date;
  const key = data.updated !== undefined && data.updated !== null ? 'updated' : 'last_modified_at';
  const raw = data[key];
  if (raw !== undefined && raw !== null) {
    const parsed = typeof raw === 'string' ? parseDate(raw, zoneOf(key, raw, context)) : undefined;
    if (!parsed?.ok) warn('FW_POST_BAD_DATE', `${key}: ${parsed ? parsed.reason : describe(raw)}; ignored`, key);
    else if (parsed.ms < date) warn('FW_POST_UPDATED_BEFORE_DATE', `${key} ${String(raw)}`, key);
    else updated = parsed.ms;
  }
  return { value: { date, updated }, problems };
}

// YAML 1.1's timestamp with a time of day (Psych's): what Ruby's YAML makes a Time of, in UTC when it has no offset.
const YAML_TIMESTAMP = /^\d{4}-\d\d?-\d\d?(?:[Tt]|[ \t]+)\d\d?:\d\d:\d\d(?:\.\d*)?(?:[ \t]*(?:Z|[-+]\d\d?(?::?\d\d)?))?$/;

/**
 * The zone a date without an offset is read in: the site's, except in a Jekyll site for a plain YAML
 * timestamp (`date: 2024-03-01 00:30:00`, unquoted, with seconds): Ruby's YAML reads that as UTC before
 * Jekyll sees it, so jekyll-feed dates it (and links it) as UTC. Quoted, without seconds, or a day alone,
 * it is a string that Jekyll reads in the site's zone.
 */
function zoneOf(key: string, raw: string, context: FieldContext): string {
  const { options } = context;
  return options.layout === 'jekyll' && context.plain(key) && YAML_TIMESTAMP.test(raw.trim()) ? 'UTC' : options.timeZone;
}
