#!/usr/bin/env node
// The `feedwright` command: parses arguments, loads the config, runs a command; errors are one clear line.
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/load.js';
import { FeedwrightError } from '../errors.js';
import { serve } from './serve.js';

const USAGE = `Usage: feedwright <command> [options]

Commands:
  serve    Serve the feeds over HTTP and rescan on a schedule (default)

Options:
  -c, --config <file>    Config file (default config/feedwright.yaml, or FEEDWRIGHT_CONFIG)
      --posts <dir>      Posts folder (overrides posts.dir and FEEDWRIGHT_POSTS_DIR)
      --site-url <url>   Site URL (overrides site.url and FEEDWRIGHT_SITE_URL)
  -p, --port <port>      Port to listen on (overrides server.port and PORT)
  -h, --help             Show this help
`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      config: { type: 'string', short: 'c' },
      posts: { type: 'string' },
      'site-url': { type: 'string' },
      port: { type: 'string', short: 'p' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const command = positionals[0] ?? 'serve';
  if (positionals.length > 1) throw new UsageError(`unexpected argument: ${positionals[1]}`);
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
    throw new UsageError(`--port: must be a whole number from 0 to 65535, got ${JSON.stringify(values.port)}`);
  }
  const config = loadConfig({
    overrides: {
      ...(values.config !== undefined ? { configPath: values.config } : {}),
      ...(values.posts !== undefined ? { postsDir: values.posts } : {}),
      ...(values['site-url'] !== undefined ? { siteUrl: values['site-url'] } : {}),
      ...(port !== undefined ? { port } : {}),
    },
  });
  switch (command) {
    case 'serve':
      await serve(config);
      return -1; // keeps running
    default:
      throw new UsageError(`unknown command: ${command}`);
  }
}

class UsageError extends Error {}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof UsageError || (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS'))) {
      process.stderr.write(`feedwright: ${err.message}\n\n${USAGE}`);
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
