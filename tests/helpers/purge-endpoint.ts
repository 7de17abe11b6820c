// A CDN purge API stand-in on 127.0.0.1, port 0: records each call and answers as the test says, with a
// Cloudflare-like JSON body.
import http from 'node:http';
import { listenLocal } from './port.js';

export interface PurgeCall {
  readonly method: string | undefined;
  readonly url: string | undefined;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/** An API that quotes the request back in its error, as some do: its URL, headers and body, as JSON. */
export function echo(call: PurgeCall): string {
  return JSON.stringify({ success: false, error: 'invalid request', request: call });
}

export interface PurgeEndpoint {
  readonly url: string;
  readonly calls: PurgeCall[];
  close(): Promise<void>;
}

/**
 * Answers `status` (or the status for the n-th call, 0-based); `onCall` may look around (at the bucket,
 * say) before the answer goes out. `answer` makes the body (default: Cloudflare-like).
 */
export async function purgeEndpoint(
  status: number | ((n: number) => number) = 200,
  onCall?: (call: PurgeCall) => Promise<void>,
  answer?: (call: PurgeCall) => string,
): Promise<PurgeEndpoint> {
  const calls: PurgeCall[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const call = { method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      void (onCall?.(call) ?? Promise.resolve()).then(() => {
        res.statusCode = typeof status === 'number' ? status : status(calls.length);
        calls.push(call);
        if (answer) return void res.end(answer(call));
        res.end(res.statusCode === 200 ? '{"success":true}' : '{"success":false,"errors":[{"code":10000,"message":"Authentication error"}]}');
      });
    });
  });
  const port = await listenLocal(server);
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
