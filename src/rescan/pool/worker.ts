// A worker thread of the pool (pool.ts): reads and parses files, and prepares posts for the feeds, for the
// main thread. It keeps nothing between calls but its read buffer, and imports only the posts and render
// stages (and the message types), so the bytes are the same whichever thread made them.
import { parentPort, workerData } from 'node:worker_threads';
import { PostReader } from '../../posts/post-reader.js';
import { readContents } from '../contents.js';
import type { WorkerCall, WorkerInit, WorkerReply } from './messages.js';

const port = parentPort;
if (port) {
  const { options, config } = workerData as WorkerInit;
  const reader = new PostReader(options);
  port.on('message', (message: WorkerCall & { id: number }) => {
    let reply: WorkerReply;
    try {
      const value = message.op === 'read' ? message.files.map((file) => reader.read(file)) : readContents(options, config, message.posts);
      reply = { kind: 'reply', id: message.id, ok: true, value };
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      reply = { kind: 'reply', id: message.id, ok: false, error: { name: e.name, message: e.message } };
    }
    port.postMessage(reply);
  });
  port.postMessage({ kind: 'ready' } satisfies WorkerReply);
}
