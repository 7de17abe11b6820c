// A helper thread (see helpers.ts): reads and parses files, and prepares posts for the feeds, for the
// main thread. It keeps nothing between calls but its read buffer.
import { parentPort, workerData } from 'node:worker_threads';
import type { Config } from '../config/schema.js';
import type { Post } from '../posts/post.js';
import { PostReader, type ListedFile, type ScanOptions } from '../posts/scan.js';
import { answerContents } from './post-source.js';

export interface HelperInit {
  readonly options: ScanOptions;
  readonly config: Config;
}

export type HelperCall = { readonly op: 'read'; readonly files: readonly ListedFile[] } | { readonly op: 'contents'; readonly posts: readonly Post[] };

export type HelperReply =
  | { readonly kind: 'ready' }
  | { readonly kind: 'reply'; readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly kind: 'reply'; readonly id: number; readonly ok: false; readonly error: { readonly name: string; readonly message: string } };

const port = parentPort;
if (port) {
  const { options, config } = workerData as HelperInit;
  const reader = new PostReader(options);
  port.on('message', (message: HelperCall & { id: number }) => {
    let reply: HelperReply;
    try {
      const value = message.op === 'read' ? message.files.map((file) => reader.read(file)) : answerContents(options, config, message.posts);
      reply = { kind: 'reply', id: message.id, ok: true, value };
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      reply = { kind: 'reply', id: message.id, ok: false, error: { name: e.name, message: e.message } };
    }
    port.postMessage(reply);
  });
  port.postMessage({ kind: 'ready' } satisfies HelperReply);
}
