// The one place errors become responses: a short plain-text body, never a stack trace.
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { FeedwrightError } from '../errors.js';

export function sendText(res: Response, status: number, text: string): void {
  res.status(status).set({
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.send(`${text}\n`);
}

export const notFound: RequestHandler = (_req, res) => {
  sendText(res, 404, 'Not found');
};

export function errorHandler(onError: (err: unknown) => void): ErrorRequestHandler {
  return (err: unknown, _req, res, _next) => {
    // Express and body parsers mark client errors with a status (400 malformed URL, 413 body too large).
    const status =
      err instanceof FeedwrightError
        ? err.status
        : typeof (err as { status?: unknown }).status === 'number'
          ? (err as { status: number }).status
          : 500;
    if (status >= 500) onError(err);
    if (res.headersSent) {
      res.end();
      return;
    }
    const message = err instanceof FeedwrightError && status < 500 ? err.message : status < 500 ? 'Bad request' : 'Internal server error';
    if (err instanceof FeedwrightError) res.set(err.headers);
    sendText(res, status >= 400 && status < 600 ? status : 500, message);
  };
}
