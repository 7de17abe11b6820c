// What the pool and its worker threads say to each other: the pool imports these types, the worker
// implements them, and neither imports the other.
import type { Config } from '../../config/schema.js';
import type { LiquidSite } from '../../content/liquid/site.js';
import type { Post } from '../../posts/post.js';
import type { ListedFile } from '../../posts/scanned-file.js';
import type { ScanOptions } from '../../posts/options.js';

/** What every worker is started with (workerData). */
export interface WorkerInit {
  readonly options: ScanOptions;
  readonly config: Config;
}

/**
 * One chunk of work: files to read and parse, or posts to prepare for the feeds; or, before a job's first
 * chunk of posts, the site their Liquid sees (sent once per job and thread: it holds every post).
 */
export type WorkerCall =
  | { readonly op: 'read'; readonly files: readonly ListedFile[] }
  | { readonly op: 'contents'; readonly posts: readonly Post[] }
  | { readonly op: 'site'; readonly site: LiquidSite | undefined };

export type WorkerReply =
  | { readonly kind: 'ready' }
  | { readonly kind: 'reply'; readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly kind: 'reply'; readonly id: number; readonly ok: false; readonly error: { readonly name: string; readonly message: string } };
