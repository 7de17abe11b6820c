// Jekyll's filters over lists (filters.rb, grouping_filters.rb), where they differ from liquidjs's: a
// property read through dots and numbers in text read as numbers (item_property), `where` comparing as
// text, groups named by text with their size, sorting with nils first or last, and expressions true by
// Liquid's truth (everything but nil and false).
import { toValueSync, Value, type Context, type Liquid } from 'liquidjs';
import { report } from '../render-state.js';
import { compareBytes, isPlainMap, rubyString, spaceship, truthy } from '../ruby.js';

type Item = unknown;

/** What liquidjs calls a filter with as `this`. */
interface FilterImpl {
  readonly context: Context;
  readonly liquid: Liquid;
}

/** A list to filter: a hash's values (Jekyll's `input.values`), a list as is; anything else is no list. */
function listOf(input: unknown): Item[] | undefined {
  if (Array.isArray(input)) return input;
  if (isPlainMap(input)) return Object.values(input);
  return undefined;
}

/** item_property: the property (dotted: `url.gz`), a number when it is written as one. */
export function itemProperty(item: Item, property: string): unknown {
  let value: unknown = item;
  const keys = property.includes('.') ? property.split('.') : [property];
  for (const key of keys) {
    if (value === null || value === undefined || typeof value !== 'object') return undefined;
    value = Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
  }
  if (typeof value !== 'string' || !NUMBERISH.test(value)) return value;
  if (/^\s*-?\d+\s*$/.test(value)) return Number.parseInt(value, 10);
  if (/^\s*-?(?:\d+\.?\d*|\.\d+)\s*$/.test(value)) return Number.parseFloat(value);
  return value;
}

// Only text that starts like a number can be one: the common case (a name, a version) is told at once.
const NUMBERISH = /^\s*-?[\d.]/;

/** compare_property_vs_target: nil matches nil; else the target as text, against the property or any of its items. */
function matches(property: unknown, target: unknown): boolean {
  if (target === null || target === undefined) return property === null || property === undefined;
  const text = rubyString(target);
  if (typeof property === 'string') return property === text;
  const items = Array.isArray(property) ? property : property === null || property === undefined ? [] : [property];
  return items.some((p) => rubyString(p) === text);
}

export function where(input: unknown, property: unknown, value: unknown): unknown {
  const list = listOf(input);
  if (property === null || property === undefined || Array.isArray(value) || isPlainMap(value) || !list) return input;
  const key = rubyString(property);
  return list.filter((item) => matches(itemProperty(item, key), value));
}

export function find(input: unknown, property: unknown, value: unknown): unknown {
  const list = listOf(input);
  if (property === null || property === undefined || Array.isArray(value) || isPlainMap(value) || !list) return input;
  const key = rubyString(property);
  return list.find((item) => matches(itemProperty(item, key), value)) ?? null;
}

/** Evaluates a Liquid expression with `variable` bound to each item in turn. */
function evaluator(impl: FilterImpl, variable: unknown, expression: unknown): (item: Item) => unknown {
  const value = new Value(rubyString(expression), impl.liquid);
  const name = rubyString(variable);
  return (item) => {
    impl.context.push({ [name]: item });
    try {
      return toValueSync(value.value(impl.context, false));
    } finally {
      impl.context.pop();
    }
  };
}

export function whereExp(this: FilterImpl, input: unknown, variable: unknown, expression: unknown): unknown {
  const list = listOf(input);
  if (!list) return input;
  const test = evaluator(this, variable, expression);
  return list.filter((item) => truthy(test(item)));
}

export function findExp(this: FilterImpl, input: unknown, variable: unknown, expression: unknown): unknown {
  const list = listOf(input);
  if (!list) return input;
  const test = evaluator(this, variable, expression);
  return list.find((item) => truthy(test(item))) ?? null;
}

function grouped(list: readonly Item[], keyOf: (item: Item) => string): { name: string; items: Item[]; size: number }[] {
  const groups = new Map<string, Item[]>();
  for (const item of list) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return [...groups].map(([name, items]) => ({ name, items, size: items.length }));
}

export function groupBy(input: unknown, property: unknown): unknown {
  const list = listOf(input);
  if (!list) return input;
  const key = rubyString(property);
  return grouped(list, (item) => rubyString(itemProperty(item, key)));
}

export function groupByExp(this: FilterImpl, input: unknown, variable: unknown, expression: unknown): unknown {
  const list = listOf(input);
  if (!list) return input;
  const evaluate = evaluator(this, variable, expression);
  return grouped(list, (item) => rubyString(evaluate(item)));
}

/** Jekyll's sort: by the items themselves, or by a property with nils `first` (default) or `last`. */
export function sort(input: unknown, property?: unknown, nils?: unknown): unknown {
  if (input === null || input === undefined) {
    report('FW_LIQUID_FAILED', 'sort of nothing (Jekyll stops the build: "Cannot sort a null object")');
    return [];
  }
  const list = listOf(input);
  if (!list) return input;
  const compare = (a: unknown, b: unknown): number => spaceship(a, b) ?? compareBytes(rubyString(a), rubyString(b));
  if (property === null || property === undefined) return [...list].sort(compare);
  const order = nils === 'last' ? 1 : -1;
  if (nils !== undefined && nils !== null && nils !== 'first' && nils !== 'last') {
    report('FW_LIQUID_FAILED', `sort: ${JSON.stringify(rubyString(nils))} is not first or last`);
    return input;
  }
  const key = rubyString(property);
  return list
    .map((item) => [itemProperty(item, key), item] as const)
    .sort(([a], [b]) => {
      const aNil = a === null || a === undefined;
      const bNil = b === null || b === undefined;
      if (!aNil && bNil) return -order;
      if (aNil && !bNil) return order;
      return compare(a, b);
    })
    .map(([, item]) => item);
}

/** Random in Jekyll; the first items here, so that the same posts always give the same feeds. */
export function sample(input: unknown, count?: unknown): unknown {
  report('FW_LIQUID_NOT_SUPPORTED', 'sample: random in Jekyll; feedwright takes the first items, so that feeds do not change by chance');
  const list = Array.isArray(input) ? input : typeof input === 'string' ? [...input] : undefined;
  if (!list) return input;
  const n = count === undefined || count === null ? 1 : Math.trunc(Number(count)) || 1;
  return n === 1 ? (list[0] ?? null) : list.slice(0, n);
}
