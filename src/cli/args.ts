// What every command shares: option specs (parsed by node:util parseArgs and turned into --help text),
// usage errors (exit 2), and the config, loaded the same way by every command: file, FEEDWRIGHT_*
// environment, then flags.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { formatProblem, type Problem } from '../errors.js';

export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  /** How the value is shown in help, e.g. `<dir>`. */
  readonly arg?: string;
  readonly help: string;
}

export type Values = Readonly<Record<string, string | boolean | undefined>>;

export interface Command {
  readonly name: string;
  readonly summary: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
  /** Resolves to the exit code, or to undefined when the command keeps running (serve). */
  readonly run: (values: Values) => Promise<number | undefined>;
}

/** A bad flag, a missing value, an unknown command: the message, the usage, exit 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly command?: Command,
  ) {
    super(message);
  }
}

export const COMMON_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  config: { type: 'string', short: 'c', arg: '<file>', help: 'config file (default config/feedwright.yaml, or FEEDWRIGHT_CONFIG)' },
  posts: { type: 'string', arg: '<dir>', help: 'posts folder (overrides posts.dir and FEEDWRIGHT_POSTS_DIR)' },
  'site-url': { type: 'string', arg: '<url>', help: 'site URL (overrides site.url and FEEDWRIGHT_SITE_URL)' },
  help: { type: 'boolean', short: 'h', help: 'show this help' },
};

export function parseCommandArgs(command: Command, args: readonly string[]): Values {
  const options = Object.fromEntries(
    Object.entries({ ...command.options, ...COMMON_OPTIONS }).map(([name, o]) => [name, o.short ? { type: o.type, short: o.short } : { type: o.type }]),
  );
  try {
    return parseArgs({ args: [...args], options, allowPositionals: false, strict: true }).values as Values;
  } catch (err) {
    // parseArgs explains unknown options, missing values and stray arguments well; keep its words.
    throw new UsageError(err instanceof Error ? err.message : String(err), command);
  }
}

export function commandUsage(command: Command): string {
  const lines = (specs: Readonly<Record<string, OptionSpec>>): string =>
    Object.entries(specs)
      .map(([name, o]) => `  ${`${o.short ? `-${o.short}, ` : '    '}--${name}${o.arg ? ` ${o.arg}` : ''}`.padEnd(24)} ${o.help}`)
      .join('\n');
  const own = Object.keys(command.options).length > 0 ? `\nOptions:\n${lines(command.options)}\n` : '';
  return `Usage: feedwright ${command.name} [options]\n\n${command.summary}\n${own}\nCommon options:\n${lines(COMMON_OPTIONS)}\n`;
}

export function stringValue(values: Values, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}

/** The config for a command: the file, the environment, then --config, --posts and --site-url. */
export function configFrom(values: Values, extra: { port?: number } = {}): Config {
  const configPath = stringValue(values, 'config');
  const postsDir = stringValue(values, 'posts');
  const siteUrl = stringValue(values, 'site-url');
  return loadConfig({
    overrides: {
      ...(configPath !== undefined ? { configPath } : {}),
      ...(postsDir !== undefined ? { postsDir } : {}),
      ...(siteUrl !== undefined ? { siteUrl } : {}),
      ...extra,
    },
  });
}

/** A path as a person at this prompt would type it: relative below the working folder, else absolute. */
export function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel === '' ? '.' : rel.startsWith('..') || path.isAbsolute(rel) ? file : rel;
}

/** `path:line: severity: reason [code]`, the path shown from the working folder so editors can jump to it. */
export function problemLine(config: Config, p: Problem): string {
  return formatProblem({ ...p, path: displayPath(path.resolve(config.posts.dir, p.path)) });
}
