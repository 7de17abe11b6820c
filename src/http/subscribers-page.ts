// GET /subscribers (docs/guides/query-feeds-and-subscribers.md): off by default; with subscribers.page `secret`, only for
// whoever knows the webhook's secret (as a Bearer token, or as the password of Basic authentication, which
// a browser asks for); `public` for anyone. Never cached.
import { createHash, timingSafeEqual } from 'node:crypto';
import { Router } from 'express';
import type { Config } from '../config/schema.js';
import { MethodNotAllowedError, PageUnauthorizedError } from '../errors.js';
import { HTML_TYPE, PAGE_CSP } from '../render/pages/layout.js';
import { renderSubscribersPage } from '../render/pages/subscribers-page.js';
import { feedTotals, type SubscriberCounts } from '../subscribers/counts.js';

export const SUBSCRIBERS_PATH = '/subscribers';

/** Feeds listed at most, the most read first. */
const ROWS = 1000;

export function subscribersRoutes(counts: SubscriberCounts, config: Config): Router {
  const router = Router();
  const secret = config.subscribers.page === 'secret' ? config.webhook.secret : undefined;
  router.get(SUBSCRIBERS_PATH, (req, res) => {
    if (config.subscribers.page === 'secret' && (secret === undefined || !authorized(req.headers.authorization, secret))) throw new PageUnauthorizedError();
    const status = counts.status();
    const page = renderSubscribersPage({ day: status.day, shared: status.shared, rows: feedTotals(counts.counts()).slice(0, ROWS) }, config);
    res.status(200).set({ 'Content-Type': HTML_TYPE, 'Cache-Control': 'no-store', 'Content-Security-Policy': PAGE_CSP }).send(page);
  });
  router.all(SUBSCRIBERS_PATH, () => {
    throw new MethodNotAllowedError('GET, HEAD');
  });
  return router;
}

/** `Bearer <secret>`, or Basic with the secret as the password (any user name), compared in constant time. */
function authorized(header: string | undefined, secret: string): boolean {
  if (header === undefined) return false;
  const bearer = /^Bearer +(\S+) *$/i.exec(header)?.[1];
  if (bearer !== undefined) return same(bearer, secret);
  const basic = /^Basic +([A-Za-z0-9+/=]+) *$/i.exec(header)?.[1];
  if (basic === undefined) return false;
  const decoded = Buffer.from(basic, 'base64').toString('utf8');
  return same(decoded.slice(decoded.indexOf(':') + 1), secret);
}

function same(given: string, secret: string): boolean {
  const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(secret));
}
