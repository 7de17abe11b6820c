// Requests that `get` cannot make: a chosen source address (per-address rate limits), a body streamed in
// chunks without Content-Length, and an answer read even when the server closes before the upload ends.
import http from 'node:http';
import type { Fetched } from './service.js';

export interface RequestOptions {
  readonly method?: string;
  readonly headers?: Record<string, string>;
  /** Sent with Content-Length. */
  readonly body?: string | Buffer;
  /** Sent chunked, one write each, without Content-Length. */
  readonly chunks?: readonly Buffer[];
  /** Source address, e.g. 127.0.0.2: the whole 127/8 range is loopback on Linux. */
  readonly localAddress?: string;
}

export function request(url: string, options: RequestOptions = {}): Promise<Fetched> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = http.request(
      url,
      {
        method: options.method ?? 'POST',
        headers: { 'accept-encoding': 'identity', ...options.headers },
        ...(options.localAddress ? { localAddress: options.localAddress } : {}),
        agent: false,
      },
      (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const headers = new Headers();
          for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
          const body = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, headers, body, text: body.toString('utf8') });
        });
      },
    );
    // A server that refuses an upload may close while it is still being sent: the answer is what counts.
    req.on('error', (err) => {
      if (!answered) reject(err);
    });
    if (options.chunks) {
      for (const chunk of options.chunks) req.write(chunk);
      req.end();
    } else {
      req.end(options.body);
    }
  });
}
