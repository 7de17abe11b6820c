// POST /hooks/rebuild: refuse what is not allowed, read the body (bounded), authenticate, rescan. Errors go
// on to http/error-handler.ts, which alone turns them into responses.
import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import type { Config } from '../config/schema.js';
import { BadRequestError, MethodNotAllowedError, PayloadTooLargeError, RateLimitedError, UnauthorizedError } from '../errors.js';
import type { Logger } from '../log.js';
import type { WebhookOutcome } from '../metrics.js';
import { FailureLimiter, type FailureLimits, type Limiter } from './failure-limiter.js';
import type { RescanResult } from '../rescan/rescanner.js';
import type { Trigger } from './trigger.js';
import { forgeEvent } from './forge-event.js';
import { isAuthorized } from './webhook-auth.js';

export const WEBHOOK_PATH = '/hooks/rebuild';

/** Forges send a push event's JSON; 1 MiB is far above one and far below a memory problem. */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface WebhookDeps {
  readonly secret: string;
  readonly limiter: Limiter;
  /** Starts a rescan, or joins the queued one (Rescanner.trigger). */
  readonly rescan: Trigger;
  /** The `?wait=1` answer for a finished rescan. */
  readonly report: (result: RescanResult) => unknown;
  readonly log: Logger;
  readonly outcome?: (outcome: WebhookOutcome) => void;
  /** posts.git's branch: a push event for another branch is answered and ignored. */
  readonly branch?: string;
  /** `?wait=all` with several replicas (src/cluster/): rescans everywhere and answers for all of them. */
  readonly waitAll?: (reason: string) => Promise<{ readonly status: number; readonly body: unknown }>;
}

/** The handler `config.webhook` asks for, or undefined when no secret is set: the endpoint is then off. */
export function webhookFromConfig(
  config: Config,
  deps: Omit<WebhookDeps, 'secret' | 'limiter'> & { readonly shareLimiter?: (local: FailureLimiter, limits: FailureLimits) => Limiter },
): RequestHandler | undefined {
  const { secret, rateLimit } = config.webhook;
  if (secret === undefined) return undefined;
  const limits: FailureLimits = {
    failures: rateLimit.failures,
    windowMs: rateLimit.windowSeconds * 1000,
    blockMs: rateLimit.blockSeconds * 1000,
    maxKeys: rateLimit.addresses,
  };
  const local = new FailureLimiter(limits);
  return webhookHandler({ ...deps, secret, limiter: deps.shareLimiter?.(local, limits) ?? local });
}

export function webhookHandler(deps: WebhookDeps): RequestHandler {
  const count = deps.outcome ?? (() => {});
  return async (req, res) => {
    if (req.method !== 'POST') {
      count('method_not_allowed');
      throw new MethodNotAllowedError('POST');
    }
    // The client's address when server.trustProxy names the proxies in front, else the TCP peer's.
    const address = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    const retryAfter = await deps.limiter.retryAfter(address);
    if (retryAfter > 0) {
      count('rate_limited');
      throw new RateLimitedError(retryAfter);
    }
    let body: Buffer;
    try {
      body = await readBody(req, MAX_BODY_BYTES);
    } catch (err) {
      count(err instanceof PayloadTooLargeError ? 'too_large' : 'aborted');
      throw err;
    }
    if (!isAuthorized(req.headers, body, deps.secret)) {
      deps.limiter.fail(address);
      count('unauthorized');
      deps.log.warn({ address }, 'webhook: missing or wrong secret or signature');
      throw new UnauthorizedError();
    }
    deps.limiter.succeed(address);
    res.set('Cache-Control', 'no-store');
    const event = forgeEvent(req.headers, body);
    if (event.kind === 'ping') {
      count('accepted');
      res.status(200).json({ status: 'pong' });
      return;
    }
    if (event.kind === 'push' && deps.branch !== undefined && event.branch !== deps.branch) {
      count('accepted');
      res.status(202).json({ status: 'ignored', reason: `a push to ${event.ref}, not to refs/heads/${deps.branch}` });
      return;
    }
    count('accepted');
    const wait = waitFor(req.originalUrl);
    if (wait === 'all' && deps.waitAll) {
      const answer = await deps.waitAll('webhook');
      res.status(answer.status).json(answer.body);
      return;
    }
    // With posts.git the fetch names what it changed (git's diff): the push names nothing more. A plain
    // call may name the paths it changed ({"paths": [...]}, relative to the posts folder).
    const run = deps.rescan('webhook', event.kind === 'push' && deps.branch !== undefined ? [] : event.kind === 'other' ? namedPaths(body) : undefined);
    if (wait === 'no') {
      // The rescan reports its own outcome in the log; nothing waits for this promise.
      run.catch((err: unknown) => deps.log.error({ err }, 'webhook: rescan failed'));
      res.status(202).json({ status: 'queued' });
      return;
    }
    res.status(200).json(deps.report(await run));
  };
}

/** Paths a plain call may name at most: a bigger change is a whole walk anyway. */
export const MAX_NAMED_PATHS = 10_000;

/**
 * The `paths` a plain webhook call names (a JSON object's list of strings, relative to the posts folder),
 * or undefined when it names none or anything else (then the whole folder is walked).
 */
export function namedPaths(body: Buffer): string[] | undefined {
  let payload: unknown;
  try {
    payload = JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
  const paths = typeof payload === 'object' && payload !== null ? (payload as { paths?: unknown }).paths : undefined;
  if (!Array.isArray(paths) || paths.length === 0 || paths.length > MAX_NAMED_PATHS) return undefined;
  if (!paths.every((p): p is string => typeof p === 'string' && p.length > 0 && p.length <= 4096)) return undefined;
  // A path that leaves the folder, or names it whole, names everything: the whole walk decides.
  const parts = paths.map((p) => p.split(/[\\/]/).filter((part) => part !== '' && part !== '.'));
  if (paths.some((p) => p.startsWith('/')) || parts.some((p) => p.length === 0 || p.includes('..'))) return undefined;
  // `dir/` means the folder and all under it, as `dir` does (a trailing `/` means its own files only to
  // the scanner: posts/scan.ts).
  return parts.map((p) => p.join('/'));
}

/** `?wait=1` waits for this replica's rescan; `?wait=all` for every replica's (one replica alone: its own). */
function waitFor(url: string): 'no' | 'one' | 'all' {
  const q = url.indexOf('?');
  const wait = q === -1 ? null : new URLSearchParams(url.slice(q + 1)).get('wait');
  return wait === 'all' ? 'all' : wait === '1' || wait === 'true' ? 'one' : 'no';
}

/**
 * The raw body (signatures are over its exact bytes), counted as it streams: a declared or actual length
 * over `limit` stops reading at once, so no body is ever held beyond the limit.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      reject(new PayloadTooLargeError(limit));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = (err: Error): void => {
      req.off('data', onData);
      req.pause();
      reject(err);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) stop(new PayloadTooLargeError(limit));
      else chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks, size)));
    req.once('error', (err) => stop(new BadRequestError(`Bad request: ${err.message}`)));
    req.once('close', () => {
      if (!req.complete) stop(new BadRequestError('Bad request: the body was cut off'));
    });
  });
}
