// Liquid's arithmetic as Ruby does it: a whole number divided by a whole number is floored (a reading
// time, `words | divided_by: 180`, is a whole number of minutes), and decimal sums are not left with
// binary noise (Ruby's Liquid gives 0.3 for 0.1 + 0.2).
import { report } from '../render-state.js';

function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  const n = Number(String(value ?? '').trim());
  return Number.isFinite(n) ? n : 0;
}

/** A decimal result at Ruby's precision: 15 significant digits. */
function tidy(n: number): number {
  return Number.isInteger(n) ? n : Number(n.toPrecision(15));
}

export const plus = (a: unknown, b: unknown): number => tidy(toNumber(a) + toNumber(b));
export const minus = (a: unknown, b: unknown): number => tidy(toNumber(a) - toNumber(b));
export const times = (a: unknown, b: unknown): number => tidy(toNumber(a) * toNumber(b));

export function dividedBy(a: unknown, b: unknown): unknown {
  const x = toNumber(a);
  const y = toNumber(b);
  if (y === 0) {
    report('FW_LIQUID_FAILED', 'divided_by: 0 (Jekyll writes "Liquid error: divided by 0")');
    return 'Liquid error: divided by 0';
  }
  return Number.isInteger(x) && Number.isInteger(y) ? Math.floor(x / y) : tidy(x / y);
}

export function modulo(a: unknown, b: unknown): unknown {
  const x = toNumber(a);
  const y = toNumber(b);
  if (y === 0) {
    report('FW_LIQUID_FAILED', 'modulo: 0 (Jekyll writes "Liquid error: divided by 0")');
    return 'Liquid error: divided by 0';
  }
  // Ruby's modulo takes the divisor's sign.
  return tidy(((x % y) + y) % y);
}
