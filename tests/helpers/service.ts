// Starts the real service on 127.0.0.1, port 0, without the cron schedule; tests close it.
import type { Config } from '../../src/config/schema.js';
import { createLogger } from '../../src/log.js';
import { startService, type Service } from '../../src/service.js';

export async function startTestService(config: Config, now?: () => number): Promise<Service> {
  return startService(config, createLogger('silent'), { schedule: false, ...(now ? { now } : {}) });
}

export interface Fetched {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Buffer;
  readonly text: string;
}

/** fetch() that never decompresses, so tests see the exact bytes and Content-Encoding. */
export async function get(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Fetched> {
  const res = await fetch(url, { method, headers: { 'accept-encoding': 'identity', ...headers }, redirect: 'manual' });
  const body = Buffer.from(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, body, text: body.toString('utf8') };
}
