// `feedwright serve`: start the service, stop cleanly on SIGTERM/SIGINT: the schedule and the watcher stop,
// no new connection is accepted, requests and rescans in flight finish, and the process exits 0.
import type { Config } from '../config/schema.js';
import { createLogger } from '../log.js';
import { startService } from '../service.js';
import { configFrom, stringValue, UsageError, type Command } from './args.js';

/** Graceful shutdown must finish within this, or the process exits anyway. */
const SHUTDOWN_LIMIT_MS = 10_000;

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Serve the feeds and pages over HTTP, rescanning the posts on the schedule (what npm start runs).',
  options: {
    port: { type: 'string', short: 'p', arg: '<port>', help: 'port to listen on (overrides server.port and PORT)' },
  },
  run: async (values) => {
    const text = stringValue(values, 'port');
    const port = text === undefined ? undefined : Number(text);
    if (port !== undefined && (text?.trim() === '' || !Number.isInteger(port) || port < 0 || port > 65535)) {
      throw new UsageError(`--port: must be a whole number from 0 to 65535, got ${JSON.stringify(text)}`, serveCommand);
    }
    await serve(configFrom(values, port === undefined ? {} : { port }));
    return undefined; // keeps running until a signal
  },
};

export async function serve(config: Config): Promise<void> {
  const log = createLogger(config.log.level);
  // Listening for signals before the start, so a stop during the first scan is graceful too.
  let stopping = false;
  const starting = new AbortController();
  const stop = (signal: string): void => {
    if (stopping) {
      // A second Ctrl-C means "now".
      log.warn({ signal }, 'second signal; exiting without waiting');
      process.exit(1);
    }
    stopping = true;
    log.info({ signal }, 'stopping');
    // A first scan still running gives up, so that `started` settles and close() can begin.
    starting.abort();
    const timer = setTimeout(() => {
      log.warn('shutdown took too long; exiting');
      process.exit(1);
    }, SHUTDOWN_LIMIT_MS);
    timer.unref();
    started
      .then((service) => service.close())
      .then(
        () => {
          log.info('stopped');
          process.exit(0);
        },
        (err: unknown) => {
          log.error({ err }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  const started = startService(config, log, { signal: starting.signal });
  await started;
}
