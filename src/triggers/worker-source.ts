// The service's PostSource: a small pool of worker threads, each owning a stable share of the files.
import { Worker } from 'node:worker_threads';
import type { Post } from '../posts/post.js';
import { partitionOf, type ScanDelta, type ScanOptions } from '../posts/scan.js';
import type { PreparedContent } from '../render/feed-document.js';
import { contentRequest, reviveError, type ContentAnswer, type ContentRequest, type PostSource } from './post-source.js';
import type { WorkerCall, WorkerInit } from './post-worker.js';

// Built, the worker is the .js file beside this one; from the TypeScript sources (tests, development) a
// small entry registers tsx in the worker first.
const WORKER_URL = new URL(import.meta.url.endsWith('.ts') ? './post-worker-dev.mjs' : './post-worker.js', import.meta.url);

type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: { name: string; code?: string; message: string } };
type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };

class PostWorker {
  readonly #worker: Worker;
  readonly #pending = new Map<number, Pending>();
  #next = 0;

  constructor(init: WorkerInit) {
    this.#worker = new Worker(WORKER_URL, { workerData: init });
    this.#worker.on('message', (reply: Reply) => {
      const pending = this.#pending.get(reply.id);
      if (!pending) return;
      this.#pending.delete(reply.id);
      if (reply.ok) pending.resolve(reply.value);
      else pending.reject(reviveError(reply.error));
    });
    // A crashed worker fails what it was doing; the rescan reports it and the last snapshot stays.
    this.#worker.on('error', (err) => this.#failAll(err));
    this.#worker.on('exit', (code) => this.#failAll(new Error(`post worker exited with code ${code}`)));
  }

  call<T>(request: WorkerCall): Promise<T> {
    const id = this.#next++;
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.#worker.postMessage({ ...request, id });
    });
  }

  async terminate(): Promise<void> {
    await this.#worker.terminate();
  }

  #failAll(err: Error): void {
    for (const p of this.#pending.values()) p.reject(err);
    this.#pending.clear();
  }
}

export class WorkerSource implements PostSource {
  readonly #workers: PostWorker[];

  constructor(options: ScanOptions, count: number) {
    this.#workers = Array.from({ length: count }, (_, index) => new PostWorker({ options, partition: { index, count } }));
  }

  scan(): Promise<ScanDelta[]> {
    return Promise.all(this.#workers.map((w) => w.call<ScanDelta>({ op: 'scan' })));
  }

  async contents(posts: readonly Post[]): Promise<ContentAnswer[]> {
    const shares: ContentRequest[][] = this.#workers.map(() => []);
    for (const post of posts) shares[partitionOf(post.path, this.#workers.length)]?.push(contentRequest(post));
    const answers = await Promise.all(this.#workers.map((w, i) => w.call<ContentAnswer[]>({ op: 'contents', requests: shares[i] ?? [] })));
    // Structured cloning turns Buffers into plain Uint8Arrays; view them as Buffers again, without copying.
    return answers.flat().map((a) => ('content' in a ? { ...a, content: asBuffers(a.content) } : a));
  }

  // A worker handles its messages in order, so the reset is done before the next scan.
  reset(): void {
    for (const w of this.#workers) void w.call({ op: 'reset' }).catch(() => {});
  }

  async close(): Promise<void> {
    await Promise.all(this.#workers.map((w) => w.terminate()));
  }
}

function asBuffers(c: PreparedContent): PreparedContent {
  const view = (u: Uint8Array): Buffer => Buffer.from(u.buffer, u.byteOffset, u.byteLength);
  return { ...c, xml: view(c.xml), json: view(c.json) };
}
