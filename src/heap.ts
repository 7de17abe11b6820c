// How fast V8 grows its heap during a cold start. V8 grows the heap ahead of what a build allocates (up to
// four times what is live after a collection), and a cold start's peak RSS is that heap, not the posts: a
// million-post cold start peaked at 1,892 MB with V8's own growth and 1,323 MB with a fixed 40 % (ready
// in 59 and 51 s); a 100,000-post one at 436–452 and 401–403 MB. More collections cost pauses, though
// (a million-post warm start with 40 %: /healthz p99 109 ms where runs without had 52–78), so the growth
// is V8's own again once the cold start is done and its cache written. Set at run time, it takes effect
// from V8's next collection.
import v8 from 'node:v8';

/** The heap's growth after each full collection during a cold start, in per cent of what is live (V8's own: up to 300). */
export const HEAP_GROWING_PERCENT = 40;

/**
 * Fixes V8's heap growth for a cold start (serve's; tests leave V8 as it is) and gives what makes it V8's
 * own again; undefined when node was given its own figure, which is the operator's and left as it is.
 */
export function growHeapSlowly(execArgv: readonly string[] = process.execArgv): (() => void) | undefined {
  if (execArgv.some((arg) => /^--heap[-_]growing[-_]percent\b/.test(arg))) return undefined;
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  // 0: V8's own growth (the flag's default).
  return () => v8.setFlagsFromString('--heap-growing-percent=0');
}
