// The one place errors become responses: a short plain-text body, never a stack trace.
import type { ServerResponse } from 'node:http';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { FeedwrightError } from '../errors.js';

/**
 * A short plain-text answer, with node's own API so the listener can send it before Express runs.
 * `nosniff` on errors too: no browser may read an error text as HTML.
 */
export function sendText(res: ServerResponse, status: number, text: string, headers: Readonly<Record<string, string>> = {}): void {
  sendNoStore(res, status, 'text/plain; charset=utf-8', Buffer.from(`${text}\n`, 'utf8'), headers);
}

/** An answer no cache may keep (an error, a probe), with `nosniff`; a HEAD gets the headers alone. */
export function sendNoStore(
  res: ServerResponse,
  status: number,
  type: string,
  body: Buffer,
  headers: Readonly<Record<string, string>> = {},
  head = false,
): void {
  res.statusCode = status;
  res.setHeader('Content-Type', type);
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Content-Length', body.length);
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  if (head) res.end();
  else res.end(body);
}

export const notFound: RequestHandler = (_req, res) => {
  sendText(res, 404, 'Not found');
};

/** A client's error with its own status, message and headers; anything else is a bare 500, reported to `onError`. */
export function sendError(res: ServerResponse, err: unknown, onError: (err: unknown) => void): void {
  // Express and body parsers mark client errors with a status (400 malformed URL, 413 body too large).
  const status =
    err instanceof FeedwrightError ? err.status : typeof (err as { status?: unknown }).status === 'number' ? (err as { status: number }).status : 500;
  if (status >= 500) onError(err);
  if (res.headersSent) {
    res.end();
    return;
  }
  const message = err instanceof FeedwrightError && status < 500 ? err.message : status < 500 ? 'Bad request' : 'Internal server error';
  sendText(res, status >= 400 && status < 600 ? status : 500, message, err instanceof FeedwrightError ? err.headers : {});
}

export function errorHandler(onError: (err: unknown) => void): ErrorRequestHandler {
  return (err: unknown, _req, res, _next) => sendError(res, err, onError);
}
