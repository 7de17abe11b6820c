// Optional file watching (config `watch: true`): a change under the posts folder triggers a rescan, after
// a quiet moment (a save is often several events: write, rename, chmod). Node 20's recursive fs.watch
// covers Linux, macOS and Windows, so no watcher library is needed.
import { statSync, watch, type FSWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../log.js';
import { isSkippedName } from '../posts/walk.js';

export interface WatchOptions {
  readonly dir: string;
  readonly onChange: () => void;
  readonly log: Logger;
  /** Quiet time after the last event before `onChange`. */
  readonly debounceMs?: number;
  /** A folder that never stops changing still gets a rescan this often. */
  readonly maxWaitMs?: number;
  /** How often to look for the folder again after it vanished or could not be watched. */
  readonly retryMs?: number;
}

export interface Watcher {
  /** True while the folder is being watched (false while it is missing). */
  readonly active: () => boolean;
  readonly close: () => void;
}

export function watchPosts(options: WatchOptions): Watcher {
  const { dir, onChange, log } = options;
  const debounceMs = options.debounceMs ?? 300;
  const maxWaitMs = options.maxWaitMs ?? 2000;
  const retryMs = options.retryMs ?? 1000;
  let watcher: FSWatcher | undefined;
  /** The inode watched: when the folder is deleted or replaced, the watcher silently sees nothing more. */
  let inode: number | undefined;
  let debounce: NodeJS.Timeout | undefined;
  let retry: NodeJS.Timeout | undefined;
  let burstStart = 0;
  let closed = false;
  /** The folder was lost: when watching resumes, rescan once. */
  let recovering = false;

  const fire = (): void => {
    debounce = undefined;
    burstStart = 0;
    if (closed) return;
    onChange();
    void check();
  };

  const changed = (filename: string | null): void => {
    // Editor swap and backup files are skipped by the scan too; their churn need not rescan.
    if (closed || (filename && isSkippedName(path.basename(filename)))) return;
    const now = Date.now();
    burstStart ||= now;
    clearTimeout(debounce);
    debounce = setTimeout(fire, Math.max(0, Math.min(debounceMs, burstStart + maxWaitMs - now)));
  };

  const stop = (): void => {
    watcher?.close();
    watcher = undefined;
    inode = undefined;
  };

  const retryLater = (): void => {
    if (!retry && !closed) retry = setTimeout(arm, retryMs);
  };

  const lost = (): void => {
    stop();
    recovering = true;
    retryLater();
  };

  function arm(): void {
    retry = undefined;
    if (closed) return;
    try {
      inode = statSync(dir).ino;
      watcher = watch(dir, { recursive: true }, (_event, filename) => changed(filename));
      watcher.on('error', (err) => {
        log.warn({ err, dir }, 'watch: watching the posts folder failed; retrying');
        lost();
      });
    } catch (err) {
      stop();
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') log.warn({ err, dir }, 'watch: cannot watch the posts folder; retrying');
      retryLater();
      return;
    }
    // Back after it was gone: what is there now may differ from the last scan.
    if (recovering) changed(null);
    recovering = false;
  }

  /** After events: is the watched folder still the one at `dir`? */
  const check = async (): Promise<void> => {
    const now = await stat(dir).then(
      (s) => s.ino,
      () => undefined,
    );
    if (!closed && watcher && now !== inode) {
      log.warn({ dir }, 'watch: the posts folder was removed or replaced; watching for it again');
      lost();
    }
  };

  arm();
  return {
    active: () => watcher !== undefined,
    close: () => {
      closed = true;
      clearTimeout(debounce);
      clearTimeout(retry);
      stop();
    },
  };
}
