#!/usr/bin/env node
// The `feedwright` command: picks the command, parses its flags, runs it. Exit codes: 0 done, 1 the
// command failed (bad config, missing posts folder, rejected posts), 2 a usage error.
import { readFileSync } from 'node:fs';
import { FeedwrightError } from '../errors.js';
import { commandUsage, parseCommandArgs, UsageError, type Command } from './args.js';
import { buildCommand } from './build.js';
import { checkCommand } from './check.js';
import { serveCommand } from './serve.js';

const COMMANDS: readonly Command[] = [serveCommand, buildCommand, checkCommand];

const USAGE = `Usage: feedwright [command] [options]

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(8)} ${c.summary.split('\n')[0]}`).join('\n')}

Without a command, feedwright serves. 'feedwright <command> --help' shows a command's options;
-v, --version prints the version.
`;

async function main(argv: readonly string[]): Promise<number | undefined> {
  const [first, ...rest] = argv;
  if (first === '-h' || first === '--help') return print(USAGE);
  if (first === '-v' || first === '--version') return print(`${version()}\n`);
  if (first === 'help') {
    const command = rest[0] === undefined ? undefined : find(rest[0]);
    return print(command ? commandUsage(command) : USAGE);
  }
  // `feedwright --port 9000` is `feedwright serve --port 9000`.
  if (first === undefined || first.startsWith('-')) return run(serveCommand, argv);
  return run(find(first), rest);
}

function find(name: string): Command {
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) throw new UsageError(`unknown command: ${name}`);
  return command;
}

async function run(command: Command, args: readonly string[]): Promise<number | undefined> {
  const values = parseCommandArgs(command, args);
  if (values.help === true) return print(commandUsage(command));
  return command.run(values);
}

function print(text: string): number {
  process.stdout.write(text);
  return 0;
}

function version(): string {
  // dist/cli/main.js and src/cli/main.ts both sit two folders below package.json.
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== undefined) process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof UsageError) {
      process.stderr.write(`feedwright: ${err.message}\n\n${err.command ? commandUsage(err.command) : USAGE}`);
      process.exitCode = 2;
    } else if (err instanceof FeedwrightError) {
      process.stderr.write(`feedwright: ${err.message}\n`);
      process.exitCode = 1;
    } else {
      process.stderr.write(`feedwright: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 1;
    }
  },
);
