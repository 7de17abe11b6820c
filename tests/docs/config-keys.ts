// Every key of src/config/schema.ts with its type and default, as docs/reference/configuration.md writes
// them: the reference test checks the page against this list, both ways. Keys inside lists are written
// `list[].key`, keys of a map of named entries `map.<name>.key`.
import { z } from 'zod';
import { configSchema } from '../../src/config/schema.js';

export interface ConfigKey {
  readonly key: string;
  /** What the page's type column says: `string`, `integer 1–1000`, `folder \| jekyll`, `list of string`… */
  readonly type: string;
  /** The default as the page writes it; undefined when the schema has none (the page then says what stands in). */
  readonly default: string | undefined;
}

type Json = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: Json[];
  oneOf?: Json[];
  properties?: Record<string, Json>;
  additionalProperties?: Json | boolean;
  propertyNames?: Json;
  items?: Json;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  default?: unknown;
};

/** A value as YAML would be written in the page: text bare, lists in brackets, an empty text as "". */
export function shown(value: unknown): string {
  if (typeof value === 'string') return value === '' ? '""' : value;
  if (Array.isArray(value)) return `[${value.map(shown).join(', ')}]`;
  if (value !== null && typeof value === 'object') return Object.keys(value).length === 0 ? '{}' : JSON.stringify(value);
  return String(value);
}

function range(s: Json): string {
  const max = s.maximum !== undefined && s.maximum < Number.MAX_SAFE_INTEGER ? s.maximum : undefined;
  const min = s.minimum !== undefined && s.minimum > Number.MIN_SAFE_INTEGER ? s.minimum : undefined;
  if (s.exclusiveMinimum !== undefined) return max === undefined ? ` > ${s.exclusiveMinimum}` : ` > ${s.exclusiveMinimum}, ≤ ${max}`;
  if (min !== undefined && max !== undefined) return ` ${min}–${max}`;
  if (min !== undefined) return ` ≥ ${min}`;
  return max === undefined ? '' : ` ≤ ${max}`;
}

function typeOf(s: Json): string {
  const variants = s.anyOf ?? s.oneOf;
  if (variants) return [...new Set(variants.map(typeOf))].join(' or ');
  if (s.enum) return s.enum.map(String).join(' | ');
  if (s.const !== undefined) return String(s.const);
  const t = Array.isArray(s.type) ? s.type.join(' or ') : s.type;
  if (t === 'array') return `list of ${s.items ? typeOf(s.items) : 'any'}`;
  if (t === 'object') {
    if (s.properties && Object.keys(s.properties).length > 0) return 'map';
    const value = typeof s.additionalProperties === 'object' ? typeOf(s.additionalProperties) : 'any';
    return value === 'any' ? 'map' : `map of ${value}`;
  }
  if (t === 'integer' || t === 'number') return `${t}${range(s)}`;
  return t ?? 'any';
}

/** The parsed defaults of the whole config, for keys whose JSON Schema lost its default to a transform. */
const PARSED = configSchema.parse({}) as Record<string, unknown>;

function parsedDefault(path: readonly string[]): unknown {
  let v: unknown = PARSED;
  for (const p of path) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[p] : undefined;
  return v;
}

function walk(s: Json, path: string[], keys: ConfigKey[], inItem: boolean): void {
  const variants = s.anyOf ?? s.oneOf;
  // A section (an object with keys): its keys, and the keys of each variant of a union of sections.
  const sections = (variants ?? [s]).filter((v) => v.properties && Object.keys(v.properties).length > 0);
  if (sections.length > 0) {
    // A key that is a value or a section (site.author: a name, or {name, email, url}): itself, then its keys.
    if (sections.length < (variants ?? [s]).length) keys.push(leaf(s, path, inItem));
    const seen = new Set<string>();
    for (const section of sections) {
      for (const [name, sub] of Object.entries(section.properties ?? {})) {
        if (seen.has(name)) continue;
        seen.add(name);
        walk(sub, [...path, name], keys, inItem);
      }
    }
    return;
  }
  const t = Array.isArray(s.type) ? undefined : s.type;
  // A list of sections (aliases, podcasts, defaults): the keys of one entry, as `list[].key`.
  if (t === 'array' && s.items?.properties) {
    keys.push({ ...leaf(s, path, inItem), type: 'list of maps' });
    walk(s.items, [...path.slice(0, -1), `${path.at(-1)}[]`], keys, true);
    return;
  }
  // A map of named sections (authors): the keys of one, as `map.<name>.key`.
  if (t === 'object' && typeof s.additionalProperties === 'object' && s.additionalProperties.properties) {
    keys.push({ ...leaf(s, path, inItem), type: 'map of maps' });
    walk(s.additionalProperties, [...path, '<name>'], keys, true);
    return;
  }
  keys.push(leaf(s, path, inItem));
}

/** A key's row: the default the parsed config has (a transform keeps it there), else the schema's own. */
function leaf(s: Json, path: readonly string[], inItem: boolean): ConfigKey {
  const value = (inItem ? undefined : parsedDefault(path)) ?? s.default;
  return { key: path.join('.'), type: typeOf(s), default: value === undefined ? undefined : shown(value) };
}

/** Every key of the config, sections left out (their keys are listed), in the schema's order. */
export function configKeys(): ConfigKey[] {
  const json = z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }) as Json;
  const keys: ConfigKey[] = [];
  walk(json, [], keys, false);
  return keys;
}
