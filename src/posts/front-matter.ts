// Splits a post into front matter and body with gray-matter, the way Jekyll recognises front matter.
import matter from 'gray-matter';
import yaml from 'js-yaml';
import { FRONT_MATTER_BUDGET, measureFrontMatter, type FrontMatterBudget } from './budget.js';
import { xmlSafe } from './text.js';

export type FrontMatter =
  | { kind: 'ok'; data: Record<string, unknown>; body: string; bodyLine: number }
  | { kind: 'none' }
  | { kind: 'unclosed' }
  | { kind: 'bad-yaml'; line: number | undefined; reason: string }
  | { kind: 'not-map'; found: string }
  /** Too big to parse, or parsed into a value too big to use: see budget.ts. `key`: the top-level key. */
  | { kind: 'over-budget'; reason: string; key: string | undefined };

// Jekyll: the file starts with a line of `---`, and the front matter ends at the next line of `---` or `...`.
const OPENING = /^---[ \t]*\n/;
const CLOSING = /^(?:---|\.\.\.)[ \t]*$/m;

// YAML's core schema: no timestamp type, so `date: 2022-01-11` stays the string it was written as and
// is read in the site's time zone (js-yaml's default schema would make it UTC midnight).
const engines = {
  yaml: (text: string): object => yaml.load(text, { schema: yaml.CORE_SCHEMA, json: false }) as object,
};

/** `text` has LF line endings and no BOM. */
export function splitFrontMatter(text: string, budget: FrontMatterBudget = FRONT_MATTER_BUDGET): FrontMatter {
  const open = OPENING.exec(text);
  if (!open) return { kind: 'none' };
  const rest = text.slice(open[0].length);
  const close = CLOSING.exec(rest);
  if (!close) return { kind: 'unclosed' };

  // YAML forbids control characters anywhere in the stream, so one stray byte pasted into a title would
  // cost the whole post. No feed could carry them anyway: they are removed here, as from the body, and no
  // line break is among them, so line numbers stay right.
  // Parsing cannot be cut into slices, so its size is what bounds the time it holds the thread.
  if (close.index > budget.chars) {
    return { kind: 'over-budget', reason: `${close.index} characters of front matter, the limit is ${budget.chars}`, key: undefined };
  }
  const yamlText = xmlSafe(rest.slice(0, close.index));
  const tail = text.slice(open[0].length + close.index + close[0].length).replace(/^\n/, '');
  let data: unknown;
  try {
    // gray-matter parses the head only, so its own search for `\n---` cannot stop at `----` or `--- x`.
    // Passing options also turns off its unbounded cache keyed by file content.
    data = matter(`---\n${yamlText}---\n`, { engines }).data;
  } catch (err) {
    const mark = (err as { mark?: { line?: number } }).mark;
    // gray-matter hands js-yaml the text from the newline after `---`, so js-yaml's 0-based line numbers
    // are the file's 1-based ones minus one.
    const line = mark?.line === undefined ? undefined : mark.line + 1;
    const reason = (err as { reason?: string }).reason ?? (err instanceof Error ? err.message : String(err));
    return { kind: 'bad-yaml', line, reason: reason.slice(0, 200) };
  }
  if (data === null || data === undefined) data = {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    return { kind: 'not-map', found: Array.isArray(data) ? 'a list' : typeof data };
  }
  const over = measureFrontMatter(data as Record<string, unknown>, budget);
  if (over) return { kind: 'over-budget', ...over };
  const bodyLine = yamlText.split('\n').length + 2;
  return { kind: 'ok', data: data as Record<string, unknown>, body: tail, bodyLine };
}

/** 1-based line of a top-level key in the front matter, for reports about one field. */
export function lineOfKey(text: string, key: string): number | undefined {
  const lines = text.split('\n');
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (/^(---|\.\.\.)\s*$/.test(line)) return undefined;
    if (line.startsWith(`${key}:`) || line.startsWith(`"${key}":`) || line.startsWith(`'${key}':`)) return i + 1;
  }
  return undefined;
}
