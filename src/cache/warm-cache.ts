// The warm-restart cache: what a rescan learned (each file's record and parse, the prepared contents and
// items of the posts the feeds show, the snapshot's documents) written to one file after each rescan that
// changed something, and read at start. The file has two checksummed parts: first the documents and a
// table of the files they were built from (path, size, mtime), then the records, contents and items. A
// start reads, checks and decodes the first part only; when every file is as the table says, it serves
// those documents at once, and reads and decodes the rest while serving, for the first rescan to take
// over (it reads and renders nothing then). The file is never trusted blindly: its folder and itself must
// be this user's alone (trust.ts), its size under diskCache.maxBytes, and its format, feedwright's version
// and build (build-key.ts), the config's hash and each part's checksum must match, or it is reported in
// one line and that part is ignored. It is written through atomic-write.ts (every byte checked, synced,
// then renamed over the old one), so a full disk or a kill leaves the old file or the new one, and a
// failed write is reported as failed, with its reason. A rescan whose change from what the files hold
// can be told cheaply (an edit heard by the watcher or named by a webhook) appends a frame of what
// changed to the journal beside the file instead (journal.ts), until the journal is a quarter of the
// file's size: a start applies its whole frames. Nothing here can fail a rescan or the start: every
// failure is a warning.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { replaceFile, type WriteFs } from '../atomic-write.js';
import { removeOwned } from '../owned-path.js';
import { errorCode, errorReason, isSystemError } from '../fs-error.js';
import { CacheUnusable, FeedwrightError } from '../errors.js';
import type { FileTable } from '../posts/scanned-file.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import { runSliced } from '../slices.js';
import { buildKey } from './build-key.js';
import { warmCacheFile } from './cache-path.js';
import { openCacheFile, type CacheFileRead } from './cache-file.js';
import { encodeCache, CACHE_FORMAT, type CacheHeader } from './codec.js';
import { applyingToFirst, applyToRest, deltaOf, encodeFrame, isEmpty, type JournalDelta } from './journal.js';
import { appendFrame, readJournal } from './journal-file.js';
import { DECODING, firstPartOf, partsOf, restOf, tableOf, type WarmState } from './state-parts.js';
import { currentUser, distrust } from './trust.js';

export type { WarmState } from './state-parts.js';

/** What a start reads first: the documents, and what tells whether they still hold; the rest on demand. */
export interface WarmStart {
  readonly snapshot: Snapshot;
  /** Every file the documents were built from, as its scan saw it. */
  readonly files: FileTable;
  readonly dueAt: number | undefined;
  /**
   * Reads, and so decodes, the records, contents and items, a chunk at a time (`signal` stops it between
   * chunks); undefined (and one warning) if that part is unusable.
   */
  rest(signal?: AbortSignal): Promise<WarmState | undefined>;
}

export interface WarmCacheOptions {
  /** The cache root (config diskCache.dir); one folder per site below it. */
  readonly root: string;
  /** Hash of the config: part of the folder's name, and checked in the file. */
  readonly configHash: string;
  readonly postsDir: string;
  readonly version: string;
  readonly warn: (message: string) => void;
  /** A file larger than this is not read, nor written (config diskCache.maxBytes). */
  readonly maxBytes?: number;
  /** What made the bytes besides the version (build-key.ts); tests name one (or settle it when they choose). */
  readonly build?: string | Promise<string>;
  /** The user who alone may write the folder and the file; by default the one the service runs as (tests name another). */
  readonly uid?: number | undefined;
  /** The file system the writes go to (tests fail them as a full disk does). */
  readonly fs?: WriteFs;
  /** One read's length (tests make it small). */
  readonly readBytes?: number;
  /** The journal is written whole into the file once it would pass this share of the file's size (tests: 0 for no journal). */
  readonly journalShare?: number;
}

/** How the last write tried ended. */
export type WriteAttempt =
  /** `journal`: a frame appended to the journal (`bytes` its length), not the file written whole. */
  | { readonly at: string; readonly ok: true; readonly bytes: number; readonly journal?: true }
  | { readonly at: string; readonly ok: false; readonly reason: string };

export interface WarmCacheStatus {
  readonly file: string;
  /** The file's size, as last read or written whole (a failed write leaves the old file, and this). */
  readonly bytes: number | undefined;
  /** What the file holds, as last read or written: a record per file, and the snapshot's documents. */
  readonly entries: { readonly records: number; readonly documents: number } | undefined;
  /** When the file was last written whole or a journal frame appended (ISO time); a failed write never sets it. */
  readonly lastWrite: string | undefined;
  /** The journal beside the file: its bytes and frames (0 and 0: none), as last read or written. */
  readonly journal: { readonly file: string; readonly bytes: number; readonly frames: number };
  /** The last write tried: a failed one says why, and replaced nothing. */
  readonly lastAttempt: WriteAttempt | undefined;
  readonly writes: number;
  readonly failedWrites: number;
  /** Failed writes by code (ENOSPC, EDQUOT, FW_ERR_SHORT_WRITE…). */
  readonly failures: Readonly<Record<string, number>>;
  /** What the start found: the posts and documents it took over, or why it used nothing. */
  readonly atStart: {
    readonly used: boolean;
    readonly reason?: string;
    readonly records?: number;
    readonly documents?: number;
    readonly ms?: number;
    /** Journal frames applied over the file. */
    readonly frames?: number;
    /** Its documents were served before the first rescan: every file was as the cache saw it. */
    readonly servedAtOnce?: boolean;
    /** What the first rescan then took from the cache and what it still had to do (see started). */
    readonly reused?: StartReuse;
  };
}

/** Files the first rescan took from the cache or read, documents it took over or rendered. */
export interface StartReuse {
  readonly files: number;
  readonly read: number;
  readonly documents: number;
  readonly rendered: number;
}

/** The journal is written into the file, whole, once it would pass this share of the file's size. */
const JOURNAL_SHARE = 0.25;
/** diskCache.maxBytes unset: 20 times the 51 MB of a 10,000-post site (docs/internals/warm-restarts.md). */
export const DEFAULT_MAX_BYTES = 1024 * 1024 * 1024;

export class WarmCache {
  readonly #options: WarmCacheOptions;
  readonly file: string;
  readonly journal: string;
  readonly #maxBytes: number;
  readonly #uid: number | undefined;
  /** Started at once: hashing the code takes some ms, done while the start does other things. */
  readonly #build: Promise<string>;
  #bytes: number | undefined;
  #entries: WarmCacheStatus['entries'];
  #lastWrite: string | undefined;
  #lastAttempt: WriteAttempt | undefined;
  #writes = 0;
  #failedWrites = 0;
  readonly #failures: Record<string, number> = {};
  #atStart: WarmCacheStatus['atStart'] = { used: false, reason: 'not read yet' };
  /** The write in flight, and the state waiting to be written after it (only the newest is kept). */
  #writing: Promise<void> | undefined;
  #next: WarmState | undefined;
  /**
   * The state the file and its journal hold, and the file's id: a frame is what changed since. Undefined
   * when that is not known (no file read or written whole yet, or an append failed): the next write is whole.
   */
  #written: { readonly state: WarmState; readonly id: string } | undefined;
  #journalBytes = 0;
  #frames = 0;

  constructor(options: WarmCacheOptions) {
    this.#options = options;
    this.#maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    this.#uid = 'uid' in options ? options.uid : currentUser();
    this.#build = options.build === undefined ? buildKey() : Promise.resolve(options.build);
    // A key that cannot be made (unreadable code) is a cache never matched: said at load, not thrown here.
    this.#build.catch(() => undefined);
    this.file = warmCacheFile(options.root, options.postsDir, options.configHash);
    this.journal = `${this.file}.journal`;
  }

  /** Whether there is a file to load (a cold start need not list the folder to compare with one). */
  async present(): Promise<boolean> {
    return fs.access(this.file).then(
      () => true,
      () => false,
    );
  }

  /**
   * The file's first part (the documents, and the files they were built from), or undefined (and one
   * warning saying why, unless there is no file yet). The rest is read and decoded by the answer's `rest`.
   */
  async load(signal?: AbortSignal): Promise<WarmStart | undefined> {
    const started = performance.now();
    let input: CacheFileRead;
    try {
      const { readBytes } = this.#options;
      input = await openCacheFile(this.file, { uid: this.#uid, maxBytes: this.#maxBytes, decoding: DECODING, ...(readBytes ? { readBytes } : {}) });
    } catch (err) {
      if (!(err instanceof CacheUnusable) && !isFsError(err)) throw err;
      const code = err instanceof CacheUnusable ? undefined : (err.code ?? String(err));
      const reason = err instanceof CacheUnusable ? err.message : code === 'ENOENT' ? 'no cache yet' : `cannot read it (${code})`;
      this.#atStart = { used: false, reason };
      if (code !== 'ENOENT') this.#options.warn(`warm cache ${this.file}: ${reason}; ${err instanceof CacheUnusable ? 'ignored, ' : ''}starting cold`);
      return undefined;
    }
    let closing = true;
    try {
      this.#bytes = input.size;
      await input.readGroups(1, signal);
      const first = input.decoder.nextGroup();
      // The header is vouched for by the first part's checksum: only now are its claims believed.
      await this.#checkHeader(input);
      const id = input.decoder.header?.id;
      const deltas = id === undefined ? [] : await this.#readJournal(id, signal);
      const { snapshot, files, dueAt } = await runSliced(applyingToFirst(firstPartOf(first), deltas), signal);
      const frames = deltas.length > 0 ? { frames: deltas.length } : {};
      this.#atStart = { used: true, documents: snapshot.entries.size, ms: Math.round(performance.now() - started), ...frames };
      // The rest is read when asked for (the start asks once the documents are served), a chunk at a time:
      // reading is decoding now, and decoding it first would make them wait (~25 ms at 10,000 posts).
      closing = false;
      // A stop before the rest is asked for closes the file (the listener goes once it is: it holds the decoder).
      const onAbort = (): void => void input.close().catch(() => undefined);
      signal?.addEventListener('abort', onAbort, { once: true });
      // (A stop that came before the listener: no event will come.)
      if (signal?.aborted) onAbort();
      let read: Promise<unknown> | undefined;
      const readRest = (stop: AbortSignal | undefined): Promise<unknown> => {
        signal?.removeEventListener('abort', onAbort);
        // Settled, so that a failed read is the `rest` caller's to see as a value, never left unhandled.
        read ??= input
          .readAll(stop)
          .finally(() => input.close())
          .then(
            () => undefined,
            (err: unknown) => err,
          );
        return read;
      };
      return { snapshot, files, dueAt, rest: (s) => this.#rest(input, readRest(s), { snapshot, dueAt, deltas, id }) };
    } catch (err) {
      if (!(err instanceof CacheUnusable) && !isFsError(err)) throw err;
      const reason = err instanceof CacheUnusable ? err.message : `cannot read it (${err.code ?? String(err)})`;
      this.#atStart = { used: false, reason };
      this.#options.warn(`warm cache ${this.file}: ${reason}; ignored, starting cold`);
      return undefined;
    } finally {
      if (closing) await input.close().catch(() => undefined);
    }
  }

  /** The header's claims, in the order a reader would look for the cause: version, then build, then config. */
  async #checkHeader(input: CacheFileRead): Promise<void> {
    const header = input.decoder.header;
    if (!header) throw new CacheUnusable('no header');
    const { version, configHash } = this.#options;
    if (header.version !== version) throw new CacheUnusable(`written by feedwright ${header.version}, this is ${version}`);
    const build = await this.#build.catch(() => undefined);
    if (build === undefined) throw new CacheUnusable('the build of this feedwright cannot be told (its code could not be read)');
    if (header.build !== build) throw new CacheUnusable(`written by another build of feedwright ${version} (its code or dependencies differ)`);
    if (header.config !== configHash) throw new CacheUnusable('written under another config');
  }

  /**
   * The file's second part (records, contents, items), once the background read has it. Undefined (and
   * one warning) if it is unusable: the documents may have been served all the same, and the first rescan
   * then reads every post again.
   */
  async #rest(
    input: CacheFileRead,
    read: Promise<unknown>,
    first: { snapshot: Snapshot; dueAt: number | undefined; deltas: readonly JournalDelta[]; id: string | undefined },
  ): Promise<WarmState | undefined> {
    const started = performance.now();
    const { snapshot, dueAt, deltas, id } = first;
    try {
      const failed = await read;
      if (failed !== undefined) throw isFsError(failed) ? new CacheUnusable(`cannot read it (${failed.code ?? String(failed)})`) : failed;
      const rest = restOf(input.decoder.nextGroup());
      applyToRest(rest, deltas);
      const state: WarmState = { ...rest, snapshot, dueAt };
      // What the files hold: the rescanner takes these very maps over (records unchanged: LayeredMap.adopt),
      // so that the next write can tell what changed since without a pass over them.
      if (id !== undefined && this.#journalBytes >= 0) this.#written = { state, id };
      this.#entries = { records: state.records.size, documents: snapshot.entries.size };
      const ms = (this.#atStart.ms ?? 0) + Math.round(performance.now() - started);
      this.#atStart = { ...this.#atStart, records: state.records.size, ms };
      return state;
    } catch (err) {
      if (!(err instanceof CacheUnusable)) throw err;
      this.#atStart = { ...this.#atStart, used: false, reason: err.message };
      this.#options.warn(`warm cache ${this.file}: ${err.message}; its records are ignored, every post is read again`);
      return undefined;
    }
  }

  /**
   * The journal's whole frames for the file `id`; a journal of another file, cut, damaged or not to be
   * trusted is said once, and the next write is whole (which removes it).
   */
  async #readJournal(id: string, signal?: AbortSignal): Promise<JournalDelta[]> {
    const read = await readJournal(this.journal, { id, uid: this.#uid, maxBytes: this.#maxBytes, signal });
    if (!read) return [];
    this.#frames = read.deltas.length;
    this.#journalBytes = read.whole;
    if (read.problem) {
      // -1: not to be appended to; #rest then leaves #written unset, and the next write is whole.
      this.#journalBytes = -1;
      this.#options.warn(`warm cache journal ${this.journal}: ${read.problem}; the next write is whole`);
    }
    return read.deltas;
  }

  /** Notes that the start served the cache's documents before its first rescan (see WarmStart). */
  servedAtOnce(): void {
    this.#atStart = { ...this.#atStart, servedAtOnce: true };
  }

  /** Writes `state` in the background; a write in flight is followed by one more with the newest state. */
  save(state: WarmState): void {
    this.#next = state;
    this.#writing ??= this.#drain().finally(() => (this.#writing = undefined));
  }

  /**
   * The first rescan's figures, for what the start reused: every file it did not parse came from the
   * cache, every document it did not render was taken over. A cold start reuses nothing.
   */
  started(first: { files: number; parsed: number; documents: number; rendered: number }): void {
    const read = Math.min(first.parsed, first.files);
    const rendered = Math.min(first.rendered, first.documents);
    const reused = { files: first.files - read, read, documents: first.documents - rendered, rendered };
    this.#atStart = { ...this.#atStart, reused };
  }

  /** Settles when no write is in flight (for shutdown and tests). */
  async idle(): Promise<void> {
    while (this.#writing) await this.#writing;
  }

  status(): WarmCacheStatus {
    return {
      file: this.file,
      bytes: this.#bytes,
      entries: this.#entries,
      lastWrite: this.#lastWrite,
      lastAttempt: this.#lastAttempt,
      journal: { file: this.journal, bytes: Math.max(0, this.#journalBytes), frames: this.#frames },
      writes: this.#writes,
      failedWrites: this.#failedWrites,
      failures: { ...this.#failures },
      atStart: this.#atStart,
    };
  }

  async #drain(): Promise<void> {
    for (let state = this.#next; state; state = this.#next) {
      this.#next = undefined;
      try {
        const written = await this.#write(state);
        if (!written) continue;
        this.#entries = { records: state.records.size, documents: state.snapshot.entries.size };
        this.#lastWrite = new Date().toISOString();
        this.#lastAttempt = { at: this.#lastWrite, ok: true, bytes: written.bytes, ...(written.journal ? { journal: true as const } : {}) };
        this.#writes++;
      } catch (err) {
        if (!isFsError(err) && !(err instanceof CacheUnusable)) throw err;
        const { code, reason } = failure(err);
        this.#failedWrites++;
        this.#failures[code] = (this.#failures[code] ?? 0) + 1;
        this.#lastAttempt = { at: new Date().toISOString(), ok: false, reason: `${reason}; the file before it is kept` };
        this.#options.warn(`warm cache ${this.file}: cannot write it (${code}); the service runs on without it`);
      }
    }
  }

  /**
   * Appends what changed since the files' state to the journal, when that can be told and the journal
   * stays under its share of the file; else writes the file whole. Undefined when nothing changed.
   */
  async #write(state: WarmState): Promise<{ bytes: number; journal: boolean } | undefined> {
    const folder = path.dirname(this.file);
    // Made for this user alone; a folder someone else can write is refused, as it would be when read.
    await fs.mkdir(folder, { recursive: true, mode: 0o700 });
    const why = distrust(await fs.lstat(folder), 'folder', this.#uid);
    if (why) throw new CacheUnusable(why);
    const written = this.#written;
    const delta = written && this.#bytes !== undefined && this.#journalBytes >= 0 ? deltaOf(written.state, state) : undefined;
    if (written && delta) {
      if (isEmpty(delta, written.state)) {
        this.#written = { state, id: written.id };
        return undefined;
      }
      const frame = encodeFrame({ ...(await this.#header()), id: written.id }, delta);
      const share = this.#options.journalShare ?? JOURNAL_SHARE;
      if (this.#journalBytes + frame.length <= (this.#bytes ?? 0) * share) return { bytes: await this.#append(frame, state, written.id), journal: true };
    }
    const id = randomBytes(12).toString('hex');
    const table = await runSliced(tableOf(state.records));
    const bytes = await replaceFile(this.file, encodeCache({ ...(await this.#header()), id }, partsOf(state, table)), {
      root: folder,
      mode: 0o600,
      maxBytes: this.#maxBytes,
      ...(this.#options.fs ? { fs: this.#options.fs } : {}),
    });
    this.#bytes = bytes;
    this.#written = { state, id };
    this.#frames = 0;
    this.#journalBytes = 0;
    // The old journal follows the old id: a start would ignore it; it goes now, so the next frame starts a new one.
    await removeOwned(folder, this.journal).catch(() => {
      this.#journalBytes = -1;
    });
    return { bytes, journal: false };
  }

  /** One frame at the journal's end; a failed one is cut back (appendChecked), and the next write is whole. */
  async #append(frame: Buffer, state: WarmState, id: string): Promise<number> {
    try {
      this.#journalBytes = await appendFrame(this.journal, frame, {
        id,
        size: this.#journalBytes,
        root: path.dirname(this.file),
        fs: this.#options.fs,
      });
    } catch (err) {
      this.#journalBytes = -1;
      this.#written = undefined;
      throw err;
    }
    this.#frames++;
    this.#written = { state, id };
    return frame.length;
  }

  async #header(): Promise<Omit<CacheHeader, 'groups'>> {
    return { format: CACHE_FORMAT, version: this.#options.version, build: await this.#build, config: this.#options.configHash };
  }
}

/** A failed write's code (for /metrics) and reason (for /status and the warning). */
function failure(err: NodeJS.ErrnoException | CacheUnusable): { code: string; reason: string } {
  if (err instanceof CacheUnusable) return { code: 'untrusted-folder', reason: err.message };
  if (isSystemError(err)) return { code: errorCode(err), reason: errorReason(err) };
  if (err instanceof FeedwrightError) return { code: err.code, reason: err.message };
  return { code: err.code ?? 'error', reason: err.code ?? String(err) };
}

function isFsError(err: unknown): err is NodeJS.ErrnoException {
  return err instanceof Error && typeof (err as NodeJS.ErrnoException).code === 'string';
}
