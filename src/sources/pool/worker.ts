// A worker thread of the pool (pool.ts): reads and parses files, and prepares posts for the feeds, for the
// main thread. It keeps nothing between calls but its read buffer, and imports only the posts and render
// stages (and the message types), so the bytes are the same whichever thread made them.
import { parentPort, workerData } from 'node:worker_threads';
import { PostReader } from '../../posts/post-reader.js';
import type { ContentSite } from '../../content/render-body.js';
import { readContents } from '../contents.js';
import { siteFilesAt } from '../site-files.js';
import type { WorkerCall, WorkerInit, WorkerReply } from './messages.js';

const port = parentPort;
if (port) {
  const { options, config } = workerData as WorkerInit;
  const reader = new PostReader(options);
  /** The site the last 'site' call sent: what the posts of the job that follows see. */
  let site: ContentSite | undefined;
  const run = (message: WorkerCall): unknown => {
    switch (message.op) {
      case 'read':
        return message.files.map((file) => reader.read(file));
      case 'site':
        site = message.site ? { liquid: message.site, files: siteFilesAt(options.dir) } : undefined;
        return null;
      case 'contents':
        return readContents(options, config, message.posts, site);
      default:
        // The main thread does a chunk a helper cannot itself.
        throw new Error(`unknown operation ${JSON.stringify((message as { op?: unknown }).op)}`);
    }
  };
  port.on('message', (message: WorkerCall & { id: number }) => {
    let reply: WorkerReply;
    try {
      const value = run(message);
      reply = { kind: 'reply', id: message.id, ok: true, value };
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      reply = { kind: 'reply', id: message.id, ok: false, error: { name: e.name, message: e.message } };
    }
    port.postMessage(reply);
  });
  port.postMessage({ kind: 'ready' } satisfies WorkerReply);
}
