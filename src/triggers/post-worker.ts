// A worker thread that owns one partition of the posts folder: it scans it with sync I/O, keeps the
// per-file cache, and renders the contents the feeds need, while the main thread goes on serving.
import { parentPort, workerData } from 'node:worker_threads';
import { PostScanner, type Partition, type ScanOptions } from '../posts/scan.js';
import { answerContents, type ContentRequest } from './post-source.js';

export interface WorkerInit {
  readonly options: ScanOptions;
  readonly partition: Partition;
}

export type WorkerRequest =
  | { readonly id: number; readonly op: 'scan' }
  | { readonly id: number; readonly op: 'contents'; readonly requests: readonly ContentRequest[] }
  | { readonly id: number; readonly op: 'reset' };

/** A request as the pool sends it, before it is numbered. */
export type WorkerCall = WorkerRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never;

const port = parentPort;
if (port) {
  const init = workerData as WorkerInit;
  const scanner = new PostScanner(init.options, init.partition);
  port.on('message', (message: WorkerRequest) => {
    try {
      const value =
        message.op === 'scan'
          ? scanner.scan()
          : message.op === 'contents'
            ? answerContents(scanner, message.requests)
            : scanner.reset();
      port.postMessage({ id: message.id, ok: true, value });
    } catch (err) {
      const e = err as Error & { code?: string };
      port.postMessage({ id: message.id, ok: false, error: { name: e.name, code: e.code, message: e.message } });
    }
  });
}
