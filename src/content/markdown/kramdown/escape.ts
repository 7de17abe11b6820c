// HTML escaping and entities as kramdown's HTML converter writes them (Kramdown::Utils::Html, Utils::Entities).
import type { EntityOutput } from './options.js';
import { ENTITY_NAMES, NUMERIC_REMAP } from './entity-table.js';

// An entity reference already in the text is kept as written, never escaped twice (REXML's REFERENCE_RE).
const TEXT_RE = /&(?:[\w:][-\w.:]*;|#\d+;|#x[0-9a-fA-F]+;)|[<>&]/g;
const ATTRIBUTE_RE = /&(?:[\w:][-\w.:]*;|#\d+;|#x[0-9a-fA-F]+;)|[<>&"]/g;
const ALL_RE = /[<>&]/g;
const MAP: Readonly<Record<string, string>> = { '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' };

/** Text of an element: `<`, `>` and a bare `&` escaped. */
export function escapeText(s: string): string {
  return s.replace(TEXT_RE, (m) => MAP[m] ?? m);
}

/** An attribute value: as text, and `"` too. */
export function escapeAttribute(s: string): string {
  return s.replace(ATTRIBUTE_RE, (m) => MAP[m] ?? m);
}

/** Code: every `<`, `>` and `&`, references included. */
export function escapeAll(s: string): string {
  return s.replace(ALL_RE, (m) => MAP[m] ?? m);
}

/** One entity: its code point and the name kramdown knows it by, if any. */
export interface Entity {
  readonly codePoint: number;
  readonly name: string | undefined;
}

const NAME_OF = new Map<number, string>([...ENTITY_NAMES].map(([name, code]) => [code, name]));

/** The entity for a name or a code point, or undefined where kramdown has none (an unknown name). */
export function entity(nameOrCode: string | number): Entity | undefined {
  if (typeof nameOrCode === 'string') {
    const code = ENTITY_NAMES.get(nameOrCode);
    return code === undefined ? undefined : { codePoint: code, name: nameOrCode };
  }
  const code = NUMERIC_REMAP.get(nameOrCode) ?? nameOrCode;
  return { codePoint: code, name: NAME_OF.get(code) };
}

function char(codePoint: number): string | undefined {
  if (codePoint < 0 || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) return undefined;
  return String.fromCodePoint(codePoint);
}

/**
 * An entity as text (entity_to_str): `as_char` writes the character, except `<`, `>` and `&`, which keep the
 * reference as written (or by name); `as_input` writes what the source had.
 */
export function entityToString(e: Entity, mode: EntityOutput, original?: string): string {
  const c = char(e.codePoint);
  if (mode === 'as_char' && c !== undefined && (c === '"' || MAP[c] === undefined)) return c;
  if ((mode === 'as_input' || mode === 'as_char') && original !== undefined) return original;
  if ((mode === 'symbolic' || (c !== undefined && MAP[c] !== undefined)) && e.name !== undefined) return `&${e.name};`;
  return `&#${e.codePoint};`;
}
