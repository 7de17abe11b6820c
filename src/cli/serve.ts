// `feedwright serve`: start the service, stop cleanly on SIGTERM/SIGINT: the schedule and the watcher stop,
// no new connection is accepted, requests and rescans in flight finish, and the process exits 0.
import type { Config } from '../config/schema.js';
import { createLogger } from '../log.js';
import { startService } from '../service.js';

/** Graceful shutdown must finish within this, or the process exits anyway. */
const SHUTDOWN_LIMIT_MS = 10_000;

export async function serve(config: Config): Promise<void> {
  const log = createLogger(config.log.level);
  // Listening for signals before the start, so a stop during the first scan is graceful too.
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) {
      // A second Ctrl-C means "now".
      log.warn({ signal }, 'second signal; exiting without waiting');
      process.exit(1);
    }
    stopping = true;
    log.info({ signal }, 'stopping');
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
  const started = startService(config, log);
  await started;
}
