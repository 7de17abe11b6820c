// The help text: the command list shows each summary whole (it once showed a description's first line,
// cut mid-sentence), and no line of any help is wider than HELP_WIDTH, a word never split.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { COMMON_OPTIONS, HELP_WIDTH, commandUsage, topUsage, wrap } from '../../src/cli/args.js';
import { COMMANDS } from '../../src/cli/commands.js';

const helps = (): string[] => [topUsage(COMMANDS), ...COMMANDS.map(commandUsage)];

test('each summary is one whole sentence on one line, and the command list shows it whole', () => {
  const top = topUsage(COMMANDS);
  for (const c of COMMANDS) {
    assert.doesNotMatch(c.summary, /\n/, c.name);
    assert.match(c.summary, /[.)]$/, `${c.name}: a summary ends its sentence`);
    const listed = new RegExp(`^  ${c.name} +(.*(?:\\n {11}.*)*)`, 'm').exec(top)?.[1] ?? '';
    assert.equal(listed.replace(/\n +/g, ' '), c.summary, c.name);
  }
});

test('a command help shows its summary, then its details, whole', () => {
  for (const c of COMMANDS) {
    const about = commandUsage(c).split('\n\n')[1]?.replace(/\n/g, ' ');
    assert.equal(about, c.details ? `${c.summary} ${c.details}` : c.summary, c.name);
  }
});

test('no help line is wider than HELP_WIDTH, and every option is in its help', () => {
  for (const text of helps()) for (const line of text.split('\n')) assert.ok(line.length <= HELP_WIDTH, line);
  for (const c of COMMANDS) {
    const text = commandUsage(c);
    for (const name of Object.keys({ ...c.options, ...COMMON_OPTIONS })) assert.match(text, new RegExp(`--${name}\\b`), `${c.name} --${name}`);
  }
});

test('wrap: whole words, the indent on every line, a word longer than the width kept whole', () => {
  assert.equal(wrap('aa bb cc dd', 5), 'aa bb\ncc dd');
  assert.equal(wrap('aa bb cc', 6, '  '), '  aa\n  bb\n  cc');
  assert.equal(wrap('abcdefgh ij', 4), 'abcdefgh\nij');
  assert.equal(wrap('', 10), '');
});
