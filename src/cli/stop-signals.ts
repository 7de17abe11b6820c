// SIGTERM and SIGINT for `serve`, caught from the moment main.ts knows it serves: a stop that comes while
// the service's modules still load (some tenths of a second) is kept for serve() to act on, where Node's
// default would have killed the process (exit 143, and no "stopped" line for the supervisor).

export type StopListener = (signal: NodeJS.Signals) => void;

let caught = false;
let first: NodeJS.Signals | undefined;
let listener: StopListener | undefined;

/** Starts catching the signals; the first is kept until onStopSignal, a second before then exits 1 at once. */
export function catchStopSignals(): void {
  if (caught) return;
  caught = true;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (listener) listener(signal);
      // A second signal means "now", as it does once serve() listens.
      else if (first) process.exit(1);
      else first = signal;
    });
  }
}

/** Hears every signal from now on, and at once one that came before (see catchStopSignals). */
export function onStopSignal(l: StopListener): void {
  catchStopSignals();
  listener = l;
  if (first) l(first);
}
