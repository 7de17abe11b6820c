// Triggers shared on one Redis channel: a trigger one replica accepted (webhook, watcher) makes every other
// replica rescan too, and `?wait=all` collects a `swapped` reply from every replica live at the call.
import { randomBytes } from 'node:crypto';
import type { RescanResult } from '../rescan/rescanner.js';
import { snapshotId } from '../snapshot/snapshot-id.js';
import type { SnapshotStore } from '../snapshot/store.js';
import { parseMessage, type Announcement, type Message } from './messages.js';
import type { RedisLink } from './redis-link.js';

/** The `?wait=all` answer: 200 once every live replica swapped, else 504 naming those that did not. */
export interface WaitAllAnswer {
  readonly status: 200 | 504;
  readonly body: unknown;
}

interface Reply {
  readonly id: string;
  readonly snapshotId: string | null;
  readonly ok: boolean;
}

export interface RelayDeps {
  readonly id: string;
  readonly channel: string;
  readonly link: RedisLink;
  readonly store: SnapshotStore;
  /** This replica's own Rescanner.trigger: relayed triggers coalesce with local ones. */
  readonly trigger: (reason: string) => Promise<RescanResult>;
  /** Every replica live now (membership.ts); undefined when Redis does not answer. */
  readonly live: () => Promise<readonly Announcement[] | undefined>;
  readonly waitSeconds: number;
}

export class Relay {
  readonly #d: RelayDeps;
  readonly #waiting = new Map<string, (reply: Reply) => void>();
  /** Resolved by close(): a `?wait=all` in flight answers with what it has instead of holding the stop. */
  #stop: () => void = () => {};
  readonly #stopped = new Promise<void>((resolve) => (this.#stop = resolve));
  #closed = false;

  constructor(deps: RelayDeps) {
    this.#d = deps;
  }

  /** A trigger this replica accepted: every other replica rescans too. */
  relay(reason: string, request?: string): void {
    const message: Message = { type: 'trigger', from: this.#d.id, reason, ...(request ? { request } : {}) };
    // Redis down or slow: the others catch up on their schedule, and with one rescan when it is back.
    void this.#d.link.call((cmd) => cmd.publish(this.#d.channel, JSON.stringify(message)));
  }

  /**
   * Rescans here and everywhere, and answers once every replica live at the call has swapped, or after
   * cluster.waitSeconds with those that have not.
   */
  async waitAll(reason: string, local: (reason: string) => Promise<RescanResult>, report: (r: RescanResult) => unknown): Promise<WaitAllAnswer> {
    const live = await this.#d.live();
    const run = local(reason);
    if (live === undefined) {
      const r = await run;
      return { status: 504, body: { status: 'redis-unavailable', replicas: [this.#reply(r)], missing: null, rescan: report(r) } };
    }
    const others = new Set(live.map((a) => a.id).filter((id) => id !== this.#d.id));
    const request = randomBytes(8).toString('hex');
    const replies = new Map<string, Reply>();
    let settle: () => void = () => {};
    const allIn = new Promise<void>((resolve) => (settle = resolve));
    this.#waiting.set(request, (reply) => {
      if (!others.has(reply.id)) return;
      replies.set(reply.id, reply);
      if (replies.size === others.size) settle();
    });
    if (others.size === 0) settle();
    this.relay(reason, request);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, this.#d.waitSeconds * 1000)));
    try {
      const r = await run;
      await Promise.race([allIn, timeout, this.#stopped]);
      const answered = [this.#reply(r), ...replies.values()];
      const missing = [...others].filter((id) => !replies.has(id));
      const ids = new Set(answered.map((a) => a.snapshotId));
      const body = {
        status: missing.length === 0 ? 'swapped' : 'timeout',
        same: missing.length === 0 && ids.size === 1,
        replicas: answered,
        missing,
        rescan: report(r),
      };
      return { status: missing.length === 0 ? 200 : 504, body };
    } finally {
      clearTimeout(timer);
      this.#waiting.delete(request);
    }
  }

  /** A message on the channel: a reply for a wait in progress, or another replica's trigger. */
  heard(text: string): void {
    const m = parseMessage(text);
    if (!m || this.#closed) return;
    if (m.type === 'swapped') {
      this.#waiting.get(m.request)?.({ id: m.from, snapshotId: m.snapshotId, ok: m.ok });
      return;
    }
    // Our own trigger has already run here; relaying it again would loop.
    if (m.from === this.#d.id) return;
    this.#d
      .trigger(`cluster:${m.reason}`)
      .then((r) => {
        if (m.request === undefined) return;
        const reply: Message = { type: 'swapped', from: this.#d.id, request: m.request, snapshotId: this.#reply(r).snapshotId, ok: r.ok };
        return this.#d.link.call((cmd) => cmd.publish(this.#d.channel, JSON.stringify(reply)));
      })
      .catch(() => undefined);
  }

  close(): void {
    this.#closed = true;
    this.#stop();
  }

  #reply(r: RescanResult): Reply {
    const current = this.#d.store.current;
    return { id: this.#d.id, snapshotId: current ? snapshotId(current) : null, ok: r.ok };
  }
}
