// A warm start serves its cached documents once every file is as the cache's table says (size and mtime):
// at 100,000 posts that listing is a quarter of a second of stat calls, at a million three to four
// seconds. Done here, on helper threads started before the service's code has loaded, it runs beside that
// loading and the cache's read instead of after them. The stat calls are the kernel's work and scale with
// cores: a large folder is listed in shares, one per thread (a million files: 1.8 s on two threads
// against 3.4 s on one), and the shares' tables are put end to end. The shares are of the root's entries:
// a site whose posts all sit in one top-level folder (a Jekyll `_posts/`) gains nothing yet.
import { Worker } from 'node:worker_threads';
import type { FolderRules, WalkShare } from '../../posts/walk.js';
import { joinedTable, type FileTable } from '../../posts/scanned-file.js';

/** What a helper sends: undefined when a folder in its share could not be read. */
export type ListingReply = { readonly paths: string; readonly sizes: Float64Array; readonly mtimes: Float64Array; readonly rootSeen: string } | undefined;

// Built, the worker is the .js file beside this one; from the TypeScript sources, worker-dev.mjs registers tsx first.
const DEV = import.meta.url.endsWith('.ts');
const WORKER_URL = new URL(DEV ? './worker-dev.mjs' : './listing-worker.js', import.meta.url);

/**
 * The folder's table, listed on `threads` helper threads (each a share of the root's entries);
 * undefined when a folder in it cannot be read (as PostScanner.table says), or when the root changed
 * between the threads' reads of it (the shares may not fit: the start's first rescan looks instead).
 * Rejects when a thread fails (the caller lists on its own thread then); a stop (`signal`) ends the
 * threads. They never keep the process alive.
 */
export async function listOnHelper(rules: FolderRules, signal?: AbortSignal, threads = 1): Promise<FileTable | undefined> {
  const parts = Math.max(1, Math.floor(threads));
  const replies = await Promise.all(Array.from({ length: parts }, (_, part) => listShare(rules, { part, parts }, signal)));
  if (replies.some((reply) => reply === undefined || reply.rootSeen !== replies[0]?.rootSeen)) return undefined;
  const tables = replies as Exclude<ListingReply, undefined>[];
  if (tables.length === 1) {
    const [only] = tables as [Exclude<ListingReply, undefined>];
    return joinedTable(only.paths, only.sizes, only.mtimes);
  }
  return joinedTable(
    tables
      .map((t) => t.paths)
      .filter((paths) => paths !== '')
      .join('\0'),
    concat(tables.map((t) => t.sizes)),
    concat(tables.map((t) => t.mtimes)),
  );
}

function listShare(rules: FolderRules, share: WalkShare, signal?: AbortSignal): Promise<ListingReply> {
  return new Promise((resolve, reject) => {
    const { dir, include, exclude, layout, drafts } = rules;
    const worker = new Worker(WORKER_URL, {
      workerData: { dir, include, exclude, layout, drafts, share },
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

function concat(arrays: readonly Float64Array[]): Float64Array {
  const out = new Float64Array(arrays.reduce((n, a) => n + a.length, 0));
  let at = 0;
  for (const a of arrays) {
    out.set(a, at);
    at += a.length;
  }
  return out;
}
