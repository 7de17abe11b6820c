// Hostile and random Markdown: the kramdown engine never throws, is deterministic, and its work grows linearly
// with the input. Work is counted, not timed: the engine's step counter (block and span scanner iterations,
// characters scanned for link URLs and titles) for each pathological shape at n and 8n repetitions.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { markdownRenderer } from '../../../src/content/markdown/index.js';
import { kramdownMarkdownIt } from '../../../src/content/markdown/kramdown/engine.js';
import { kramdownOptions } from '../../../src/content/markdown/kramdown/options.js';
import type { KramdownEnv } from '../../../src/content/markdown/kramdown/state.js';
import { fixtures } from './fixtures.js';

const md = kramdownMarkdownIt(kramdownOptions(undefined));

function steps(text: string): number {
  const env: KramdownEnv = {};
  md.render(text, env);
  return env.kd?.steps ?? 0;
}

// Shapes kramdown itself re-parses or scans to the end for, and nestings that recurse.
const PATHOLOGICAL: Readonly<Record<string, (n: number) => string>> = {
  'unclosed emphasis': (n) => '*a '.repeat(n),
  'unclosed strong and em': (n) => '**a *b '.repeat(n),
  'unclosed underscores': (n) => '_a __b '.repeat(n),
  'unclosed link parentheses': (n) => '[a]('.repeat(n),
  'unclosed link titles': (n) => '[a](b "c '.repeat(n),
  'unclosed reference links': (n) => '[a]['.repeat(n),
  'open brackets': (n) => '['.repeat(n),
  'nested images': (n) => '!['.repeat(n) + 'x' + '](y)'.repeat(n),
  'nested links and emphasis': (n) => '[*'.repeat(n) + 'x' + '*](y)'.repeat(n),
  'unclosed code fences': (n) => '```a\n'.repeat(n),
  'unclosed tilde fences': (n) => '~~~~a\nb\n'.repeat(n),
  'unclosed comments': (n) => '<!-- a '.repeat(n),
  'unclosed block comments': (n) => '<!--\n\n'.repeat(n),
  'unclosed divs': (n) => '<div>'.repeat(n),
  'nested divs on lines': (n) => '<div>\n'.repeat(n) + '</div>\n'.repeat(n),
  'nested markdown divs': (n) => '<div markdown="1">\n'.repeat(n) + 'x\n' + '</div>\n'.repeat(n),
  'unclosed spans': (n) => '<span>a '.repeat(n),
  'unclosed attribute quotes': (n) => '<a b="c '.repeat(n),
  'unclosed autolinks': (n) => '<http://a '.repeat(n),
  'unclosed strikethrough': (n) => '~~a '.repeat(n),
  'unclosed code spans': (n) => '`a ``b '.repeat(n),
  'unclosed extensions': (n) => '{::comment} a '.repeat(n),
  'unclosed block extensions': (n) => '{::comment}\na\n\n'.repeat(n),
  'unclosed IALs': (n) => '*a*{: b '.repeat(n),
  quotes: (n) => `"a' `.repeat(n),
  'nested quotes on one line': (n) => '> '.repeat(n) + 'x\n',
  'nested lists on one line': (n) => '- '.repeat(n) + 'x\n',
  // Nesting that deepens line by line, past the depth guard (64) and back: the input grows linearly with n.
  'nested lists on lines': (n) => Array.from({ length: n }, (_, i) => `${'  '.repeat(i % 80)}- x\n`).join(''),
  'nested blockquotes on lines': (n) => Array.from({ length: n }, (_, i) => `${'>'.repeat((i % 80) + 1)} x\n`).join(''),
  'table-like lines': (n) => '| a | b\n'.repeat(n),
  'math openers': (n) => '$$a\n\n'.repeat(n),
  'footnote references': (n) => 'x[^1] '.repeat(n) + '\n\n[^1]: note\n',
  abbreviations: (n) => '*[A]: b\n\n' + 'A '.repeat(n),
  'same headers': (n) => '# Title\n\n'.repeat(n),
  'definition lists': (n) => 'term\n: def\n'.repeat(n),
  entities: (n) => '&amp;&#x1F600;&nosuch; '.repeat(n),
  'typographic symbols': (n) => '--- ... << >> '.repeat(n),
  backslashes: (n) => '\\'.repeat(n),
};

for (const [name, make] of Object.entries(PATHOLOGICAL)) {
  test(`pathological input (${name}): no throw, work linear in size`, () => {
    const small = steps(make(250));
    const large = steps(make(2000));
    // 8 times the input: at most about 8 times the steps (a constant allowance for fixed costs).
    assert.ok(large <= 10 * small + 1000, `${small} steps for n=250, ${large} for n=2000`);
    assert.equal(typeof markdownRenderer({ engine: 'kramdown' })(make(2000)), 'string');
  });
}

test('real posts stay far below the step limit that turns re-parsed constructs into text', () => {
  for (const f of fixtures()) {
    const env: KramdownEnv = {};
    md.render(f.source, env);
    const doc = env.kd;
    assert.ok(doc && doc.steps < doc.maxSteps / 20, `${f.name}: ${doc?.steps} steps of ${doc?.maxSteps}`);
  }
});

const TOKENS = [
  '*',
  '**',
  '_',
  '[',
  ']',
  '(',
  ')',
  '![',
  '<',
  '>',
  '{:',
  '}',
  '`',
  '~~',
  '|',
  '-',
  '#',
  '\n',
  '\n\n',
  '  \n',
  '"',
  "'",
  '&',
  ';',
  ':',
  '^',
  '$$',
  '\\',
  ' ',
  '    ',
  '\t',
  'a',
  '中文',
  '“',
  '<div>',
  '</div>',
  'markdown="1"',
  '[^1]',
  '[^1]: x\n',
  '*[a]: b\n',
  '- ',
  '1. ',
  '> ',
  '```\n',
  '~~~\n',
  '|---|\n',
  '{: .c}\n',
  '<!--',
  '-->',
  '{::comment}',
  '{:/}',
];

test('random Markdown never throws and renders the same twice', () => {
  const render = markdownRenderer({ engine: 'kramdown' });
  fc.assert(
    fc.property(
      fc.oneof(
        fc.array(fc.constantFrom(...TOKENS), { maxLength: 200 }).map((t) => t.join('')),
        fc.string({ maxLength: 500 }),
        fc.string({ unit: 'grapheme', maxLength: 300 }),
      ),
      (text) => {
        const a = render(text);
        assert.equal(typeof a, 'string');
        assert.equal(render(text), a);
      },
    ),
    { numRuns: 400, seed: 24 },
  );
});
