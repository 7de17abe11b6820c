// What every command shares: option specs (parsed by node:util parseArgs and turned into --help text) and
// usage errors (exit 2). Only node: built-ins here: --help and --version load this and nothing heavier.
import { parseArgs } from 'node:util';
import { UsageError } from '../errors.js';

export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  /** How the value is shown in help, e.g. `<dir>`. */
  readonly arg?: string;
  readonly help: string;
}

export type Values = Readonly<Record<string, string | boolean | undefined>>;

/** Resolves to the exit code, or to undefined when the command keeps running (serve). */
export type Run = (values: Values) => Promise<number | undefined>;

export interface Command {
  readonly name: string;
  /** One sentence on one line: the command list shows it whole, so it is never cut mid-sentence. */
  readonly summary: string;
  /** More about the command, for its own --help (wrapped there). */
  readonly details?: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
  /** One optional argument (publish's target): parsed into `values[name]`. */
  readonly argument?: { readonly name: string; readonly arg: string };
  /** The command's module, imported only when it runs: `check` never loads the HTTP stack. */
  readonly load: () => Promise<{ readonly run: Run }>;
}

export const COMMON_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  config: { type: 'string', short: 'c', arg: '<file>', help: 'config file (default config/feedwright.yaml, else a _config.yml here; or FEEDWRIGHT_CONFIG)' },
  site: { type: 'string', arg: '<dir>', help: "a Jekyll site's root: read its _config.yml and _posts (or FEEDWRIGHT_SITE)" },
  posts: { type: 'string', arg: '<dir>', help: 'posts folder (overrides posts.dir and FEEDWRIGHT_POSTS_DIR)' },
  'site-url': { type: 'string', arg: '<url>', help: 'site URL (overrides site.url and FEEDWRIGHT_SITE_URL)' },
  help: { type: 'boolean', short: 'h', help: 'show this help' },
};

export function parseCommandArgs(command: Command, args: readonly string[]): Values {
  const options = Object.fromEntries(
    Object.entries({ ...command.options, ...COMMON_OPTIONS }).map(([name, o]) => [name, o.short ? { type: o.type, short: o.short } : { type: o.type }]),
  );
  try {
    const { values, positionals } = parseArgs({ args: [...args], options, allowPositionals: command.argument !== undefined, strict: true });
    if (positionals.length > 1) throw new Error(`one ${command.argument?.arg ?? 'argument'} only, got ${positionals.length}`);
    return (command.argument && positionals[0] !== undefined ? { ...values, [command.argument.name]: positionals[0] } : values) as Values;
  } catch (err) {
    // parseArgs explains unknown options, missing values and stray arguments well; keep its words.
    throw new UsageError(err instanceof Error ? err.message : String(err), command.name);
  }
}

/** Help text is wrapped here, so that it reads in an 80- or 100-column terminal without cutting a word. */
export const HELP_WIDTH = 100;

/** `text` as lines of at most `width` columns (a longer word stays whole), each after `indent`. */
export function wrap(text: string, width = HELP_WIDTH, indent = ''): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (line !== '' && indent.length + line.length + 1 + word.length > width) {
      lines.push(indent + line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(indent + line);
  return lines.join('\n');
}

export function commandUsage(command: Command): string {
  const lines = (specs: Readonly<Record<string, OptionSpec>>): string =>
    Object.entries(specs)
      .map(([name, o]) => {
        const head = `  ${`${o.short ? `-${o.short}, ` : '    '}--${name}${o.arg ? ` ${o.arg}` : ''}`.padEnd(24)} `;
        return head + wrap(o.help, HELP_WIDTH, ' '.repeat(head.length)).trimStart();
      })
      .join('\n');
  const own = Object.keys(command.options).length > 0 ? `\nOptions:\n${lines(command.options)}\n` : '';
  const about = wrap(command.details ? `${command.summary} ${command.details}` : command.summary);
  return `Usage: feedwright ${command.name}${command.argument ? ` ${command.argument.arg}` : ''} [options]\n\n${about}\n${own}\nCommon options:\n${lines(COMMON_OPTIONS)}\n`;
}

/** `feedwright --help`: every command with its whole one-line summary. */
export function topUsage(commands: readonly Command[]): string {
  return `Usage: feedwright [command] [options]

Commands:
${commands.map((c) => `  ${c.name.padEnd(8)} ${wrap(c.summary, HELP_WIDTH, ' '.repeat(11)).trimStart()}`).join('\n')}

Without a command, feedwright serves. 'feedwright <command> --help' shows a command's options;
-v, --version prints the version.
`;
}

export function stringValue(values: Values, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}
