// docs/reference/cli.md and src/cli, both ways: each command has its section, each section's table lists
// exactly the command's options (with their short forms and values), and the common options are listed
// once, under "Every command".
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { COMMON_OPTIONS, type OptionSpec } from '../../src/cli/args.js';
import { COMMANDS } from '../../src/cli/commands.js';
import { read, section, tableRows } from './markdown.js';

const PAGE = read('docs/reference/cli.md');

/** `-p, --port <port>` as the page and the code would both write it. */
const spelled = (name: string, o: OptionSpec): string => `${o.short ? `-${o.short}, ` : ''}--${name}${o.arg ? ` ${o.arg}` : ''}`;

/** The options a section's table lists, as spelled in its first column. */
function listed(title: string): string[] {
  return tableRows(section(PAGE, title))
    .map(([cell = '']) => cell)
    .filter((cell) => /^`-/.test(cell))
    .map((cell) => cell.replace(/^`|`$/g, ''));
}

test('every command has its section, listing exactly its options', () => {
  for (const command of COMMANDS) {
    assert.deepEqual(
      listed(command.name).sort(),
      Object.entries(command.options)
        .map(([name, o]) => spelled(name, o))
        .sort(),
      `### ${command.name} in docs/reference/cli.md`,
    );
  }
});

test('the options every command takes are listed once, under "Every command"', () => {
  assert.deepEqual(
    listed('Every command').sort(),
    Object.entries(COMMON_OPTIONS)
      .map(([name, o]) => spelled(name, o))
      .sort(),
  );
});

test('the page names no command that does not exist', () => {
  const sections = [...section(PAGE, 'Every command and option').matchAll(/^### (.+)$/gm)].map((m) => m[1]);
  assert.deepEqual(sections, [...COMMANDS.map((c) => c.name), 'Every command']);
  // The README's summary of the commands names each of them too.
  const readme = read('README.md');
  for (const command of COMMANDS) assert.match(readme, new RegExp(`^feedwright ${command.name} `, 'm'), command.name);
});
