// `feedwright serve`: start the service, stop cleanly on SIGTERM/SIGINT at any moment, the start included:
// the schedule and the watcher stop, no new connection is accepted, requests and rescans in flight finish,
// git commands are ended, and the process exits 0 after a "stopped" line.
import type { Config } from '../config/schema.js';
import type { FileTable } from '../posts/scanned-file.js';
import { ListenError, UsageError } from '../errors.js';
import { createLogger, endLog } from '../log.js';
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { configHash } from '../cache/config-hash.js';
import { warmCacheFile } from '../cache/cache-path.js';
import type { Service } from '../service.js';
import { listOnHelper } from '../sources/pool/listing.js';
import { stringValue, type Run } from './args.js';
import { configFrom } from './config-from.js';
import { onStopSignal } from './stop-signals.js';
import { growHeapSlowly } from '../heap.js';

/** Graceful shutdown must finish within this, or the process exits anyway. */
const SHUTDOWN_LIMIT_MS = 10_000;

export const run: Run = async (values) => {
  const text = stringValue(values, 'port');
  const port = text === undefined ? undefined : Number(text);
  if (port !== undefined && (text?.trim() === '' || !Number.isInteger(port) || port < 0 || port > 65535)) {
    throw new UsageError(`--port: must be a whole number from 0 to 65535, got ${JSON.stringify(text)}`, 'serve');
  }
  const host = stringValue(values, 'host');
  if (host?.trim() === '') throw new UsageError('--host: must be an address or a host name, got ""', 'serve');
  let defaults: string | undefined;
  const config = configFrom(values, { ...(port === undefined ? {} : { port }), ...(host === undefined ? {} : { host }), defaults: (m) => (defaults = m) });
  await serve(config, defaults);
  return undefined; // keeps running until a signal
};

/** `defaults`: which defaults stand in for what the config does not say, logged as one warning. */
export async function serve(config: Config, defaults?: string): Promise<void> {
  const log = createLogger(config.log.level);
  if (defaults !== undefined) log.warn(defaults);
  // A stop is graceful at any moment of the start: a signal aborts `starting`, whose phase in flight (a git
  // clone, the warm cache's read, the first rescan) gives up; startService then returns, and close() ends
  // what it had started. A start that fails because of the stop is a stop, not a failure.
  const starting = new AbortController();
  // The last lines go out in order (log.ts: endLog), then the process ends.
  const exit = (code: number): void => {
    process.exitCode = code;
    void endLog(log).then(() => process.exit(code));
  };
  let started: Promise<Service> | undefined;
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      // A second Ctrl-C means "now".
      log.warn({ signal }, 'second signal; exiting without waiting');
      process.exit(1);
    }
    stopping = true;
    log.info({ signal }, 'stopping');
    starting.abort();
    const timer = setTimeout(() => {
      log.warn('shutdown took too long; exiting');
      process.exit(1);
    }, SHUTDOWN_LIMIT_MS);
    timer.unref();
    (started ?? Promise.resolve(undefined))
      .then(
        (service) => service?.close(),
        () => undefined,
      )
      .then(
        () => {
          log.info('stopped');
          exit(0);
        },
        (err: unknown) => {
          log.error({ err }, 'shutdown failed');
          exit(1);
        },
      );
  };
  // A signal that came while the modules loaded is heard here, at once: the service is then never started.
  onStopSignal(stop);
  if (stopping) return;
  const listing = warmListing(config, starting.signal);
  // The service's code loads while the helper lists (the rest of the modules: ~0.3 s).
  const { startService } = await import('../service.js');
  if (stopping) return;
  started = startService(config, log, { signal: starting.signal, growHeapSlowly, ...(listing ? { listing } : {}) });
  try {
    await started;
  } catch (err) {
    // The stop under way ends the process (above); the start's error was its doing.
    if (starting.signal.aborted) return;
    throw listenError(err, config) ?? err;
  }
}

/**
 * With a warm cache file to start from, the posts folder's listing that the start compares with it, begun
 * now on a helper thread (sources/pool/listing.ts). Not with posts.git: the checkout may change before the
 * start reads it.
 */
function warmListing(config: Config, signal: AbortSignal): Promise<FileTable | undefined> | undefined {
  const { diskCache, posts } = config;
  if (!diskCache.enabled || !diskCache.dir || posts.git) return undefined;
  const bytes = statSync(warmCacheFile(diskCache.dir, posts.dir, configHash(config)), { throwIfNoEntry: false })?.size;
  if (bytes === undefined) return undefined;
  const listing = listOnHelper(posts, signal, listingThreads(bytes, availableParallelism()));
  // Handled here too: a start that never gets to the cache leaves it unread.
  listing.catch(() => undefined);
  return listing;
}

/**
 * A cache this large (a few hundred thousand posts) is a folder worth listing on two threads. Below it the listing
 * is not what a warm start waits for, and a second thread takes the core the main thread loads and
 * decodes on: at 100,000 posts (a 99 MB cache) two threads were ready in 931-998 ms, one in 849-908.
 */
export const LISTING_SHARES_FROM_BYTES = 256 * 2 ** 20;

/** Helper threads for a warm start's listing: two for a large cache on a machine with two cores or more. */
export function listingThreads(cacheBytes: number, cores: number): number {
  return cacheBytes >= LISTING_SHARES_FROM_BYTES && cores >= 2 ? 2 : 1;
}

/** A refused listen as one line that names the fix; undefined for any other error. */
export function listenError(err: unknown, config: Config): ListenError | undefined {
  const { code, syscall } = (err ?? {}) as NodeJS.ErrnoException;
  if (syscall !== 'listen' && syscall !== 'getaddrinfo') return undefined;
  const where = `${config.server.host}:${config.server.port}`;
  switch (code) {
    case 'EADDRINUSE':
      return new ListenError(
        `cannot listen on ${where}: the port is in use (EADDRINUSE); stop what uses it, or pick another port with --port, PORT or server.port`,
      );
    case 'EACCES':
      return new ListenError(
        `cannot listen on ${where}: permission denied (EACCES); ports below 1024 need privileges: use a port of 1024 or more behind a reverse proxy, or grant CAP_NET_BIND_SERVICE`,
      );
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new ListenError(
        `cannot listen on ${where}: no such address on this machine (${code}); fix --host, HOST or server.host (0.0.0.0 listens on every address)`,
      );
    default:
      return undefined;
  }
}
