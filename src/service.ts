// The composition root: config → store → rescanner → HTTP server → schedule. The CLI's `serve` and the
// integration tests start the service through here.
import { stat } from 'node:fs/promises';
import type http from 'node:http';
import os from 'node:os';
import type { AddressInfo } from 'node:net';
import type { Config } from './config/schema.js';
import { PostsDirError } from './errors.js';
import { createApp } from './http/app.js';
import { createServer } from './http/server.js';
import { problemLines, type Logger } from './log.js';
import { SnapshotStore } from './snapshot/store.js';
import { scheduleRescans, type Schedule } from './triggers/cron.js';
import { Rescanner, scanOptionsFrom, type RescanResult } from './triggers/rescan.js';
import { WorkerSource } from './triggers/worker-source.js';

export interface ServiceOptions {
  readonly now?: () => number;
  /** Run the cron schedule (tests trigger rescans themselves). Default true. */
  readonly schedule?: boolean;
}

export interface Service {
  readonly server: http.Server;
  /** Where the server listens, e.g. http://127.0.0.1:8080/ */
  readonly url: string;
  readonly store: SnapshotStore;
  readonly rescanner: Rescanner;
  readonly schedule: Schedule | undefined;
  readonly close: () => Promise<void>;
}

export async function startService(config: Config, log: Logger, options: ServiceOptions = {}): Promise<Service> {
  const isDir = await stat(config.posts.dir).then((s) => s.isDirectory(), () => false);
  if (!isDir) {
    throw new PostsDirError(
      `posts folder not found: ${config.posts.dir} (set posts.dir in the config file, or FEEDWRIGHT_POSTS_DIR)`,
    );
  }
  const store = new SnapshotStore();
  const app = createApp({ store, config, onError: (err) => log.error({ err }, 'request failed') });
  const server = createServer(app, store, config);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.server.port, config.server.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host === '0.0.0.0' || host === '[::]' ? 'localhost' : host}:${address.port}/`;

  // Worker threads are started only once listening worked, so a failed start leaves nothing running.
  const workers = config.posts.workers ?? Math.min(4, os.availableParallelism());
  const source = workers > 0 ? new WorkerSource(scanOptionsFrom(config), workers) : undefined;
  const rescanner = new Rescanner({ config, store, ...(source ? { source } : {}), ...(options.now ? { now: options.now } : {}) });
  rescanner.on('rescan', (r) => logRescan(log, r));

  const first = await rescanner.trigger('start');
  const schedule = options.schedule === false ? undefined : scheduleRescans(config.schedule, config.timezone, rescanner);
  log.info(
    { url, posts: first.posts, documents: first.documents, problems: first.problems.length, ms: first.ms, schedule: config.schedule },
    'feedwright started',
  );

  const close = async (): Promise<void> => {
    schedule?.stop();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    await rescanner.close();
    await closed;
  };
  return { server, url, store, rescanner, schedule, close };
}

function logRescan(log: Logger, r: RescanResult): void {
  const fields = {
    reason: r.reason,
    ok: r.ok,
    ms: r.ms,
    files: r.files,
    posts: r.posts,
    documents: r.documents,
    changed: r.changed.length,
    changedPaths: r.changed.slice(0, 20),
    parsed: r.parsed,
    rendered: r.rendered,
    problems: r.problems.length,
    problemList: problemLines(r.problems),
    ...(r.heldBack ? { heldBack: r.heldBack } : {}),
  };
  if (r.heldBack) log.warn(fields, 'rescan held back: it would drop too many posts at once; the last good feeds are still served');
  else if (!r.ok) log.error(fields, 'rescan failed; the last good feeds are still served');
  else if (r.problems.some((p) => p.severity === 'error')) log.warn(fields, 'rescan');
  else log.info(fields, 'rescan');
}
