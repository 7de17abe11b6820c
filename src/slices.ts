// The main thread's share of a rescan runs in slices of about SLICE_MS, with requests (and a stop signal)
// answered between them: a slice ends when its time is up, not after a count of tasks, so one rescan of
// big files holds a request no longer than one of small files.

/** How long this thread works before it lets the event loop answer requests (and signals). */
export const SLICE_MS = 10;

/**
 * Runs chunks on this thread in sub-chunks sized to take about SLICE_MS each, yielding to the event loop
 * between them: slices are bounded in time, not in tasks, so fifty big files cannot stall serving as fifty
 * small ones would not. The sub-chunk halves when one ran long and doubles when one ran short, so small
 * tasks keep their batching (one render call for many posts) and a slow task runs nearly alone.
 */
export class Slicer {
  /** Tasks per sub-chunk: a few at first, since nothing is known yet of what one costs. */
  #size = 1;
  #sliceStart = performance.now();

  /**
   * `local` may do fewer tasks than it is given, the first ones (at least one), when its time is up: a
   * post whose Liquid spends its whole budget then holds the thread alone. The rest follow.
   */
  async run<T, R>(chunk: readonly T[], local: (chunk: readonly T[]) => R[], signal: AbortSignal | undefined): Promise<R[]> {
    const out: R[] = [];
    for (let at = 0; at < chunk.length; ) {
      const size = Math.max(1, Math.min(this.#size, chunk.length - at));
      const started = performance.now();
      const part = local(at === 0 && size === chunk.length ? chunk : chunk.slice(at, at + size));
      if (part.length === 0 || part.length > size) throw new Error(`a slice of ${size} tasks gave ${part.length} results`);
      for (const r of part) out.push(r);
      at += part.length;
      const took = performance.now() - started;
      if (took > SLICE_MS) this.#size = Math.max(1, Math.floor(size / 2));
      else if (took < SLICE_MS / 2 && size >= this.#size) this.#size = size * 2;
      if (performance.now() - this.#sliceStart >= SLICE_MS) {
        await nextTurn();
        signal?.throwIfAborted();
        this.#sliceStart = performance.now();
      }
    }
    return out;
  }
}

/** Lets the event loop answer what is waiting (requests, timers, workers' replies) before the next slice. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Runs a computation written as a generator to its end at once, holding the thread: for the tests and
 * for callers with nothing to serve meanwhile (a sync wrapper of a sliced step).
 */
export function runToEnd<T>(steps: Generator<void, T>): T {
  for (let r = steps.next(); ; r = steps.next()) if (r.done) return r.value;
}

/**
 * Runs a computation written as a generator (it yields between units of work) to its end, letting the
 * event loop in whenever a slice has run SLICE_MS; gives up with the signal's reason once it is aborted.
 */
export async function runSliced<T>(steps: Generator<void, T>, signal?: AbortSignal): Promise<T> {
  let sliceStart = performance.now();
  for (let r = steps.next(); ; r = steps.next()) {
    if (r.done) return r.value;
    if (performance.now() - sliceStart >= SLICE_MS) {
      await nextTurn();
      signal?.throwIfAborted();
      sliceStart = performance.now();
    }
  }
}
