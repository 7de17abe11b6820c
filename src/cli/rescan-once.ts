// One rescan in this thread, through the same Rescanner the server runs (with the in-process post
// source): what `check` reports is what a rescan reports, and what `build` writes is what the server serves.
import type { Config } from '../config/schema.js';
import type { ContentSite } from '../content/render-body.js';
import type { Post } from '../posts/post.js';
import { requirePostsDir } from '../posts/posts-dir.js';
import { scanOptionsFrom } from '../posts/options.js';
import type { ScanDelta } from '../posts/scan.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import { SnapshotStore } from '../snapshot/store.js';
import type { ContentAnswer } from '../sources/contents.js';
import { FolderSource, type PostSource } from '../sources/post-source.js';
import { Rescanner, type RescanResult } from '../rescan/rescanner.js';
import { gitCheckoutFor, gitPrepare } from '../sources/git/checkout.js';

export interface RescanOnce {
  readonly result: RescanResult;
  /** What the rescan built; undefined when it failed (result.ok is false). */
  readonly snapshot: Snapshot | undefined;
}

/** Hears how far the rescan is: files read so far, posts rendered so far. */
export interface RescanProgress {
  readonly read: (files: number) => void;
  readonly rendered: (posts: number) => void;
}

/** `renderAll`: every published post is rendered, so that each one's problems are reported (check). */
export async function rescanOnce(config: Config, reason: string, progress?: RescanProgress, renderAll = false): Promise<RescanOnce> {
  // posts.git: cloned, or fetched, first (each git command bounded by posts.git.timeoutSeconds; a clone that
  // fails is one line and exit 1, a fetch that fails a FW_GIT_FETCH_FAILED problem).
  const git = gitCheckoutFor(config);
  const stop = new AbortController();
  const store = new SnapshotStore();
  const folder = new FolderSource(scanOptionsFrom(config), config);
  const source = progress ? new CountingSource(folder, progress) : folder;
  const rescanner = new Rescanner({ config, store, source, renderAll, ...(git ? { prepare: gitPrepare(git, config.posts.git?.subdir) } : {}) });
  const signals = git
    ? new SignalEnd(() => {
        stop.abort(new Error('stopped by a signal'));
        rescanner.stop();
      })
    : undefined;
  try {
    await git?.requireGit();
    await git?.open(stop.signal);
    await requirePostsDir(config.posts.dir);
    const result = await rescanner.trigger(reason);
    return { result, snapshot: result.ok ? store.current : undefined };
  } finally {
    await rescanner.close();
    signals?.done();
  }
}

/**
 * git runs in process groups of its own (sources/git/command.ts), which a Ctrl-C at the terminal does not
 * reach. While this command may run git, SIGINT and SIGTERM call `end` (git is stopped, with what it
 * started, and its half-made clone removed); once that has unwound, done() ends this process as the signal
 * would have (exit 130 or 143). A second signal does so at once.
 */
class SignalEnd {
  readonly #end: () => void;
  #caught: NodeJS.Signals | undefined;
  readonly #handler = (signal: NodeJS.Signals): void => {
    if (this.#caught) this.#raise(signal);
    this.#caught = signal;
    this.#end();
  };

  constructor(end: () => void) {
    this.#end = end;
    process.on('SIGINT', this.#handler);
    process.on('SIGTERM', this.#handler);
  }

  done(): void {
    if (this.#caught) this.#raise(this.#caught);
    this.#remove();
  }

  #raise(signal: NodeJS.Signals): void {
    this.#remove();
    process.kill(process.pid, signal);
  }

  #remove(): void {
    process.off('SIGINT', this.#handler);
    process.off('SIGTERM', this.#handler);
  }
}

// Posts are rendered this many at a time, so that progress moves on a big site (on this thread there is
// no pool to share them with, so smaller batches cost nothing).
const POSTS_PER_REPORT = 200;

/** The folder, counting what it reads and renders. */
class CountingSource implements PostSource {
  #read = 0;
  #rendered = 0;

  constructor(
    readonly inner: PostSource,
    readonly progress: RescanProgress,
  ) {}

  async scan(signal?: AbortSignal): Promise<ScanDelta> {
    const delta = await this.inner.scan(signal);
    this.#read += delta.changed.size;
    this.progress.read(this.#read);
    return delta;
  }

  async contents(posts: readonly Post[], signal?: AbortSignal, site?: ContentSite): Promise<ContentAnswer[]> {
    const answers: ContentAnswer[] = [];
    for (let i = 0; i < posts.length; i += POSTS_PER_REPORT) {
      const chunk = posts.slice(i, i + POSTS_PER_REPORT);
      answers.push(...(await this.inner.contents(chunk, signal, site)));
      this.#rendered += chunk.length;
      this.progress.rendered(this.#rendered);
    }
    return answers;
  }

  reset(): void {
    this.inner.reset();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
