// Answers for what Node's HTTP parser refuses before any handler runs (headers over the limit, broken
// syntax, unknown methods) and for CONNECT, in the same plain-text, nosniff shape as every other error.
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';

const REASONS: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  431: 'Request Header Fields Too Large',
};

function rawResponse(status: number, extraHeaders = ''): string {
  const reason = REASONS[status] ?? 'Bad Request';
  const body = `${reason}\n`;
  return (
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${body.length}\r\n` +
    `Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n${extraHeaders}Connection: close\r\n\r\n${body}`
  );
}

/** The server's 'clientError' handler: the statuses Node itself would send, with our headers. */
export function onClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  // As Node does: answer only a connection that has not been written to (never into another response).
  if (err.code === 'ECONNRESET' || !socket.writable || (socket as Socket).bytesWritten > 0) {
    socket.destroy();
    return;
  }
  const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  socket.end(rawResponse(status));
}

/** The server's 'connect' handler: feedwright is no proxy. Without one, Node drops the connection unanswered. */
export function onConnect(_req: IncomingMessage, socket: Duplex): void {
  socket.end(rawResponse(405, 'Allow: GET, HEAD\r\n'));
}
