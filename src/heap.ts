// How fast V8 grows its heap while a start builds. V8 grows the heap ahead of what a build allocates (up to
// four times what is live after a collection), and a start's peak RSS is that heap, not the posts. A
// cold start's peak is its build: a million posts peaked at 1,892 MB with V8's own growth and 1,323 MB
// with a fixed 40 % (25 % was no lower, for more collections). A warm start's peak comes after its
// documents are served, while it decodes the records: a million posts' at 1,252–1,292 MB with V8's own
// growth and 1,102–1,141 MB with 25 %, 100,000 posts' at 304–305 and 265–280 MB, as soon ready. A
// 10,000-post warm start gains nothing and was ~110 ms slower, so a smaller one keeps V8's growth. More
// collections cost pauses (/healthz p99 after a million-post warm start's ready: 54–76 ms, against 33),
// so the growth is V8's own again once the start is done and its cache written. Set at run time, it takes
// effect from V8's next collection. (docs/internals/performance.md has the runs.)
import v8 from 'node:v8';

/** The start being built: a cold one from the files, or a warm one from a cache of so many files. */
export type Start = { readonly kind: 'cold' } | { readonly kind: 'warm'; readonly files: number };

/** The heap's growth after each full collection during a start, in per cent of what is live (V8's own: up to 300). */
export const HEAP_GROWING_PERCENT = { cold: 40, warm: 25 } as const;

/** A warm start of this many files or more grows the heap slowly too (a cold start always does). */
export const SLOW_GROWTH_FROM_FILES = 50_000;

/** The growth a start is built with, in per cent; undefined: V8's own. */
export function heapGrowthFor(start: Start): number | undefined {
  if (start.kind === 'cold') return HEAP_GROWING_PERCENT.cold;
  return start.files >= SLOW_GROWTH_FROM_FILES ? HEAP_GROWING_PERCENT.warm : undefined;
}

/**
 * Fixes V8's heap growth for a start (serve's; tests leave V8 as it is) and gives what makes it V8's
 * own again; undefined when the start keeps V8's growth, or when node was given its own figure, which is
 * the operator's and left as it is.
 */
export function growHeapSlowly(start: Start, execArgv: readonly string[] = process.execArgv): (() => void) | undefined {
  const percent = heapGrowthFor(start);
  if (percent === undefined || execArgv.some((arg) => /^--heap[-_]growing[-_]percent\b/.test(arg))) return undefined;
  v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
  // 0: V8's own growth (the flag's default).
  return () => v8.setFlagsFromString('--heap-growing-percent=0');
}
