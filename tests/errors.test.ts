import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { ERROR_CODES, PROBLEM_CODES, WARNING_CODES, formatProblem, problem } from '../src/errors.js';

const doc = readFileSync(path.resolve(import.meta.dirname, '../docs/errors.md'), 'utf8');

test('every problem and error code is documented in docs/errors.md', () => {
  for (const code of [...Object.keys(PROBLEM_CODES), ...ERROR_CODES, ...WARNING_CODES]) {
    assert.ok(doc.includes(`\`${code}\``), `${code} is missing from docs/errors.md`);
  }
});

test('docs/errors.md lists no code that does not exist', () => {
  const known = new Set<string>([...Object.keys(PROBLEM_CODES), ...ERROR_CODES, ...WARNING_CODES]);
  for (const [, code] of doc.matchAll(/`(FW_[A-Z0-9_]+)`/g)) assert.ok(known.has(code ?? ''), `${code} is documented but not defined`);
});

test('problems print as path:line: severity: reason [code]', () => {
  assert.equal(
    formatProblem(problem('FW_POST_BAD_YAML', 'news/a.md', 'bad indentation', 4)),
    'news/a.md:4: error: the front matter is not valid YAML: bad indentation [FW_POST_BAD_YAML]',
  );
  assert.equal(formatProblem(problem('FW_POST_EMPTY', 'b.md')), 'b.md: error: the file is empty [FW_POST_EMPTY]');
});

test('every error class is defined in src/errors.ts, and nowhere else', () => {
  const src = path.resolve(import.meta.dirname, '../src');
  const elsewhere: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts') && full !== path.join(src, 'errors.ts')) {
        for (const m of readFileSync(full, 'utf8').matchAll(/\bclass\s+(\w+)\s+extends\s+(\w*Error)\b/g))
          elsewhere.push(`${path.relative(src, full)}: ${m[1]}`);
      }
    }
  };
  walk(src);
  assert.deepEqual(elsewhere, []);
});
