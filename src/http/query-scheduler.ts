// Renderings of query feeds, one at a time, in slices of a millisecond or two with a turn of the event
// loop between them, so that a request for a fixed feed never waits behind one for long; within the CPU
// share query feeds may take (query-budget.ts), and each within its own budget. A rendering is a
// generator that yields after each step (a few posts read, the feed assembled).
import { QueryBusyError } from '../errors.js';
import type { CpuBudget } from './query-budget.js';

export type Job<T> = Generator<void, T, void>;

export type Priority = 'request' | 'background';

interface Queued {
  readonly job: Job<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (err: unknown) => void;
  /** CPU milliseconds it has taken. */
  spent: number;
}

export interface SchedulerOptions {
  readonly budget: CpuBudget;
  /** The most CPU one job may take (queries.renderBudgetMs). */
  readonly jobBudgetMs: number;
  /** Work done before the event loop gets a turn. */
  readonly sliceMs?: number;
  /** Requests waiting at most; more are refused (503) at once. Background jobs are not counted. */
  readonly maxQueued?: number;
  readonly now?: () => number;
}

/** Slices short enough that a fixed feed waits little behind one: a request takes ~50 µs to answer. */
const SLICE_MS = 1;
const MAX_QUEUED = 64;

export class SliceScheduler {
  readonly #o: SchedulerOptions;
  readonly #now: () => number;
  readonly #requests: Queued[] = [];
  readonly #background: Queued[] = [];
  #running = false;
  #timer: NodeJS.Timeout | NodeJS.Immediate | undefined;
  #closed = false;

  constructor(options: SchedulerOptions) {
    this.#o = options;
    this.#now = options.now ?? (() => performance.now());
  }

  /** Runs `job` to its end; rejects with QueryBusyError when too many wait or it takes more than its budget. */
  run<T>(job: Job<T>, priority: Priority = 'request'): Promise<T> {
    const queue = priority === 'request' ? this.#requests : this.#background;
    if (this.#closed) return Promise.reject(new QueryBusyError('the server is stopping', 5));
    // Requests are bounded here; background work by its source (the kept feeds, the saved queries).
    if (priority === 'request' && queue.length >= (this.#o.maxQueued ?? MAX_QUEUED)) {
      job.return(undefined as T);
      return Promise.reject(new QueryBusyError('too many query feeds are being made', 5));
    }
    return new Promise<T>((resolve, reject) => {
      queue.push({ job, resolve: resolve as (value: unknown) => void, reject, spent: 0 });
      this.#wake();
    });
  }

  /** Jobs waiting or running. */
  get queued(): number {
    return this.#requests.length + this.#background.length;
  }

  /** Refuses what waits and what comes; a job in its slice ends it. */
  close(): void {
    this.#closed = true;
    if (this.#timer) {
      clearTimeout(this.#timer as NodeJS.Timeout);
      clearImmediate(this.#timer as NodeJS.Immediate);
    }
    for (const q of [...this.#requests.splice(0), ...this.#background.splice(0)]) {
      q.job.return(undefined);
      q.reject(new QueryBusyError('the server is stopping', 5));
    }
  }

  #wake(): void {
    if (this.#running || this.#timer || this.#closed) return;
    this.#timer = setImmediate(() => this.#slice());
  }

  #slice(): void {
    this.#timer = undefined;
    if (this.#closed) return;
    const wait = this.#o.budget.waitMs();
    if (wait > 0) {
      this.#timer = setTimeout(() => this.#slice(), wait);
      return;
    }
    this.#running = true;
    const started = this.#now();
    try {
      // At least one step a slice, however the clock reads: a slice that did nothing would come back for ever.
      for (let first = true; first || this.#now() - started < (this.#o.sliceMs ?? SLICE_MS); first = false) {
        const queue = this.#requests.length > 0 ? this.#requests : this.#background;
        const head = queue[0];
        if (!head) break;
        const stepStart = this.#now();
        let step: IteratorResult<void, unknown>;
        try {
          step = head.job.next();
        } catch (err) {
          queue.shift();
          head.reject(err);
          continue;
        } finally {
          const ms = this.#now() - stepStart;
          head.spent += ms;
          this.#o.budget.spend(ms);
        }
        if (step.done) {
          queue.shift();
          head.resolve(step.value);
        } else if (head.spent > this.#o.jobBudgetMs) {
          queue.shift();
          head.job.return(undefined);
          head.reject(
            new QueryBusyError(`it took more than ${this.#o.jobBudgetMs} ms (queries.renderBudgetMs); what it read is kept, so trying again goes further`, 1),
          );
        }
      }
    } finally {
      this.#running = false;
    }
    if (this.queued > 0) this.#wake();
  }
}
