// How Ruby's Liquid turns values into text and compares them, where JavaScript's own ways differ: a hash
// prints as `{"a"=>1}`, a list as its items run together, `nil` as nothing; `<=>` orders numbers by value
// and strings by their bytes.
import { LiquidTime } from './time.js';

/**
 * A float of a data file that holds a whole number (`version: 1.0`) is kept as a Number object: Ruby
 * prints it `1.0`, a plain number would print `1`. A Number object survives the copy to a helper thread,
 * where an instance of a class of ours would not; nothing else makes one.
 */
export function wholeFloat(n: number): number {
  return new Number(n) as unknown as number;
}

function isWholeFloat(value: unknown): value is number {
  return value instanceof Number;
}

/** Ruby's `to_s` of a value Liquid outputs (`{{ x }}`). */
export function rubyString(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(rubyString).join('');
  if (typeof value === 'number') return numberString(value);
  if (value instanceof LiquidTime) return value.toString();
  if (isWholeFloat(value)) return `${value.valueOf()}.0`;
  if (isPlainMap(value)) return inspect(value);
  return String(value);
}

/** Ruby's `inspect`: what Jekyll's `inspect` filter and a printed hash show. */
export function inspect(value: unknown): string {
  if (value === null || value === undefined) return 'nil';
  if (typeof value === 'string') return JSON.stringify(value).replace(/#(?=[{$@])/g, '\\#');
  if (typeof value === 'number') return numberString(value);
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(inspect).join(', ')}]`;
  if (value instanceof LiquidTime) return value.toString();
  if (isWholeFloat(value)) return `${value.valueOf()}.0`;
  if (isPlainMap(value))
    return `{${Object.entries(value)
      .map(([k, v]) => `${inspect(k)}=>${inspect(v)}`)
      .join(', ')}}`;
  return String(value);
}

/** Ruby prints a float that holds a whole number as `2.0`; JavaScript cannot tell it was one, so `2`. */
function numberString(n: number): string {
  if (Number.isInteger(n) || !Number.isFinite(n)) return Number.isFinite(n) ? String(n) : n > 0 ? 'Infinity' : n < 0 ? '-Infinity' : 'NaN';
  return String(n);
}

/** JSON as Ruby's to_json writes it: a whole number too big for a double (a BigInt) as its digits, a whole float as `1.0`. */
export function rubyJson(value: unknown): string {
  const marks: string[] = [];
  const text = JSON.stringify(value ?? null, (_key, v: unknown) =>
    typeof v === 'bigint' || isWholeFloat(v) ? `\u0000${marks.push(rubyString(v)) - 1}\u0000` : v,
  );
  return marks.length === 0 ? text : text.replace(/"\\u0000(\d+)\\u0000"/g, (_m, i: string) => marks[Number(i)] ?? '');
}

/** Liquid's truth: everything but nil and false. */
export function truthy(value: unknown): boolean {
  return value !== null && value !== undefined && value !== false;
}

/** Ruby's `<=>` as Jekyll's sort uses it: undefined when the two cannot be compared (then `to_s` decides). */
export function spaceship(a: unknown, b: unknown): number | undefined {
  const x = a instanceof LiquidTime || isWholeFloat(a) ? a.valueOf() : a;
  const y = b instanceof LiquidTime || isWholeFloat(b) ? b.valueOf() : b;
  if (typeof x === 'number' && typeof y === 'number') return x < y ? -1 : x > y ? 1 : 0;
  if (typeof x === 'string' && typeof y === 'string') return compareBytes(x, y);
  if (typeof x === 'boolean' && typeof y === 'boolean') return x === y ? 0 : undefined;
  return undefined;
}

/** Strings compared as Ruby compares them: by their UTF-8 bytes (code points, for valid text). */
export function compareBytes(a: string, b: string): number {
  const ca = [...a];
  const cb = [...b];
  for (let i = 0; i < Math.min(ca.length, cb.length); i++) {
    const d = (ca[i]?.codePointAt(0) ?? 0) - (cb[i]?.codePointAt(0) ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return ca.length === cb.length ? 0 : ca.length < cb.length ? -1 : 1;
}

export function isPlainMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof LiquidTime) && !isWholeFloat(value);
}
