// The node:http listener: snapshot documents are answered here directly, everything else goes to
// Express. Express's request pipeline alone costs ~60 % of the throughput of sending bytes from memory;
// this path is the same `sendEntry` the Express app uses, so headers and behaviour are identical.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { Express } from 'express';
import type { Config } from '../config/schema.js';
import type { SnapshotStore } from '../snapshot/store.js';
import { onClientError, onConnect } from './client-error.js';
import { sendError } from './error-handler.js';
import { decodeRequestPath } from './request-path.js';
import { cacheControl, sendEntry } from './send-entry.js';

export function createListener(app: Express, store: SnapshotStore, config: Config): (req: IncomingMessage, res: ServerResponse) => void {
  const cc = cacheControl(config.cache);
  return (req, res) => {
    let path: string;
    try {
      path = decodeRequestPath(req.url ?? '');
    } catch (err) {
      // Too long or malformed (only client errors are thrown): refused before Express parses it, with
      // the answer its error handler gives.
      sendError(res, err, () => {});
      return;
    }
    if (req.method === 'GET' || req.method === 'HEAD') {
      const entry = store.current?.entries.get(path);
      if (entry) {
        sendEntry(req, res, entry, cc);
        return;
      }
    }
    app(req, res);
  };
}

export function createServer(app: Express, store: SnapshotStore, config: Config): http.Server {
  const server = http.createServer(
    // Bounds on what a client may send; Node answers 431 past the header limit.
    { maxHeaderSize: 16 * 1024, requestTimeout: 30_000, headersTimeout: 10_000 },
    createListener(app, store, config),
  );
  server.keepAliveTimeout = 65_000;
  server.on('clientError', onClientError);
  server.on('connect', onConnect);
  return server;
}
