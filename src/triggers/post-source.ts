// Where a rescan gets posts from: scans (what changed) and the prepared content of the posts the feeds
// show. On the main thread in slices (the default), or in worker threads (worker-source.ts,
// posts.workers).
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
  /** Forgets what was scanned, so that the next scan reports every file (after a failed rescan). */
  reset(): void;
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

/** Lets the event loop answer what is waiting (requests, timers) before the next slice. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

// About 10 ms of rendering per slice.
const CONTENTS_PER_SLICE = 40;

export class InProcessSource implements PostSource {
  readonly #scanner: PostScanner;

  constructor(options: ScanOptions) {
    this.#scanner = new PostScanner(options);
  }

  /** Scans in slices, letting the event loop serve requests between them. */
  async scan(): Promise<ScanDelta[]> {
    const steps = this.#scanner.steps();
    for (;;) {
      const r = steps.next();
      if (r.done) return [r.value];
      await nextTurn();
    }
  }

  /** Renders in slices too: a cold start renders every post the feeds show. */
  async contents(posts: readonly Post[]): Promise<ContentAnswer[]> {
    const answers: ContentAnswer[] = [];
    for (let i = 0; i < posts.length; i += CONTENTS_PER_SLICE) {
      if (i > 0) await nextTurn();
      answers.push(...answerContents(this.#scanner, posts.slice(i, i + CONTENTS_PER_SLICE).map(contentRequest)));
    }
    return answers;
  }

  reset(): void {
    this.#scanner.reset();
  }

  async close(): Promise<void> {}
}

/** Errors cross the worker boundary as plain data; this restores the one callers act on. */
export function reviveError(data: { name: string; code?: string; message: string }): Error {
  if (data.code === 'FW_ERR_POSTS_DIR') return new PostsDirError(data.message);
  return Object.assign(new Error(data.message), { name: data.name });
}
