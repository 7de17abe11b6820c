#!/usr/bin/env node
// The `feedwright` command: picks the command, parses its flags, runs it. Exit codes: 0 done, 1 the
// command failed (bad config, missing posts folder, port in use, rejected posts), 2 a usage error.
// Only the command that runs is imported (commands.ts): --version and --help load none of them.
import { FeedwrightError, UsageError } from '../errors.js';
import { VERSION } from '../version.js';
import { commandUsage, parseCommandArgs, topUsage, type Command } from './args.js';
import { COMMANDS } from './commands.js';

const USAGE = topUsage(COMMANDS);

async function main(argv: readonly string[]): Promise<number | undefined> {
  const [first, ...rest] = argv;
  if (first === '-h' || first === '--help') return print(USAGE);
  if (first === '-v' || first === '--version') return print(`${VERSION}\n`);
  if (first === 'help') {
    const command = rest[0] === undefined ? undefined : find(rest[0]);
    return print(command ? commandUsage(command) : USAGE);
  }
  // `feedwright --port 9000` is `feedwright serve --port 9000`.
  if (first === undefined || first.startsWith('-')) return run(find('serve'), argv);
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
  // A stop while the server's modules load is a clean stop too (stop-signals.ts, tiny: caught before the
  // rest loads; imported here so that --version and --help load nothing more).
  if (command.name === 'serve') (await import('./stop-signals.js')).catchStopSignals();
  return (await command.load()).run(values);
}

function print(text: string): number {
  process.stdout.write(text);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== undefined) process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof UsageError) {
      const command = COMMANDS.find((c) => c.name === err.command);
      process.stderr.write(`feedwright: ${err.message}\n\n${command ? commandUsage(command) : USAGE}`);
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
