// The scale benchmark's phases are each bounded in time: at a million posts a stuck phase must report
// "timed out after N s" and let the run go on, never hang it. Pure helpers (no process, no fs): tested in
// tests/bench/phase.test.ts.

/** A phase's outcome: its value, or how long it was given before it was abandoned. */
export type Bounded<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly timedOutS: number };

/**
 * Runs `work` with `seconds` to finish. On time out its signal is aborted (loops inside check it and stop
 * sending requests) and the result says so; an error thrown by `work` still rejects.
 */
export async function within<T>(seconds: number, work: (signal: AbortSignal) => Promise<T>): Promise<Bounded<T>> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Bounded<T>>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve({ ok: false, timedOutS: seconds });
    }, seconds * 1000);
  });
  const done = work(controller.signal).then((value): Bounded<T> => ({ ok: true, value }));
  // A rejection after the time out is nobody's to hear: keep it from becoming an unhandled one.
  done.catch(() => {});
  try {
    return await Promise.race([done, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Polls `done` every `everyMs` until it is true (→ true), or until `signal` aborts (→ false). */
export async function pollUntil(done: () => Promise<boolean>, signal: AbortSignal, everyMs = 5): Promise<boolean> {
  for (;;) {
    if (signal.aborted) return false;
    if (await done()) return true;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** The median of samples (the upper one of an even count), NaN for none. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}

/** "1234 ms" for a value, "timed out after N s" for a phase that ran out of time. */
export function describe(b: Bounded<number>, unit = 'ms'): string {
  return b.ok ? `${Math.round(b.value)} ${unit}` : `timed out after ${b.timedOutS} s`;
}

/** The default time a start may take: two minutes, or a millisecond a post (1,000 s at a million). */
export function startTimeoutS(posts: number): number {
  return Math.max(120, Math.ceil(posts / 1000));
}

/** The median of a step's samples, or its time out when one ran out of time; undefined for none. */
export function summary(xs: readonly Bounded<number>[]): Bounded<number> | undefined {
  const timedOut = xs.find((x) => !x.ok);
  if (timedOut) return timedOut;
  return xs.length === 0 ? undefined : { ok: true, value: Math.round(median(xs.map((x) => (x.ok ? x.value : Number.NaN)))) };
}
