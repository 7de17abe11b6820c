// The two tables copied from the installed Ruby libraries (rouge-lexers.ts, kramdown/entity-table.ts) still say
// what those libraries say: when Debian updates Rouge or kramdown, this fails until they are regenerated.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { ENTITY_NAMES, NUMERIC_REMAP } from '../../../src/content/markdown/kramdown/entity-table.js';
import { ROUGE_LEXER_NAMES } from '../../../src/content/markdown/rouge-lexers.js';

function ruby(script: string): string {
  const run = spawnSync('ruby', ['-e', script], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout;
}

test("Rouge's lexer names and aliases", () => {
  const names = ruby('require "rouge"; puts Rouge::Lexer.send(:registry).keys.map(&:to_s).sort').trim().split('\n');
  assert.deepEqual([...ROUGE_LEXER_NAMES].sort(), names);
});

test("kramdown's entity table", () => {
  const rows = ruby('require "kramdown"; Kramdown::Utils::Entities::ENTITY_TABLE.each { |c, d| puts "#{c} #{d}" }').trim().split('\n');
  const names = rows.filter((r) => !/^\d+ \d+$/.test(r)).map((r) => r.split(' ') as [string, string]);
  const remaps = rows.filter((r) => /^\d+ \d+$/.test(r)).map((r) => r.split(' ').map(Number) as [number, number]);
  assert.deepEqual([...ENTITY_NAMES].map(([n, c]) => `${c} ${n}`).sort(), names.map(([c, n]) => `${c} ${n}`).sort());
  assert.deepEqual([...NUMERIC_REMAP].sort(), remaps.sort());
});
