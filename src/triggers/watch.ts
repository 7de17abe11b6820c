// Optional file watching (config `watch: true`): a change under the posts folder triggers a rescan of the
// paths that changed, after a quiet moment (a save is often several events: write, rename, chmod).
// On Linux each folder gets one inotify watch of its own (Node 20's recursive fs.watch there walks the
// tree in JavaScript and watches and stats every file: a million files would need a million watches and
// more than the default limit allows). Elsewhere the system's recursive watch is used. What cannot be
// heard is said, so that the schedule walks the whole folder instead: no watches left (ENOSPC), a network
// file system (changes made on other machines send no events), or a burst too big for the kernel's queue.
import { type FSWatcher, lstatSync, readFileSync, statfsSync, statSync, watch } from 'node:fs';
import { opendir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../log.js';

export interface WatchOptions {
  readonly dir: string;
  /** What changed, relative to `dir` with `/` separators; undefined when it cannot be told (walk everything). */
  readonly onChange: (paths: readonly string[] | undefined) => void;
  readonly log: Logger;
  /** Quiet time after the last event before `onChange`. */
  readonly debounceMs?: number;
  /** A folder that never stops changing still gets a rescan this often. */
  readonly maxWaitMs?: number;
  /** How often to look for the folder again after it vanished or could not be watched. */
  readonly retryMs?: number;
  /** How long after watches ran out (ENOSPC) to try again. */
  readonly rearmMs?: number;
  /**
   * Events in one burst past which some may have been lost: the kernel's queue (fs.inotify.max_queued_events)
   * drops events when it fills, and Node does not say so. Default: a quarter of that queue.
   */
  readonly maxBurst?: number;
  /** Tests: how one folder is watched (fs.watch), and the file system's type (statfs). */
  readonly watchFolder?: (abs: string, listener: (event: string, name: string | null) => void) => FSWatcher;
  readonly fsType?: (dir: string) => number;
  readonly platform?: NodeJS.Platform;
}

export interface Watcher {
  /** True while the folder is being watched (false while it is missing or cannot be watched). */
  readonly active: () => boolean;
  /**
   * Whether every change is heard. When not (watches ran out, a network file system), the scheduled
   * rescan walks the whole folder; when so, it only checks a share of it (Rescanner.check).
   */
  readonly complete: () => boolean;
  /** Why not every change is heard; undefined when every one is. */
  readonly why: () => string | undefined;
  /** Folders watched (one watch each on Linux). */
  readonly folders: () => number;
  /**
   * Settles when the first arming is done: every folder found is watched, or watching failed and the
   * schedule walks instead. The folders are read asynchronously, so the event loop answers meanwhile.
   */
  readonly ready: Promise<void>;
  readonly close: () => void;
}

/** statfs f_type of file systems whose changes on other machines send no events here. */
const NETWORK_FILE_SYSTEMS: ReadonlyMap<number, string> = new Map([
  [0x6969, 'NFS'],
  [0x517b, 'SMB'],
  [0xff534d42, 'CIFS'],
  [0xfe534d42, 'SMB2'],
  [0x65735546, 'FUSE'],
  [0x00c36400, 'Ceph'],
  [0x01021997, '9p'],
  [0x5346414f, 'AFS'],
  [0x6b414653, 'AFS'],
  [0x73757245, 'Coda'],
  [0x01161970, 'GFS2'],
  [0x7461636f, 'OCFS2'],
  [0x0bd00bd0, 'Lustre'],
  [0x47504653, 'GPFS'],
  [0x786f4256, 'vboxsf'],
]);

/** The kernel's default queue length, when /proc does not say. */
const DEFAULT_QUEUE = 16_384;

/** Names whose changes need no rescan: editors' swap and backup files, and hidden ones (.git). */
function ignored(name: string): boolean {
  return name.startsWith('.') || name.startsWith('#') || name.endsWith('~') || /\.sw[a-p]$/.test(name);
}

export function watchPosts(options: WatchOptions): Watcher {
  const { dir, onChange, log } = options;
  // An editor's save (write, rename, chmod) or a checkout's files come within a few ms of each other;
  // 50 ms of quiet joins them and keeps an edit's new ETag within a quarter second (300 ms alone was more).
  // A burst that goes on is cut by maxWaitMs, and the rescanner spaces what follows (rescan.minIntervalMs).
  const debounceMs = options.debounceMs ?? 50;
  const maxWaitMs = options.maxWaitMs ?? 2000;
  const retryMs = options.retryMs ?? 1000;
  const rearmMs = options.rearmMs ?? 300_000;
  const maxBurst = options.maxBurst ?? Math.floor(kernelQueue() / 4);
  const watchFolder = options.watchFolder ?? ((abs, listener) => watch(abs, listener));
  const perFolder = (options.platform ?? process.platform) === 'linux';
  /** Watches by folder (relative path; '' is the root). */
  const watchers = new Map<string, FSWatcher>();
  /** The inode watched: when the folder is deleted or replaced, its watches silently see nothing more. */
  let inode: number | undefined;
  let debounce: NodeJS.Timeout | undefined;
  let retry: NodeJS.Timeout | undefined;
  let burstStart = 0;
  let closed = false;
  /** The folder was lost, or watches ran out: when watching resumes, walk everything once. */
  let recovering = false;
  let why: string | undefined;
  let network: string | undefined;
  /** What changed in this burst; undefined once it cannot be told. */
  let dirty: Set<string> | undefined = new Set();
  let events = 0;
  let saidBurst = false;

  const fire = (): void => {
    debounce = undefined;
    burstStart = 0;
    const paths = dirty ? [...dirty] : undefined;
    dirty = new Set();
    events = 0;
    if (closed) return;
    onChange(paths);
    void check();
  };

  /** `rel`: what changed, or undefined for "anything may have". */
  const changed = (rel: string | undefined): void => {
    if (closed) return;
    if (rel === undefined || rel === '') dirty = undefined;
    else dirty?.add(rel);
    if (++events > maxBurst && dirty) {
      dirty = undefined;
      if (!saidBurst) log.warn({ dir, events: maxBurst }, 'watch: more changes at once than the kernel queues; the whole folder is walked');
      saidBurst = true;
    }
    const now = Date.now();
    burstStart ||= now;
    clearTimeout(debounce);
    debounce = setTimeout(fire, Math.max(0, Math.min(debounceMs, burstStart + maxWaitMs - now)));
  };

  /** Arming under way (its folders are read asynchronously); each arm or stop makes the one before stale. */
  let arming = false;
  let generation = 0;

  const stop = (): void => {
    generation++;
    arming = false;
    for (const w of watchers.values()) w.close();
    watchers.clear();
    inode = undefined;
  };

  const retryLater = (ms = retryMs): void => {
    if (!retry && !closed) retry = setTimeout(arm, ms);
  };

  const lost = (): void => {
    stop();
    recovering = true;
    retryLater();
  };

  /** Where `rel` (relative, `/`-separated; '' is the folder itself) is on this system. */
  const absolute = (rel: string): string => (rel === '' ? dir : path.join(dir, ...rel.split('/')));

  /** Watches one folder; throws what fs.watch threw (ENOENT: gone; ENOSPC: no watches left). */
  const watchOne = (rel: string): void => {
    if (watchers.has(rel)) return;
    const abs = absolute(rel);
    const w = perFolder
      ? watchFolder(abs, (_event, name) => heard(rel, name))
      : watch(abs, { recursive: true }, (_event, name) => {
          const parts = name?.split(path.sep);
          if (!parts) changed(undefined);
          else if (!parts.some(ignored)) changed(parts.join('/'));
        });
    w.on('error', (err) => {
      if (rel === '') {
        log.warn({ err, dir }, 'watch: watching the posts folder failed; retrying');
        lost();
      } else unwatch(rel);
    });
    watchers.set(rel, w);
  };

  /**
   * Watches `rel` and, on Linux, every folder under it (a folder gone meanwhile is skipped). The folders
   * are read asynchronously, a batch of entries at a time: a million files listed in one piece held the
   * event loop for half a second. `rel` itself is watched before the first await. Stops when a later
   * arm or a stop makes it stale; rejects with what fs.watch threw otherwise (ENOSPC). `appeared`: a
   * tree that appeared after arming. Each folder found under it is named once its watch is on, so that
   * what was written in it before is walked and what is written after is heard. Naming `rel` alone (its
   * walk may come before its sub-folders are watched) missed an edit made in between.
   */
  const watchTree = async (rel: string, appeared = false): Promise<void> => {
    const mine = generation;
    const queue = [rel];
    for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
      if (closed || mine !== generation) return;
      const fresh = !watchers.has(next);
      try {
        watchOne(next);
        if (appeared && fresh && next !== rel) changed(next);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT' && next !== rel) continue;
        throw err;
      }
      if (!perFolder) continue;
      try {
        const folder = await opendir(absolute(next), { bufferSize: 1024 });
        for await (const entry of folder) if (entry.isDirectory() && !ignored(entry.name)) queue.push(next ? `${next}/${entry.name}` : entry.name);
      } catch {
        // Gone or unreadable meanwhile: its watch (if any) says so, and a check looks at it.
      }
    }
  };

  const unwatch = (rel: string): void => {
    for (const [key, w] of watchers) {
      if (key === rel || key.startsWith(`${rel}/`)) {
        w.close();
        watchers.delete(key);
      }
    }
  };

  /** An event in folder `rel` about its entry `name`. */
  const heard = (rel: string, name: string | null): void => {
    if (name === null) {
      changed(rel || undefined);
      return;
    }
    if (ignored(name)) return;
    const child = rel ? `${rel}/${name}` : name;
    // A folder that appeared is watched (its files may have been written before the watch: it is named
    // whole); one that went is no longer.
    let isDir = false;
    try {
      isDir = lstatSync(absolute(child)).isDirectory();
    } catch {
      // Gone.
    }
    if (isDir && !watchers.has(child)) watchTree(child, true).catch(ranOut);
    else if (!isDir && watchers.has(child)) unwatch(child);
    changed(child);
  };

  /** Watching failed for good (ENOSPC, EMFILE…): stop, say why once, and fall back on whole walks until a re-arm works. */
  const ranOut = (err: unknown): void => {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    stop();
    const next =
      code === 'ENOSPC'
        ? 'no inotify watches left (ENOSPC; raise fs.inotify.max_user_watches): the schedule walks the whole folder'
        : `the folder cannot be watched (${code}): the schedule walks the whole folder`;
    if (next !== why) log.warn({ dir, code, folders: watchers.size }, `watch: ${next}`);
    why = next;
    recovering = true;
    retryLater(rearmMs);
  };

  /** Watches the folder and everything under it; settles when that is done (or failed, or made stale). */
  function arm(): Promise<void> {
    retry = undefined;
    if (closed) return Promise.resolve();
    try {
      inode = statSync(dir).ino;
      network = networkFileSystem(dir, options.fsType);
    } catch (err) {
      stop();
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') log.warn({ err, dir }, 'watch: cannot watch the posts folder; retrying');
      retryLater();
      return Promise.resolve();
    }
    arming = true;
    const mine = generation;
    return watchTree('').then(
      () => {
        if (closed || mine !== generation) return;
        arming = false;
        if (why) log.info({ dir, folders: watchers.size }, 'watch: every folder is watched again');
        why = network
          ? `a network file system (${network}): changes made on other machines send no events here, so the schedule walks the whole folder`
          : undefined;
        if (network) log.warn({ dir }, `watch: ${why}`);
        // Back after it was gone, or after watches ran out: what is there now may differ from the last scan.
        if (recovering) changed(undefined);
        recovering = false;
      },
      (err: unknown) => {
        if (closed || mine !== generation) return;
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
          stop();
          retryLater();
        } else ranOut(err);
      },
    );
  }

  /** After events: is the watched folder still the one at `dir`? */
  const check = async (): Promise<void> => {
    const now = await stat(dir).then(
      (s) => s.ino,
      () => undefined,
    );
    if (!closed && watchers.size > 0 && now !== inode) {
      log.warn({ dir }, 'watch: the posts folder was removed or replaced; watching for it again');
      lost();
    }
  };

  const ready = arm();
  return {
    ready,
    active: () => watchers.size > 0,
    complete: () => watchers.size > 0 && why === undefined && !arming,
    why: () => (watchers.size > 0 || why ? why : 'the posts folder is missing'),
    folders: () => watchers.size,
    close: () => {
      closed = true;
      clearTimeout(debounce);
      clearTimeout(retry);
      stop();
    },
  };
}

/** The name of the network file system `dir` is on, or undefined for a local one (or where statfs cannot tell). */
function networkFileSystem(dir: string, fsType?: (dir: string) => number): string | undefined {
  let type: number;
  try {
    type = fsType ? fsType(dir) : Number(statfsSync(dir).type);
  } catch {
    return undefined;
  }
  return NETWORK_FILE_SYSTEMS.get(type >>> 0);
}

function kernelQueue(): number {
  try {
    const n = Number(readFileSync('/proc/sys/fs/inotify/max_queued_events', 'utf8').trim());
    return Number.isInteger(n) && n > 0 ? n : DEFAULT_QUEUE;
  } catch {
    return DEFAULT_QUEUE;
  }
}
