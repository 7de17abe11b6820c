// `feedwright publish s3://bucket/prefix`: one rescan as `build` does, then the tree into a bucket
// (publish/bucket/publish.ts), only what differs; then the CDN purge and the WebSub pings for what changed,
// in the order publish/notify.ts keeps for serve too, waited for with their retries. Every failure of the publish is one line and exit 1; a purge that fails for good is a
// warning and exit 3 (the bucket is published: a second run would find nothing to purge); pings that fail
// are a warning only, as in `serve` (hubs are third parties, and subscribers still poll).
import { PublishFailure, UsageError } from '../errors.js';
import { cacheControl } from '../http/send-entry.js';
import { noPostsWarning } from '../posts/posts-dir.js';
import type { Config } from '../config/schema.js';
import { createLogger } from '../log.js';
import { publishSnapshot, type PublishResult } from '../publish/bucket/publish.js';
import { purgerFor } from '../publish/from-config.js';
import { Notifier, type Told } from '../publish/notify.js';
import { WebSubPublisher } from '../publish/websub.js';
import { publicUrl } from '../render/urls.js';
import { S3Store } from '../publish/bucket/s3-store.js';
import { connectionOf, parseTarget, targetText } from '../publish/bucket/target.js';
import { onRequestForBucket } from './saved-queries.js';
import { buildKeyOrUnique } from '../cache/build-key.js';
import { stringValue, type Run, type Values } from './args.js';
import { configFrom } from './config-from.js';
import { problemLine } from './display.js';
import { rescanOnce } from './rescan-once.js';

export interface PublishIo {
  /** AWS_ENDPOINT_URL(_S3), AWS_REGION and FEEDWRIGHT_S3_PATH_STYLE; the SDK reads its credentials itself. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly out: { write(s: string): unknown };
  readonly err: { write(s: string): unknown };
  /** Aborted: the bucket calls in flight end, a purge (its command's process group too) and the pings stop. */
  readonly signal?: AbortSignal;
}

export const run: Run = async (values) => {
  // The SDK warns on every run under Node < 22 about SDK releases after January 2027, in nine lines that
  // bury the one this command prints; the version installed supports Node 20. Setting it yourself wins.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  // Ctrl-C, or a CI runner's SIGTERM: what this command started ends with it (a purge command runs in a
  // process group of its own, which the terminal's signal does not reach). A second signal ends it at once.
  const stop = new AbortController();
  const onSignal = (): void => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await publish(values, { env: process.env, out: process.stdout, err: process.stderr, signal: stop.signal });
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
};

export async function publish(values: Values, io: PublishIo): Promise<number> {
  const say = (s: string): void => void io.err.write(`feedwright publish: ${s}\n`);
  const config = configFrom(values, { defaults: (m) => say(`warning: ${m}`) });
  const text = stringValue(values, 'target') ?? config.publish.target;
  if (text === undefined) throw new UsageError('name the bucket: publish s3://bucket/prefix (or publish.target in the config)', 'publish');
  const target = parseTarget(text);
  if (typeof target === 'string') throw new UsageError(target, 'publish');
  const dryRun = values['dry-run'] === true;
  const deleting = config.publish.delete && values['no-delete'] !== true;
  const started = performance.now();

  const { result, snapshot } = await rescanOnce(config, 'publish');
  for (const p of result.problems) io.err.write(`${problemLine(config, p)}\n`);
  if (result.ok && result.files === 0) say(`warning: ${noPostsWarning(config.posts)}`);
  if (!snapshot) {
    say(`the rescan failed; ${targetText(target)} is left as it was`);
    return 1;
  }
  const { timeoutMs, connectTimeoutMs } = config.publish;
  const store = new S3Store(target, connectionOf(config.publish, io.env), { timeoutMs, connectTimeoutMs });
  const announce = announcer(config, { ping: values['no-ping'] !== true, env: io.env, warn: (m) => say(`warning: ${m}`) });
  // A stop ends the bucket calls in flight, a purge (its command's process group too) and the pings.
  const stopStore = (): void => {
    store.close();
    void announce.notifier.close(0);
  };
  io.signal?.addEventListener('abort', stopStore, { once: true });
  if (io.signal?.aborted) stopStore();
  // Archive pages and saved queries are known by what made them, this code included (archiveInputs).
  const build = await buildKeyOrUnique();
  try {
    const upload = (): Promise<PublishResult> =>
      publishSnapshot(snapshot, store, {
        // The server's own value, so a CDN and a browser cache the bucket's copy as they would the server's.
        cacheControl: cacheControl(config.cache),
        gzip: config.publish.gzip,
        delete: deleting,
        concurrency: config.publish.concurrency,
        aliases: config.feeds.aliases.map((a) => a.path),
        dryRun,
        warn: (m) => say(`warning: ${m}`),
        // Archive pages too, as `build` writes them: the feeds link to them (prev-archive); and saved queries.
        onRequest: onRequestForBucket(config, build),
      });
    if (dryRun) {
      const done = await upload();
      printPlan(done, io);
      io.out.write(`feedwright publish: ${summary(done, dryRun, deleting)} → ${targetText(target)}, ${Math.round(performance.now() - started)} ms\n`);
      return 0;
    }
    const { result: done, told } = await announce.notifier.uploadOnce(upload);
    const pings = await announce.finish(told);
    const ms = Math.round(performance.now() - started);
    io.out.write(`feedwright publish: ${summary(done, dryRun, deleting)}${toldText(told, pings)} → ${targetText(target)}, ${ms} ms\n`);
    return told.purge?.ok === false ? 3 : 0;
  } catch (err) {
    if (!(err instanceof PublishFailure)) throw err;
    say(`${targetText(target)}: ${err.reason}; ${err.outcome}`);
    // The new version is in the bucket even so (its old objects are left): the CDN and hubs heard of it.
    await announce.finish(undefined);
    return 1;
  } finally {
    io.signal?.removeEventListener('abort', stopStore);
    store.close();
  }
}

interface Pings {
  readonly hubs: number;
  readonly failed: number;
}

/**
 * The Notifier for one publish: the purge (publish.purge) and the hubs unless --no-ping. `finish` waits for
 * the pings' retries and says, once per hub, how many failed for good (hubs are third parties, and
 * subscribers still poll: a warning, not a failure), and what a failed purge leaves.
 */
function announcer(
  config: Config,
  options: { readonly ping: boolean; readonly env: Readonly<Record<string, string | undefined>>; readonly warn: (message: string) => void },
): { readonly notifier: Notifier; finish(told: Told | undefined): Promise<Pings> } {
  const log = createLogger('silent');
  const failures = new Map<string, { count: number; last: string }>();
  const hubs =
    options.ping && config.websub.hubs.length > 0
      ? new WebSubPublisher({
          ...config.websub,
          log,
          outcome: (outcome, ping) => {
            if (outcome !== 'failed') return;
            const f = failures.get(ping.hub) ?? { count: 0, last: '' };
            failures.set(ping.hub, { count: f.count + 1, last: ping.failure ?? '' });
          },
        })
      : undefined;
  const purger = config.publish.purge ? purgerFor(config.publish.purge, options.env, log) : undefined;
  const notifier = new Notifier({ config, log, hubs, purger, publicUrl: (path) => publicUrl(config, path) });
  return {
    notifier,
    async finish(told) {
      await notifier.idle();
      await notifier.close(0);
      const purge = told?.purge;
      if (purge && !purge.ok) {
        const tries = purge.attempts > 1 ? ` (${purge.attempts} attempts)` : '';
        options.warn(`${purge.reason ?? 'purge failed'}${tries}; the CDN may serve the old copies of ${purge.urls} URLs until they expire (cache.maxAge)`);
      }
      let failed = 0;
      for (const [hub, f] of failures) {
        failed += f.count;
        options.warn(
          `websub: ${hub} was not told of ${f.count} of ${told?.pinged ?? 0} changed feeds (${f.last}); they learn of the change when they next poll`,
        );
      }
      return { hubs: hubs ? config.websub.hubs.length : 0, failed };
    },
  };
}

function summary(r: PublishResult, dryRun: boolean, deleting: boolean): string {
  const gone = r.plan.delete.length;
  if (dryRun) {
    return `would upload ${r.plan.upload.length}, ${deleting ? `delete ${gone}` : `keep ${gone} gone (--no-delete)`}, leave ${r.plan.unchanged.length} unchanged (dry run)`;
  }
  const kept = deleting ? '' : `, ${gone} kept (--no-delete)`;
  return `${r.uploaded} uploaded (${r.uploadedBytes} bytes), ${r.deleted} deleted, ${r.plan.unchanged.length} unchanged${kept}`;
}

function toldText({ purge, pinged }: Told, pings: Pings): string {
  const parts: string[] = [];
  if (purge) parts.push(purge.ok ? `${purge.urls} URLs purged` : `purge of ${purge.urls} URLs failed`);
  if (pinged > 0 && pings.hubs > 0) {
    const failed = pings.failed > 0 ? ` (${pings.failed} pings failed)` : '';
    parts.push(`${pinged} feeds pinged at ${pings.hubs} ${pings.hubs === 1 ? 'hub' : 'hubs'}${failed}`);
  }
  return parts.map((p) => `, ${p}`).join('');
}

function printPlan(r: PublishResult, io: PublishIo): void {
  for (const u of r.plan.upload) io.out.write(`upload ${u.rel} (${u.reason})\n`);
  for (const rel of r.plan.delete) io.out.write(`delete ${rel}\n`);
}
