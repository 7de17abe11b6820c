// Splits a post into front matter and body with gray-matter, the way Jekyll recognises front matter.
import { createRequire } from 'node:module';
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

// Jekyll: the file starts with a line of `---`, and the front matter ends at the next line of `---` or
// `...` (trailing blanks allowed). Written once here; every search for a fence is built from these.
const OPENING_LINE = '---[ \\t]*';
const CLOSING_LINE = '(?:---|\\.\\.\\.)[ \\t]*';
const OPENING = new RegExp(`^${OPENING_LINE}\\n`);
const CLOSING = new RegExp(`^${CLOSING_LINE}$`, 'm');
const IS_OPENING = new RegExp(`^${OPENING_LINE}$`);
const IS_CLOSING = new RegExp(`^${CLOSING_LINE}$`);

// gray-matter (with the js-yaml and esprima of its own) is ~20 ms of module loading, and a warm start
// serves its cached documents before it parses a post: it is loaded at the first parse.
const require = createRequire(import.meta.url);
let matter: typeof import('gray-matter') | undefined;

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
    matter ??= require('gray-matter') as typeof import('gray-matter');
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
    if (IS_CLOSING.test(line)) return undefined;
    if (line.startsWith(`${key}:`) || line.startsWith(`"${key}":`) || line.startsWith(`'${key}':`)) return i + 1;
  }
  return undefined;
}

/** Text as the parsers want it: no byte-order mark, LF line endings. */
export function normalizeText(text: string): string {
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
// A UTF-8 character is at most 4 bytes (and 2 UTF-16 units): a head longer than this is over budget.
const HEAD_LIMIT = FRONT_MATTER_BUDGET.chars * 4;

/**
 * The front matter block of a file's bytes, decoded, up to and including its closing fence, and the byte
 * offset where the body starts: only the head is decoded, and the body stays bytes until a feed shows the
 * post. Undefined when the file does not open with a closed block; 'too-long' when no closing fence comes
 * within the budget's bytes (the block is over budget either way).
 */
export function frontMatterHead(bytes: Buffer, limit = HEAD_LIMIT): { text: string; bodyStart: number } | 'too-long' | undefined {
  const start = bytes.subarray(0, 3).equals(BOM) ? 3 : 0;
  if (bytes.toString('latin1', start, start + 3) !== '---') return undefined;
  let lineStart = start;
  for (let line = 0; lineStart < bytes.length; line++) {
    if (lineStart - start > limit) return 'too-long';
    const nl = bytes.indexOf(0x0a, lineStart);
    const lineEnd = nl === -1 ? bytes.length : nl;
    const content = bytes.toString('latin1', lineStart, lineEnd).replace(/\r$/, '');
    if (line === 0 ? !IS_OPENING.test(content) : IS_CLOSING.test(content)) {
      if (line === 0) return undefined;
      return { text: normalizeText(bytes.toString('utf8', start, lineEnd)), bodyStart: nl === -1 ? bytes.length : nl + 1 };
    }
    lineStart = lineEnd + 1;
  }
  return undefined;
}
