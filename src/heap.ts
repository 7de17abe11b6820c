// How fast V8 grows its heap, for a large archive. V8 grows the heap ahead of what a build allocates (up to
// four times what is live after a collection), and a start's peak RSS is that heap, not the posts: a
// million-post cold start peaked at 1,892 MB with V8's own growth and 1,323 MB with a fixed 40 % (ready
// in 59 and 51 s), its warm start at 1,279 and 1,138 MB (3.57 and 3.71 s); a 100,000-post cold start at
// 436–452 and 401–403 MB. A small site's warm start pays for the extra collections (10,000 posts:
// 485 → 530 ms), so the growth is fixed only for a cold start (whose cost nobody races) and for an archive
// of LARGE_ARCHIVE files or more. Set at run time, it takes effect from V8's next collection.
import v8 from 'node:v8';

/** Files from which a warm start grows the heap slowly too. */
export const LARGE_ARCHIVE = 50_000;
/** The heap's growth after each full collection, in per cent of what is live (V8's own: up to 300). */
export const HEAP_GROWING_PERCENT = 40;

/** Whether a start with this many files in its cache (undefined: none usable, a cold start) grows the heap slowly. */
export function growsSlowly(cachedFiles: number | undefined): boolean {
  return cachedFiles === undefined || cachedFiles >= LARGE_ARCHIVE;
}

/** Fixes V8's heap growth (the serve command's; tests leave V8 as it is), unless node was given its own figure. */
export function growHeapSlowly(execArgv: readonly string[] = process.execArgv): boolean {
  if (execArgv.some((arg) => /^--heap[-_]growing[-_]percent\b/.test(arg))) return false;
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  return true;
}
