// A warm start serves its cached documents once every file is as the cache's table says (size and mtime):
// at 100,000 posts that listing is a quarter of a second of stat calls, at a million four to six seconds.
// Done here, on helper threads started before the service's code has loaded, it runs beside that loading
// and the cache's read instead of after them. The stat calls are the kernel's work and scale with cores:
// a large folder is listed by two threads, each walking it all and stat'ing its half of the files (a
// million files: 3.1-3.3 s against 3.9-5.8 s on one), and their tables are merged.
import { Worker } from 'node:worker_threads';
import { shareRun, type FolderRules, type WalkShare } from '../../posts/walk.js';
import { joinedTable, type FileTable } from '../../posts/scanned-file.js';

/** What a helper sends: undefined when a folder in the listing could not be read. */
export type ListingReply = { readonly paths: string; readonly sizes: Float64Array; readonly mtimes: Float64Array } | undefined;

// Built, the worker is the .js file beside this one; from the TypeScript sources, worker-dev.mjs registers tsx first.
const DEV = import.meta.url.endsWith('.ts');
const WORKER_URL = new URL(DEV ? './worker-dev.mjs' : './listing-worker.js', import.meta.url);

/**
 * The folder's table, listed on `threads` helper threads (each stat'ing its share of the files);
 * undefined when a folder in it cannot be read (as PostScanner.table says), or when the threads listed
 * different files (the folder changed under them: the start's first rescan looks instead). Rejects when a
 * thread fails (the caller lists on its own thread then); a stop (`signal`) ends the threads. They never
 * keep the process alive.
 */
export async function listOnHelper(rules: FolderRules, signal?: AbortSignal, threads = 1): Promise<FileTable | undefined> {
  const parts = Math.max(1, Math.floor(threads));
  // One thread walks as the scanner does, stat'ing as it goes; only shares list first and stat after.
  const share = (part: number): WalkShare | undefined => (parts > 1 ? { part, parts } : undefined);
  return mergeShares(await Promise.all(Array.from({ length: parts }, (_, part) => listShare(rules, share(part), signal))));
}

/**
 * The shares' replies as one table, each file's size and time from the share that stat'ed it (walk.ts
 * shareRun); undefined unless every share listed the very same paths.
 */
export function mergeShares(replies: readonly ListingReply[]): FileTable | undefined {
  const [first] = replies;
  if (!first || replies.some((reply) => reply === undefined || reply.paths !== first.paths)) return undefined;
  const shares = replies as Exclude<ListingReply, undefined>[];
  if (shares.length === 1) return joinedTable(first.paths, first.sizes, first.mtimes);
  const count = first.sizes.length;
  if (shares.some((share) => share.sizes.length !== count || share.mtimes.length !== count)) return undefined;
  const sizes = new Float64Array(count);
  const mtimes = new Float64Array(count);
  shares.forEach((share, part) => {
    const [from, to] = shareRun(count, { part, parts: shares.length });
    sizes.set(share.sizes.subarray(from, to), from);
    mtimes.set(share.mtimes.subarray(from, to), from);
  });
  return joinedTable(first.paths, sizes, mtimes);
}

function listShare(rules: FolderRules, share: WalkShare | undefined, signal?: AbortSignal): Promise<ListingReply> {
  return new Promise((resolve, reject) => {
    const { dir, include, exclude, layout, drafts } = rules;
    const worker = new Worker(WORKER_URL, {
      workerData: { dir, include, exclude, layout, drafts, ...(share ? { share } : {}) },
      ...(DEV ? { argv: ['./listing-worker.ts'] } : {}),
    });
    worker.unref();
    const stop = (): void => void worker.terminate();
    signal?.addEventListener('abort', stop, { once: true });
    const settle = (): void => signal?.removeEventListener('abort', stop);
    worker.once('message', (reply: ListingReply) => {
      settle();
      resolve(reply);
    });
    worker.once('error', (err) => {
      settle();
      reject(err);
    });
    worker.once('exit', (code) => {
      settle();
      reject(new Error(`the listing thread exited with code ${code}`));
    });
  });
}
