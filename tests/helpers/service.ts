// Starts the real service on 127.0.0.1, port 0, without the cron schedule; tests close it.
import http from 'node:http';
import type { Config } from '../../src/config/schema.js';
import { createLogger } from '../../src/log.js';
import { startService, type Service, type ServiceOptions } from '../../src/service.js';

export async function startTestService(config: Config, now?: () => number, options: Omit<ServiceOptions, 'now'> = {}): Promise<Service> {
  return startService(config, createLogger('silent'), { schedule: false, ...options, ...(now ? { now } : {}) });
}

export interface Fetched {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Buffer;
  readonly text: string;
}

/**
 * One request with node:http, which (unlike fetch) never decompresses: tests see the exact bytes and
 * Content-Encoding. Sends `Accept-Encoding: identity` unless told otherwise.
 */
export function get(url: string, headers: Record<string, string> = {}, method = 'GET', body?: string | Buffer): Promise<Fetched> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers: { 'accept-encoding': 'identity', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const out = new Headers();
        for (const [k, v] of Object.entries(res.headers)) {
          if (v !== undefined) out.set(k, Array.isArray(v) ? v.join(', ') : v);
        }
        const bytes = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, headers: out, body: bytes, text: bytes.toString('utf8') });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}
