// What a field reader gives: the field's value and the problems met reading it (warnings), or the one
// problem that rejects the post. Each reader is a function of the front matter and the file's context.
import { problem, type Problem, type ProblemCode } from '../../errors.js';
import type { DatePrefix } from '../dates.js';
import { preview } from '../preview.js';
import type { ReadOptions } from '../options.js';

/** A field that cannot reject the post: its value, and warnings. */
export interface Read<T> {
  readonly value: T;
  readonly problems: readonly Problem[];
}

/** A field that can: a missing or unreadable date is no post. */
export type Field<T> = Read<T> | { readonly rejected: Problem };

export type FrontMatterData = Readonly<Record<string, unknown>>;

/** What every reader may need besides the front matter. */
export interface FieldContext {
  readonly path: string;
  /** The file name without its extension, and its `YYYY-MM-DD-` prefix if it has one. */
  readonly stem: string;
  readonly prefix: DatePrefix | undefined;
  readonly options: ReadOptions;
  /** The line of a top-level key, for reports. */
  readonly lineOf: (key: string) => number | undefined;
  /** Whether a top-level key's value is written as a plain (unquoted) scalar on its line. */
  readonly plain: (key: string) => boolean;
}

/** Collects a reader's warnings, each at the line of the key it is about. */
export function warnings(context: FieldContext): { readonly problems: Problem[]; warn: (code: ProblemCode, detail: string, key: string) => void } {
  const problems: Problem[] = [];
  return { problems, warn: (code, detail, key) => problems.push(problem(code, context.path, detail, context.lineOf(key), 'warning')) };
}

export function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/** A value's kind, for reports: never the value in full (it may be large; see preview.ts). */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  return `${typeof value} ${preview(value)}`;
}
