// The pool of worker threads that share the big jobs of a rescan with the main thread: reading and parsing
// the files of a cold scan, and rendering the posts the feeds show. They keep no state (the per-file cache stays on
// the main thread), so work is handed out in chunks to whoever is free, and the results are the same
// bytes whichever thread made them. Threads start when a big job comes (the main thread works meanwhile),
// and stop when idle, to give their memory back.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { cached } from '../../memo.js';
import { runSliced, Slicer } from '../../slices.js';
import type { WorkerCall, WorkerInit, WorkerReply } from './messages.js';

// Built, the worker is the .js file beside this one; from the TypeScript sources (tests, development) a
// small entry registers tsx in the thread first.
const WORKER_URL = new URL(import.meta.url.endsWith('.ts') ? './worker-dev.mjs' : './worker.js', import.meta.url);

/** Jobs of fewer chunks than this are done on the main thread: handing them out would cost more. */
const MIN_CHUNKS_TO_SHARE = 4;
/**
 * Threads that are not running are started for jobs of this many chunks (20,000 files to read, 10,000
 * posts to render). A thread needs ~0.3 s to load its code and adds ~35 MB while it runs; measured on two
 * cores, a cold scan of 10,000 posts came out no faster with one, a cold scan of 100,000 a quarter faster.
 */
const MIN_CHUNKS_TO_START = 400;

/** Helper threads for this machine: one less than its cores (the main thread works too), at most 3. */
export function defaultWorkers(): number {
  return Math.max(0, Math.min(3, availableParallelism() - 1));
}

type Pending = { resolve: (value: unknown) => void; reject: (err: Error) => void };

class HelperThread {
  readonly #worker: Worker;
  readonly #pending = new Map<number, Pending>();
  #next = 0;
  ready = false;
  dead = false;
  readonly started: Promise<void>;
  #started!: () => void;

  constructor(init: WorkerInit) {
    this.started = new Promise((resolve) => (this.#started = resolve));
    // A small young generation: the helper's garbage is short-lived, and its memory adds to the peak.
    this.#worker = new Worker(WORKER_URL, { workerData: init, resourceLimits: { maxYoungGenerationSizeMb: 8 } });
    this.#worker.on('message', (reply: WorkerReply) => {
      if (reply.kind === 'ready') {
        this.ready = true;
        this.#started();
        return;
      }
      const pending = this.#pending.get(reply.id);
      if (!pending) return;
      this.#pending.delete(reply.id);
      if (reply.ok) pending.resolve(reply.value);
      else pending.reject(Object.assign(new Error(reply.error.message), { name: reply.error.name }));
    });
    // A crashed thread fails what it was doing; the main thread does that work again itself.
    this.#worker.on('error', (err) => this.#fail(err));
    this.#worker.on('exit', (code) => this.#fail(new Error(`helper thread exited with code ${code}`)));
  }

  call<R>(call: WorkerCall): Promise<R> {
    const id = this.#next++;
    return new Promise<R>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.#worker.postMessage({ ...call, id });
    });
  }

  get idle(): boolean {
    return this.#pending.size === 0;
  }

  async terminate(): Promise<void> {
    this.dead = true;
    await this.#worker.terminate();
  }

  #fail(err: Error): void {
    this.dead = true;
    this.ready = false;
    this.#started();
    for (const p of this.#pending.values()) p.reject(err);
    this.#pending.clear();
  }
}

export class Pool {
  readonly #init: WorkerInit;
  readonly #count: number;
  readonly #idleMs: number;
  #threads: HelperThread[] = [];
  #idleTimer: NodeJS.Timeout | undefined;
  #jobs = 0;
  #closed = false;
  /** Chunks that helper threads did (tests check that sharing happened). */
  helped = 0;

  constructor(init: WorkerInit, count: number, idleMs = 30_000) {
    this.#init = init;
    this.#count = count;
    this.#idleMs = idleMs;
  }

  /** Starts the threads if they are not running, so that they are ready when a big job comes. */
  warm(): void {
    if (this.#closed) return;
    clearTimeout(this.#idleTimer);
    this.#threads = this.#threads.filter((t) => !t.dead);
    while (this.#threads.length < this.#count) this.#threads.push(new HelperThread(this.#init));
    this.#stopWhenIdle();
  }

  /** Threads running now. */
  get running(): number {
    return this.#threads.filter((t) => !t.dead).length;
  }

  /** Settles when every thread has loaded (or failed to): for tests and the benchmark. */
  async ready(): Promise<void> {
    await Promise.all(this.#threads.map((t) => t.started));
  }

  /**
   * Runs `local` over `tasks` in chunks of `size`, on this thread between event-loop turns, while ready
   * helper threads take chunks too (`remote` says what to send them). Results come back in task order.
   * A chunk a helper fails is done again here, so a helper can only make a job faster. `prelude`, when
   * given, is sent to each helper once, before its first chunk of this job (what every chunk needs).
   * `received`, when given, takes each helper's results as they come (on this thread): what it returns is
   * kept in their place, and what it was given can be dropped at once.
   */
  async share<T, R>(
    tasks: readonly T[],
    size: number,
    local: (chunk: readonly T[]) => R[],
    remote: (chunk: readonly T[]) => WorkerCall,
    options: {
      readonly signal?: AbortSignal | undefined;
      readonly prelude?: WorkerCall | undefined;
      readonly received?: (results: R[], chunk: readonly T[]) => R[];
    } = {},
  ): Promise<R[]> {
    const { signal, prelude, received } = options;
    const chunks: T[][] = [];
    for (let i = 0; i < tasks.length; i += size) chunks.push(tasks.slice(i, i + size));
    const results: R[][] = new Array<R[]>(chunks.length);
    const least = this.running > 0 ? MIN_CHUNKS_TO_SHARE : MIN_CHUNKS_TO_START;
    const shared = !this.#closed && this.#count > 0 && chunks.length >= least;
    if (shared) {
      this.warm();
      this.#jobs++;
    }
    let next = 0;
    // The first error, from either side, ends the job: no chunk is started after it, and it is thrown
    // once every chunk in flight has settled (never left as an unhandled rejection).
    let failure: { error: unknown } | undefined;
    const fail = (error: unknown): void => {
      failure ??= { error };
      next = chunks.length;
    };
    const working = new Set<HelperThread>();
    const runs: Promise<void>[] = [];
    const preludes = new Map<HelperThread, Promise<unknown>>();
    const run = async (thread: HelperThread): Promise<void> => {
      while (next < chunks.length && !thread.dead) {
        const i = next++;
        const chunk = chunks[i] as T[];
        try {
          if (prelude) {
            await cached(preludes, thread, (t) => t.call(prelude));
          }
          const answer = await thread.call<R[]>(remote(chunk));
          results[i] = received ? received(answer, chunk) : answer;
          this.helped++;
        } catch {
          // Through a Slicer, as this thread's own part: `local` may do a chunk in several calls.
          results[i] = await new Slicer().run(chunk, local, signal);
        }
      }
    };
    // This thread's part goes in slices of about SLICE_MS, however long each task takes (see Slicer).
    const slicer = new Slicer();
    try {
      for (;;) {
        signal?.throwIfAborted();
        if (shared) {
          for (const thread of this.#threads) {
            if (!thread.ready || working.has(thread)) continue;
            working.add(thread);
            // Two chunks in flight each, so a helper never waits for its next message.
            runs.push(run(thread).catch(fail), run(thread).catch(fail));
          }
        }
        if (next >= chunks.length) break;
        const i = next++;
        results[i] = await slicer.run(chunks[i] as T[], local, signal);
      }
    } catch (error) {
      fail(error);
    } finally {
      await Promise.all(runs);
      if (shared) {
        this.#jobs--;
        this.#stopWhenIdle();
      }
    }
    if (failure) throw failure.error;
    // In slices: a cold start's million outcomes in one flat() held the loop ~0.1 s.
    return runSliced(flattened(results));
  }

  /**
   * One task too big to slice (a post of megabytes to render), on a helper thread so that this one keeps
   * answering: a thread is started for it if none runs. With no helper threads allowed (posts.workers: 0)
   * or none able to start, it runs here.
   */
  async alone<R>(call: WorkerCall, local: () => R, prelude?: WorkerCall): Promise<R> {
    if (this.#closed || this.#count === 0) return local();
    this.warm();
    this.#jobs++;
    try {
      await Promise.all(this.#threads.map((t) => t.started));
      const thread = this.#threads.find((t) => t.ready && !t.dead);
      if (!thread) return local();
      try {
        if (prelude) await thread.call(prelude);
        return await thread.call<R>(call);
      } catch {
        return local();
      }
    } finally {
      this.#jobs--;
      this.#stopWhenIdle();
    }
  }

  /** Stops the threads for good: later jobs run on the main thread alone. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#stop();
  }

  async #stop(): Promise<void> {
    clearTimeout(this.#idleTimer);
    const threads = this.#threads;
    this.#threads = [];
    await Promise.all(threads.map((t) => t.terminate()));
  }

  #stopWhenIdle(): void {
    clearTimeout(this.#idleTimer);
    if (this.#jobs > 0) return;
    this.#idleTimer = setTimeout(() => {
      if (this.#jobs === 0 && this.#threads.every((t) => t.idle)) void this.#stop();
    }, this.#idleMs);
    this.#idleTimer.unref();
  }
}

/** The chunks' results in one list, yielding between chunks (run it with runSliced). */
function* flattened<R>(chunks: readonly R[][]): Generator<void, R[]> {
  const out: R[] = [];
  for (const chunk of chunks) {
    for (const result of chunk) out.push(result);
    yield;
  }
  return out;
}
