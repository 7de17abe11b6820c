// A small local WebSub hub: records every publish ping it receives and answers as the test says.
import http from 'node:http';
import { listenLocal } from './port.js';

export interface Received {
  readonly mode: string | null;
  readonly url: string | null;
  readonly contentType: string | undefined;
  readonly userAgent: string | undefined;
}

/** Status to answer the n-th ping (0-based) with, or 'hang' to never answer. */
export type HubBehaviour = (n: number, ping: Received) => number | 'hang';

export class TestHub {
  readonly received: Received[] = [];
  /** Pings answered 2xx, in order. */
  readonly accepted: Received[] = [];
  readonly #server: http.Server;
  #url = '';

  private constructor(behaviour: HubBehaviour) {
    this.#server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
        const ping: Received = {
          mode: form.get('hub.mode'),
          url: form.get('hub.url'),
          contentType: req.headers['content-type'],
          userAgent: req.headers['user-agent'],
        };
        const answer = behaviour(this.received.length, ping);
        this.received.push(ping);
        if (answer === 'hang') return;
        if (answer >= 200 && answer < 300) this.accepted.push(ping);
        res.statusCode = answer;
        res.end();
      });
    });
  }

  static async start(behaviour: HubBehaviour = () => 202): Promise<TestHub> {
    const hub = new TestHub(behaviour);
    hub.#url = `http://127.0.0.1:${await listenLocal(hub.#server)}/hub`;
    return hub;
  }

  get url(): string {
    return this.#url;
  }

  /** The feed URLs pinged and accepted, sorted. */
  acceptedUrls(): string[] {
    return this.accepted.map((p) => p.url ?? '').sort();
  }

  close(): Promise<void> {
    this.#server.closeAllConnections();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}
