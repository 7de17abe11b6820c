// The access log (log.requests): one `request` line per response, fast path and Express alike. Off by
// default: a feed host answers many small conditional requests, and most setups log them at the proxy.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../log.js';

export function accessLog(log: Logger): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const start = performance.now();
    // Bytes as nginx's $bytes_sent: what went to the connection for this response, headers included.
    // The fast path writes its headers as a prepared list, which getHeader() cannot read back.
    const written = req.socket.bytesWritten;
    // 'close', not 'finish': a response the client abandoned is logged too, marked aborted.
    res.once('close', () => {
      log.info(
        {
          method: req.method,
          path: req.url,
          status: res.statusCode,
          bytes: req.socket.bytesWritten - written,
          ms: Math.round((performance.now() - start) * 100) / 100,
          ...(res.writableFinished ? {} : { aborted: true }),
        },
        'request',
      );
    });
  };
}
