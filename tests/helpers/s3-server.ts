// A real S3-speaking server (s3rver) on 127.0.0.1, port 0, data in a temporary folder; and a TCP relay in
// front of it that a test can cut mid-upload, as a store that goes away would.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import { listenLocal } from './port.js';

/** s3rver's built-in account: it checks the access key id (SigV4 signatures it does not verify). */
export const S3_KEY = 'S3RVER';

/**
 * The SDK reads its credentials from the environment: s3rver's account, and nothing of the machine's own
 * (a profile, a session token, an endpoint) that could send a test elsewhere. The SDK's notice about
 * Node 20 is silenced, as `feedwright publish` does.
 */
export function useS3rverCredentials(): void {
  process.env.AWS_ACCESS_KEY_ID = S3_KEY;
  process.env.AWS_SECRET_ACCESS_KEY = S3_KEY;
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  for (const name of ['AWS_PROFILE', 'AWS_SESSION_TOKEN', 'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_S3']) delete process.env[name];
}

const BUNDLED = path.resolve(import.meta.dirname, '../../posts');

/** A copy of the bundled posts/ that a test may edit, in a fresh temporary folder named after `prefix`. */
export function bundledPostsCopy(prefix: string): string {
  const posts = path.join(mkdtempSync(path.join(os.tmpdir(), prefix)), 'posts');
  cpSync(BUNDLED, posts, { recursive: true });
  return posts;
}

export interface S3Server {
  readonly endpoint: string;
  close(): Promise<void>;
}

export async function startS3(buckets: readonly string[]): Promise<S3Server> {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'fw-s3rver-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: buckets.map((name) => ({ name })) });
  const { port } = await server.run();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: async () => {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

export interface Relay {
  readonly endpoint: string;
  /** Requests of the method counted (PUT unless told) seen so far. */
  readonly counted: number;
  close(): Promise<void>;
}

/** Relays to `target`; after `cutAfter` requests of `method` it drops every connection and stops listening. */
export async function startRelay(target: string, cutAfter: number, method: 'PUT' | 'DELETE' = 'PUT'): Promise<Relay> {
  const { hostname, port } = new URL(target);
  const start = `${method} `;
  const sockets = new Set<net.Socket>();
  let counted = 0;
  let cut = false;
  const server = net.createServer((client) => {
    if (cut) return void client.destroy();
    const upstream = net.connect(Number(port), hostname);
    sockets.add(client).add(upstream);
    client.on('data', (chunk: Buffer) => {
      // Counts request starts; a body chunk starting with "PUT " or "DELETE " is not one these tests send.
      if (chunk.subarray(0, start.length).toString('latin1') === start && ++counted > cutAfter) return void stop();
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => void client.write(chunk));
    for (const s of [client, upstream]) {
      s.on('error', () => undefined);
      s.on('close', () => {
        sockets.delete(s);
        client.destroy();
        upstream.destroy();
      });
    }
  });
  const stop = (): void => {
    if (cut) return;
    cut = true;
    server.close();
    for (const s of sockets) s.destroy();
  };
  const listening = await listenLocal(server);
  return {
    endpoint: `http://127.0.0.1:${listening}`,
    get counted() {
      return counted;
    },
    close: async () => {
      stop();
      await new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
    },
  };
}

export interface Stallable {
  readonly endpoint: string;
  /** Requests held unanswered since the store stalled (a write on a connection while stalled). */
  readonly stalled: number;
  /** From now on, as a store stopped with SIGSTOP would: connections are accepted, nothing is answered. */
  stall(): void;
  /** New requests are relayed again; those held stay unanswered (the client must give them up). */
  resume(): void;
  close(): Promise<void>;
}

/** Relays to `target` until stall(): then it accepts connections and answers nothing on them. */
export async function startStallable(target: string): Promise<Stallable> {
  const { hostname, port } = new URL(target);
  const sockets = new Set<net.Socket>();
  let stalling = false;
  let stalled = 0;
  const server = net.createServer((client) => {
    sockets.add(client);
    client.on('error', () => undefined);
    client.on('close', () => sockets.delete(client));
    // A connection that wrote while stalled is dead for good, as a request in a stopped server's buffer.
    let held = false;
    const hold = (): void => {
      if (!held) stalled++;
      held = true;
    };
    if (stalling) {
      client.on('data', hold);
      return;
    }
    const upstream = net.connect(Number(port), hostname);
    sockets.add(upstream);
    upstream.on('error', () => undefined);
    client.on('data', (chunk: Buffer) => (stalling || held ? hold() : upstream.write(chunk)));
    upstream.on('data', (chunk: Buffer) => {
      if (!held) client.write(chunk);
    });
    for (const s of [client, upstream]) {
      s.on('close', () => {
        sockets.delete(s);
        client.destroy();
        upstream.destroy();
      });
    }
  });
  const listening = await listenLocal(server);
  return {
    endpoint: `http://127.0.0.1:${listening}`,
    get stalled() {
      return stalled;
    },
    stall: () => {
      stalling = true;
    },
    resume: () => {
      stalling = false;
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
