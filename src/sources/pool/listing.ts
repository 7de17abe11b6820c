// A warm start serves its cached documents once every file is as the cache's table says (size and mtime):
// at 100,000 posts that listing is a quarter of a second of stat calls, at a million three to four
// seconds. Done here, on a helper thread started before the service's code has loaded, it runs beside that
// loading and the cache's read instead of after them.
import { Worker } from 'node:worker_threads';
import type { FolderRules } from '../../posts/walk.js';
import { joinedTable, type FileTable } from '../../posts/scanned-file.js';

/** What the helper sends: undefined when a folder in the listing could not be read. */
export type ListingReply = { readonly paths: string; readonly sizes: Float64Array; readonly mtimes: Float64Array } | undefined;

// Built, the worker is the .js file beside this one; from the TypeScript sources, worker-dev.mjs registers tsx first.
const DEV = import.meta.url.endsWith('.ts');
const WORKER_URL = new URL(DEV ? './worker-dev.mjs' : './listing-worker.js', import.meta.url);

/**
 * The folder's table, listed on a helper thread; undefined when a folder in it cannot be read (as
 * PostScanner.table says). Rejects when the thread fails (the caller lists on its own thread then); a
 * stop (`signal`) ends the thread. The thread never keeps the process alive.
 */
export function listOnHelper(rules: FolderRules, signal?: AbortSignal): Promise<FileTable | undefined> {
  return new Promise((resolve, reject) => {
    const { dir, include, exclude, layout, drafts } = rules;
    const worker = new Worker(WORKER_URL, { workerData: { dir, include, exclude, layout, drafts }, ...(DEV ? { argv: ['./listing-worker.ts'] } : {}) });
    worker.unref();
    const stop = (): void => void worker.terminate();
    signal?.addEventListener('abort', stop, { once: true });
    const settle = (): void => signal?.removeEventListener('abort', stop);
    worker.once('message', (reply: ListingReply) => {
      settle();
      resolve(reply && joinedTable(reply.paths, reply.sizes, reply.mtimes));
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
