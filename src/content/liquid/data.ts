// `site.data` from the files of _data/ (Jekyll's readers/data_reader.rb): YAML, JSON, CSV and TSV, each
// under its name without the extension, folders as maps; a CSV or TSV is a list of rows keyed by its
// header. A file that cannot be read is one problem, and has no value.
import yaml from 'js-yaml';
import { problem, type Problem } from '../../errors.js';
import { wholeFloat } from './ruby.js';

export interface DataFile {
  /** Path below _data/, `/`-separated. */
  readonly path: string;
  readonly text: string;
}

export interface SiteData {
  readonly data: Readonly<Record<string, unknown>>;
  readonly problems: readonly Problem[];
}

/** The extensions Jekyll reads, in the order its glob lists them (a later one wins a shared name). */
export const DATA_EXTENSIONS = ['yaml', 'yml', 'json', 'csv', 'tsv'] as const;

export function siteData(files: readonly DataFile[], dir = '_data'): SiteData {
  const data: Record<string, unknown> = {};
  const problems: Problem[] = [];
  for (const file of ordered(files)) {
    const parts = file.path.split('/');
    const name = parts.pop() ?? '';
    let into = data;
    for (const folder of parts) {
      const key = sanitize(folder);
      const below = Object.hasOwn(into, key) ? into[key] : undefined;
      const next = typeof below === 'object' && below !== null && !Array.isArray(below) ? (below as Record<string, unknown>) : {};
      if (next !== below) define(into, key, next);
      into = next;
    }
    const ext = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
    const parsed = parse(file.text, ext);
    if ('error' in parsed) {
      problems.push(problem('FW_DATA_BAD', `${dir}/${file.path}`, parsed.error, parsed.line, 'warning'));
      continue;
    }
    define(into, sanitize(name.slice(0, name.lastIndexOf('.'))), parsed.value);
  }
  return { data, problems };
}

/** Files before folders at each level, files by extension in Jekyll's order, each group by name. */
function ordered(files: readonly DataFile[]): DataFile[] {
  const rank = (f: DataFile): string => {
    const parts = f.path.split('/');
    const name = parts.at(-1) ?? '';
    const ext = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
    // Each folder level sorts after the files beside it ('1' > '0').
    const folders = parts
      .slice(0, -1)
      .map((p) => `1${p}`)
      .join('\0');
    return `${folders}\0${'0'}${DATA_EXTENSIONS.indexOf(ext as (typeof DATA_EXTENSIONS)[number])}${name}`;
  };
  return [...files].sort((a, b) => (rank(a) < rank(b) ? -1 : rank(a) > rank(b) ? 1 : 0));
}

/** Jekyll's sanitize_filename: characters other than word characters, spaces and `-` dropped, spaces to `_`. */
function sanitize(name: string): string {
  return name.replace(/[^\w\s-]+|(?<=^|\b\s)\s+(?=$|\s?\b)/gu, '').replace(/\s+/gu, '_');
}

function define(into: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(into, key, { value, enumerable: true, writable: true, configurable: true });
}

// YAML as Ruby's Psych reads a data file (YAML 1.1): `yes`/`no`/`on`/`off` are booleans, and a whole
// number too big for a double (a checksum written in digits) keeps its digits, as Ruby's Integer does.
const RUBY_YAML = (() => {
  // js-yaml's built-in scalar types (its typings leave them out).
  const types = (yaml as unknown as { types: Record<'bool' | 'int' | 'float' | 'null', yaml.Type> }).types;
  const { bool, int, float } = types;
  const ruby11Bool = new yaml.Type('tag:yaml.org,2002:bool', {
    kind: 'scalar',
    resolve: (data: string) => bool.resolve(data) || /^(?:yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF)$/.test(data),
    construct: (data: string) => /^(?:true|True|TRUE|yes|Yes|YES|on|On|ON)$/.test(data),
  });
  const bigInt = new yaml.Type('tag:yaml.org,2002:int', {
    kind: 'scalar',
    resolve: (data: string) => int.resolve(data),
    construct: (data: string) => {
      const n = int.construct(data) as number;
      return Number.isSafeInteger(n) ? n : bigInteger(data);
    },
  });
  const rubyFloat = new yaml.Type('tag:yaml.org,2002:float', {
    kind: 'scalar',
    resolve: (data: string) => float.resolve(data),
    construct: (data: string) => {
      const n = float.construct(data) as number;
      return Number.isInteger(n) ? wholeFloat(n) : n;
    },
  });
  return yaml.FAILSAFE_SCHEMA.extend({ implicit: [types.null, ruby11Bool, bigInt, rubyFloat] });
})();

/** A YAML whole number past a double's precision, exactly (Ruby's Integer): as a BigInt. */
function bigInteger(text: string): bigint | string {
  const clean = text.replace(/_/g, '');
  const m = /^([-+]?)(0b[01]+|0x[0-9a-fA-F]+|0o[0-7]+|\d+)$/.exec(clean);
  if (!m) return clean;
  const n = BigInt(m[2] ?? '0');
  return m[1] === '-' ? -n : n;
}

type Parsed = { value: unknown } | { error: string; line?: number };

function parse(text: string, ext: string): Parsed {
  const clean = text.replace(/^\uFEFF/, '');
  try {
    if (ext === 'json') return { value: JSON.parse(clean) };
    if (ext === 'csv' || ext === 'tsv') return { value: rows(clean, ext === 'csv' ? ',' : '\t') };
    return { value: yaml.load(clean, { schema: RUBY_YAML }) ?? null };
  } catch (err) {
    const mark = (err as { mark?: { line?: number } }).mark;
    const line = (err as { line?: number }).line ?? (mark?.line === undefined ? undefined : mark.line + 1);
    const reason = (err as { reason?: string }).reason ?? (err instanceof Error ? err.message : String(err));
    return { error: reason.slice(0, 200), ...(line !== undefined ? { line } : {}) };
  }
}

/** A CSV (or TSV) with a header row → its rows as maps (Ruby's CSV with headers: true, values as text). */
function rows(text: string, separator: string): Record<string, string | null>[] {
  const records = csvRecords(text, separator);
  const header = records.shift() ?? [];
  return records.map((record) => {
    const row: Record<string, string | null> = {};
    header.forEach((name, i) => {
      // Ruby's CSV: a field with nothing in it is nil; a header met twice keeps its first value in to_hash.
      if (!Object.hasOwn(row, name)) define(row, name, record[i] === undefined || record[i] === '' ? null : (record[i] as string));
    });
    return row;
  });
}

/** RFC 4180 records: quoted fields may hold separators, quotes (doubled) and line breaks. */
function csvRecords(text: string, separator: string): string[][] {
  const out: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
      if (c === '\n') line++;
      continue;
    }
    if (c === '"' && field === '') quoted = true;
    else if (c === '"') throw Object.assign(new Error(`Illegal quoting in line ${line}.`), { line });
    else if (c === separator) {
      record.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      out.push(record);
      record = [];
      field = '';
      line++;
    } else field += c;
  }
  if (quoted) throw Object.assign(new Error(`Unclosed quoted field in line ${line}.`), { line });
  if (field !== '' || record.length > 0) {
    record.push(field);
    out.push(record);
  }
  return out;
}

/** _config.yml as Liquid's `site` sees it; undefined (with the parser's reason) when it is not a YAML map. */
export function siteConfig(text: string, path: string): { config: Record<string, unknown> } | { problem: Problem } {
  const parsed = parse(text, 'yml');
  if ('error' in parsed) return { problem: problem('FW_DATA_BAD', path, parsed.error, parsed.line, 'warning') };
  const value = parsed.value ?? {};
  if (typeof value !== 'object' || Array.isArray(value)) return { problem: problem('FW_DATA_BAD', path, 'not a map of keys to values', 1, 'warning') };
  return { config: value as Record<string, unknown> };
}
