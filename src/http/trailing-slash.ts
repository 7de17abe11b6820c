// `/tags/<slug>` → 301 `/tags/<slug>/`: a page is a folder, and its relative links only resolve from
// the slash form. Only paths whose slash form the snapshot holds (or `rendersOnRequest` knows: the HTML
// pages of older posts, which the snapshot never holds) are redirected; the rest fall through.
import type { RequestHandler } from 'express';
import { encodePath } from '../scopes/scopes.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import type { SnapshotStore } from '../snapshot/store.js';
import { decodeRequestPath } from './request-path.js';

/** `rendersOnRequest`: whether a path the snapshot does not hold would be served; it must not render it. */
export function trailingSlash(
  store: SnapshotStore,
  cacheControlValue: string,
  rendersOnRequest?: (snapshot: Snapshot, path: string) => boolean,
): RequestHandler {
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const path = decodeRequestPath(req.originalUrl);
    const snapshot = store.current;
    if (path.endsWith('/') || !snapshot) return next();
    if (!snapshot.entries.has(`${path}/`) && !rendersOnRequest?.(snapshot, `${path}/`)) return next();
    const q = req.originalUrl.indexOf('?');
    // The canonical encoding of the known path, never the client's bytes: the Location cannot point elsewhere.
    const location = encodePath(`${path}/`) + (q === -1 ? '' : req.originalUrl.slice(q));
    res.status(301).set({
      Location: location,
      'Cache-Control': cacheControlValue,
      'Content-Type': 'text/plain; charset=utf-8',
      'X-Content-Type-Options': 'nosniff',
    });
    res.send(`Moved permanently to ${location}\n`);
  };
}
