// docs/reference/configuration.md and the code, both ways: every key of src/config/schema.ts has a row
// with the schema's type and default (or, where the schema has none, a word on what stands in), no row
// names a key the schema lacks, and the environment table lists exactly the variables src/ reads.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { configKeys, type ConfigKey } from './config-keys.js';
import { read, ROOT, section, tableRows } from './markdown.js';

const PAGE = read('docs/reference/configuration.md');
const unquote = (cell: string): string => cell.replace(/^`(.*)`$/, '$1');

/** Key rows of the page's "Every key" tables: key → [type, default]. */
function documentedKeys(): Map<string, { type: string; default: string }> {
  const rows = tableRows(section(PAGE, 'Every key')).filter((cells) => /^`[^`]+`$/.test(cells[0] ?? ''));
  const out = new Map<string, { type: string; default: string }>();
  for (const [key = '', type = '', def = ''] of rows) {
    assert.ok(!out.has(unquote(key)), `${key} has two rows`);
    out.set(unquote(key), { type, default: unquote(def) });
  }
  return out;
}

/** The row to add for a key, as the failure message shows it. */
const row = (k: ConfigKey): string => `| \`${k.key}\` | ${k.type.replaceAll('|', '\\|')} | ${k.default === undefined ? '—' : `\`${k.default}\``} | … |`;

test('every key of the schema has a row, and every row is a key of the schema', () => {
  const documented = documentedKeys();
  const keys = configKeys();
  const missing = keys.filter((k) => !documented.has(k.key));
  assert.deepEqual(missing.map(row), [], 'rows to add to docs/reference/configuration.md');
  const known = new Set(keys.map((k) => k.key));
  assert.deepEqual(
    [...documented.keys()].filter((k) => !known.has(k)),
    [],
    'rows that name no key of the schema',
  );
  assert.ok(keys.length > 100, `${keys.length} keys: the walk reached every section`);
});

test("each row's type and default are the schema's", () => {
  const documented = documentedKeys();
  for (const k of configKeys()) {
    const doc = documented.get(k.key);
    if (!doc) continue;
    if (k.type !== 'any') assert.equal(doc.type, k.type, `${k.key}: type; the row: ${row(k)}`);
    // Where the schema has a default, the page says it; where it has none, the page says what stands in.
    if (k.default !== undefined) assert.equal(doc.default, k.default, `${k.key}: default; the row: ${row(k)}`);
    else assert.notEqual(doc.default, '', `${k.key}: say what stands in ("—" when nothing does)`);
  }
});

/** Every variable src/ reads: `env.NAME` (process.env or an injected env), not a purge template's {{env.NAME}}. */
function variablesRead(): Set<string> {
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
    );
  const names = new Set<string>();
  for (const file of files(path.join(ROOT, 'src'))) {
    for (const m of readFileSync(file, 'utf8').matchAll(/(?<!\{\{)\benv\??\.([A-Z][A-Z0-9_]*)\b/g)) names.add(m[1] ?? '');
  }
  return names;
}

test('the environment table lists exactly the variables src/ reads', () => {
  const listed = new Set(
    tableRows(section(PAGE, 'Environment variables'))
      .flatMap(([cell = '']) => [...cell.matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((m) => m[1] ?? ''))
      .filter((name) => name !== ''),
  );
  const read = variablesRead();
  assert.ok(read.has('FEEDWRIGHT_CONFIG') && read.has('CACHE_DIRECTORY'), 'the scan finds what src/ reads');
  assert.deepEqual([...read].filter((n) => !listed.has(n)).sort(), [], 'variables src/ reads that the page does not list');
  assert.deepEqual([...listed].filter((n) => !read.has(n)).sort(), [], 'variables the page lists that src/ never reads');
});

test('the walk and the table reader read what they should', () => {
  const keys = new Map(configKeys().map((k) => [k.key, k]));
  assert.deepEqual(keys.get('feeds.limit'), { key: 'feeds.limit', type: 'integer 1–1000', default: '20' });
  assert.deepEqual(keys.get('posts.layout'), { key: 'posts.layout', type: 'folder | jekyll', default: 'folder' });
  assert.equal(keys.get('feeds.permalink')?.default, '/:categories/:year/:month/:day/:title/', 'a default behind a transform');
  assert.equal(keys.get('publish.purge.batch')?.default, '30', 'a key of a union of sections');
  assert.equal(keys.get('feeds.aliases[].except')?.default, '[]', 'a key of a list entry');
  assert.ok(keys.has('authors.<name>.avatar') && keys.has('site.author.email'));
  assert.deepEqual(tableRows('| `a` | x \\| y | `1` |\n| --- | --- | --- |\n'), [['`a`', 'x | y', '`1`']]);
});
