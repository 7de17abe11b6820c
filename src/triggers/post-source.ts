// Where a rescan gets posts from: scans (what changed) and the prepared content of the posts the feeds
// show. In-process for tests and one-off commands; in worker threads for the service (worker-source.ts).
import { PostsDirError } from '../errors.js';
import type { Post } from '../posts/post.js';
import { PostScanner, type ScanDelta, type ScanOptions } from '../posts/scan.js';
import { renderContent } from '../render/content.js';
import { prepareContent, type PreparedContent } from '../render/feed-document.js';

export interface ContentRequest {
  readonly path: string;
  readonly hash: string;
  readonly link: string;
  readonly excerpt: string | undefined;
}

/** Prepared content for a post, or `missing` when its file is gone. `stale`: the file changed since the scan. */
export type ContentAnswer =
  | { readonly path: string; readonly hash: string; readonly content: PreparedContent; readonly stale: boolean }
  | { readonly path: string; readonly hash: string; readonly missing: true };

export interface PostSource {
  /** One delta per partition of the files. Rejects with PostsDirError when the folder cannot be read. */
  scan(): Promise<ScanDelta[]>;
  contents(posts: readonly Post[]): Promise<ContentAnswer[]>;
  /** Drops what the last scan kept for `contents`. */
  release(): void;
  close(): Promise<void>;
}

export function contentRequest(post: Post): ContentRequest {
  return { path: post.path, hash: post.hash, link: post.link, excerpt: post.excerpt };
}

/** Renders the bodies a scanner hands back; shared by the in-process source and the worker. */
export function answerContents(scanner: PostScanner, requests: readonly ContentRequest[]): ContentAnswer[] {
  const bodies = scanner.bodies(requests);
  return bodies.map((answer, i): ContentAnswer => {
    if ('missing' in answer) return answer;
    const request = requests[i] as ContentRequest;
    const rendered = renderContent(request, answer.body);
    return { path: answer.path, hash: answer.hash, content: prepareContent(rendered.html, rendered.summary), stale: answer.stale };
  });
}

export class InProcessSource implements PostSource {
  readonly #scanner: PostScanner;

  constructor(options: ScanOptions) {
    this.#scanner = new PostScanner(options);
  }

  async scan(): Promise<ScanDelta[]> {
    return [this.#scanner.scan()];
  }

  async contents(posts: readonly Post[]): Promise<ContentAnswer[]> {
    return answerContents(this.#scanner, posts.map(contentRequest));
  }

  release(): void {
    this.#scanner.releaseBodies();
  }

  async close(): Promise<void> {}
}

/** Errors cross the worker boundary as plain data; this restores the one callers act on. */
export function reviveError(data: { name: string; code?: string; message: string }): Error {
  if (data.code === 'FW_ERR_POSTS_DIR') return new PostsDirError(data.message);
  return Object.assign(new Error(data.message), { name: data.name });
}
