// The warm-restart cache: what a rescan learned (each file's record and parse, the prepared contents and
// items of the posts the feeds show, the snapshot's documents) written to one file after each rescan that
// changed something, and read at start. The file has two checksummed parts: first the documents and a
// table of the files they were built from (path, size, mtime), then the records, contents and items. A
// start checks and decodes the first part only; when every file is as the table says, it serves those
// documents at once, and decodes the rest while serving, for the first rescan to take over (it reads and
// renders nothing then). The file is never trusted blindly: its format, feedwright's version, the config's
// hash and each part's checksum must match, or it is reported in one line and that part is ignored. It is
// written to a temporary name and renamed, so a kill leaves the old file or the new one. Nothing here can
// fail a rescan or the start: every failure is a warning.
import { createHash } from 'node:crypto';
import fs, { type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { FileRecord, FileTable } from '../../posts/scanned-file.js';
import type { PreparedContent } from '../../render/feed-document.js';
import type { ItemPiecesMap, PostItems } from '../../snapshot/item-cache.js';
import { DocumentBody } from '../../snapshot/body.js';
import type { Snapshot, SnapshotEntry } from '../../snapshot/snapshot.js';
import { runSliced } from '../slices.js';
import { CacheReader, CacheUnusable, encodeCache, CACHE_FORMAT, type Section } from './codec.js';
import { isAlive } from '../../pid.js';

/** What a rescan knows that a restart would otherwise make again. */
export interface WarmState {
  readonly records: ReadonlyMap<string, FileRecord>;
  readonly contents: ReadonlyMap<string, PreparedContent>;
  readonly items: ItemPiecesMap;
  readonly snapshot: Snapshot;
  /** When the first scheduled post falls due (undefined: none is): the documents are out of date from then. */
  readonly dueAt: number | undefined;
}

/** What a start reads first: the documents, and what tells whether they still hold; the rest on demand. */
export interface WarmStart {
  readonly snapshot: Snapshot;
  /** Every file the documents were built from, as its scan saw it. */
  readonly files: FileTable;
  readonly dueAt: number | undefined;
  /** Decodes the records, contents and items, in slices; undefined (and one warning) if that part is unusable. */
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
}

export interface WarmCacheStatus {
  readonly file: string;
  readonly bytes: number | undefined;
  /** What the file holds, as last read or written: a record per file, and the snapshot's documents. */
  readonly entries: { readonly records: number; readonly documents: number } | undefined;
  readonly lastWrite: string | undefined;
  readonly writes: number;
  readonly failedWrites: number;
  /** What the start found: the posts and documents it took over, or why it used nothing. */
  readonly atStart: {
    readonly used: boolean;
    readonly reason?: string;
    readonly records?: number;
    readonly documents?: number;
    readonly ms?: number;
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

const FILE = 'state.bin';

export class WarmCache {
  readonly #options: WarmCacheOptions;
  readonly file: string;
  #bytes: number | undefined;
  #entries: WarmCacheStatus['entries'];
  #lastWrite: string | undefined;
  #writes = 0;
  #failedWrites = 0;
  #atStart: WarmCacheStatus['atStart'] = { used: false, reason: 'not read yet' };
  /** The write in flight, and the state waiting to be written after it (only the newest is kept). */
  #writing: Promise<void> | undefined;
  #next: WarmState | undefined;

  constructor(options: WarmCacheOptions) {
    this.#options = options;
    // Posts folder + config: two sites under one root never share a file.
    const site = createHash('sha256').update(`${options.postsDir}\0${options.configHash}`).digest('hex').slice(0, 16);
    this.file = path.join(options.root, site, FILE);
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
   * warning saying why, unless there is no file yet). The rest is decoded by the answer's `rest`.
   */
  async load(signal?: AbortSignal): Promise<WarmStart | undefined> {
    const started = performance.now();
    let file: FileHandle;
    try {
      file = await fs.open(this.file, 'r');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? String(err);
      this.#atStart = { used: false, reason: code === 'ENOENT' ? 'no cache yet' : `cannot read it (${code})` };
      if (code !== 'ENOENT') this.#options.warn(`warm cache ${this.file}: cannot read it (${code}); starting cold`);
      return undefined;
    }
    let closing = true;
    try {
      // Only the first part is read before serving (reading 100 MB takes ~0.3 s here); the rest is read
      // meanwhile, by the thread pool, for `rest`.
      const input = new PartialRead(file, (await file.stat()).size);
      this.#bytes = input.bytes.length;
      await input.readTo(HEAD_BYTES);
      const reader = new CacheReader(input.bytes, input.loaded);
      for (let at = reader.nextGroupEnd(input.loaded); 'need' in at; at = reader.nextGroupEnd(input.loaded)) await input.readTo(Math.max(at.need, input.loaded + READ_AHEAD));
      const first = await runSliced(reader.next(input.loaded), signal);
      // The header is vouched for by the first part's checksum: only now are its claims believed.
      const { header } = reader;
      if (header.version !== this.#options.version) throw new CacheUnusable(`written by feedwright ${header.version}, this is ${this.#options.version}`);
      if (header.config !== this.#options.configHash) throw new CacheUnusable('written under another config');
      const { snapshot, files, dueAt } = firstPartOf(first);
      this.#atStart = { used: true, documents: snapshot.entries.size, ms: Math.round(performance.now() - started) };
      const whole = input.readTo(input.bytes.length).finally(() => file.close());
      closing = false;
      // Settled now, so that a `rest` never asked for leaves no rejection unhandled.
      const read = whole.then(() => undefined, (err: unknown) => err);
      return { snapshot, files, dueAt, rest: (s) => this.#rest(reader, read, snapshot, dueAt, s) };
    } catch (err) {
      if (!(err instanceof CacheUnusable) && !isFsError(err)) throw err;
      const reason = err instanceof CacheUnusable ? err.message : `cannot read it (${(err as NodeJS.ErrnoException).code ?? String(err)})`;
      this.#atStart = { used: false, reason };
      this.#options.warn(`warm cache ${this.file}: ${reason}; ignored, starting cold`);
      return undefined;
    } finally {
      if (closing) await file.close().catch(() => undefined);
    }
  }

  /**
   * The file's second part (records, contents, items), once the background read has it. Undefined (and
   * one warning) if it is unusable: the documents may have been served all the same, and the first rescan
   * then reads every post again.
   */
  async #rest(reader: CacheReader, read: Promise<unknown>, snapshot: Snapshot, dueAt: number | undefined, signal?: AbortSignal): Promise<WarmState | undefined> {
    const started = performance.now();
    try {
      const failed = await read;
      if (failed !== undefined) throw isFsError(failed) ? new CacheUnusable(`cannot read it (${failed.code ?? String(failed)})`) : failed;
      const state = { ...restOf(await runSliced(reader.next(), signal)), snapshot, dueAt };
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
      writes: this.#writes,
      failedWrites: this.#failedWrites,
      atStart: this.#atStart,
    };
  }

  async #drain(): Promise<void> {
    for (let state = this.#next; state; state = this.#next) {
      this.#next = undefined;
      try {
        this.#bytes = await this.#write(state);
        this.#entries = { records: state.records.size, documents: state.snapshot.entries.size };
        this.#lastWrite = new Date().toISOString();
        this.#writes++;
      } catch (err) {
        this.#failedWrites++;
        const code = (err as NodeJS.ErrnoException).code;
        this.#options.warn(`warm cache ${this.file}: cannot write it (${code ?? String(err)}); the service runs on without it`);
      }
    }
  }

  /** Encodes in time slices into a temporary file beside the real one, then renames it into place. */
  async #write(state: WarmState): Promise<number> {
    await fs.mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 });
    await removeLeftovers(this.file);
    const temp = `${this.file}.${process.pid}.tmp`;
    const handle = await fs.open(temp, 'w', 0o600);
    let bytes = 0;
    try {
      const pieces = encodeCache({ format: CACHE_FORMAT, version: this.#options.version, config: this.#options.configHash }, partsOf(state));
      let batch: Buffer[] = [];
      let batched = 0;
      for (const piece of pieces) {
        batch.push(piece);
        batched += piece.length;
        // Written in batches of ~1 MiB: each await lets requests in, and bounds what is held in memory.
        if (batched >= 1 << 20) {
          await handle.writev(batch);
          bytes += batched;
          batch = [];
          batched = 0;
        }
      }
      await handle.writev(batch);
      bytes += batched;
      // On disk before the rename: after a crash the name points at the whole new file or the old one.
      await handle.sync();
    } catch (err) {
      await handle.close().catch(() => undefined);
      await fs.rm(temp, { force: true });
      throw err;
    }
    await handle.close();
    await fs.rename(temp, this.file);
    return bytes;
  }
}

/** The file's two parts: what a start serves at once and checks it by; then what the first rescan takes over. */
function partsOf(state: WarmState): Section[][] {
  // The archive index is the scopes' post lists: made again by the first rescan, not kept on disk.
  const { entries, archive: _archive, ...snapshot } = state.snapshot;
  return [
    [
      ['files', [encodeTable(state.records)]],
      // A DocumentBody is a class: its chunks are kept, and the body made again from them.
      ['entries', [...entries.values()].map((e) => ({ ...e, body: e.body.chunks }))],
      ['snapshot', [{ ...snapshot, dueAt: state.dueAt ?? null }]],
    ],
    [
      ['records', [...state.records]],
      ['contents', [...state.contents]],
      ['items', [...state.items]],
    ],
  ];
}

function section(sections: ReadonlyMap<string, unknown[]>, name: string): unknown[] {
  const values = sections.get(name);
  if (!values) throw new CacheUnusable(`no ${name} section`);
  return values;
}

function firstPartOf(sections: ReadonlyMap<string, unknown[]>): Pick<WarmStart, 'snapshot' | 'files' | 'dueAt'> {
  const entries = (section(sections, 'entries') as (Omit<SnapshotEntry, 'body'> & { body: Buffer[] })[]).map((e): SnapshotEntry => ({ ...e, body: new DocumentBody(e.body) }));
  const [rest] = section(sections, 'snapshot') as (Omit<Snapshot, 'entries'> & { dueAt: number | null })[];
  const [table] = section(sections, 'files') as EncodedTable[];
  if (!rest || !table) throw new CacheUnusable('no snapshot');
  const { dueAt, ...snapshot } = rest;
  return { snapshot: { ...snapshot, entries: new Map(entries.map((e) => [e.path, e])) }, files: decodeTable(table), dueAt: dueAt ?? undefined };
}

function restOf(sections: ReadonlyMap<string, unknown[]>): Omit<WarmState, 'snapshot' | 'dueAt'> {
  return {
    records: new Map(section(sections, 'records') as [string, FileRecord][]),
    contents: new Map(section(sections, 'contents') as [string, PreparedContent][]),
    items: new Map(section(sections, 'items') as [string, PostItems][]),
  };
}

/** A FileTable on disk: paths joined by NUL (no path holds one), sizes and times as raw float64s. */
interface EncodedTable {
  readonly paths: string;
  readonly sizes: Buffer;
  readonly mtimes: Buffer;
}

function encodeTable(records: ReadonlyMap<string, FileRecord>): EncodedTable {
  const sizes = new Float64Array(records.size);
  const mtimes = new Float64Array(records.size);
  let i = 0;
  for (const record of records.values()) {
    sizes[i] = record.size;
    mtimes[i++] = record.mtimeMs;
  }
  const raw = (a: Float64Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  return { paths: [...records.keys()].join('\0'), sizes: raw(sizes), mtimes: raw(mtimes) };
}

function decodeTable(t: EncodedTable): FileTable {
  const paths = t.paths === '' ? [] : t.paths.split('\0');
  // Copied: a view of the file need not be 8-byte aligned, as a Float64Array must be.
  const floats = (b: Buffer): Float64Array => new Float64Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.length));
  const sizes = floats(t.sizes);
  const mtimes = floats(t.mtimes);
  if (sizes.length !== paths.length || mtimes.length !== paths.length) throw new CacheUnusable('the file table does not add up');
  return { paths, sizes, mtimes };
}

/** The first bytes read: the header is in them (a few hundred bytes), and often the first part's start. */
const HEAD_BYTES = 1 << 20;
/** Read on in steps of this much while looking for the first part's end: a few reads for 20 MB, not much past it. */
const READ_AHEAD = 4 << 20;

/** A file read into a buffer of its size, front to back, as far as asked. */
class PartialRead {
  readonly bytes: Buffer;
  loaded = 0;
  readonly #file: FileHandle;

  constructor(file: FileHandle, size: number) {
    this.#file = file;
    this.bytes = Buffer.allocUnsafe(size);
  }

  /** Reads on to `end` (at most the size), in as few calls as the system allows. */
  async readTo(end: number): Promise<void> {
    const to = Math.min(end, this.bytes.length);
    while (this.loaded < to) {
      const { bytesRead } = await this.#file.read(this.bytes, this.loaded, to - this.loaded, this.loaded);
      // The file shrank since it was opened: a writer replaces it by renaming, so this one was cut.
      if (bytesRead === 0) throw new CacheUnusable('checksum mismatch (truncated, corrupted or half-written)');
      this.loaded += bytesRead;
    }
  }
}

function isFsError(err: unknown): err is NodeJS.ErrnoException {
  return err instanceof Error && typeof (err as NodeJS.ErrnoException).code === 'string';
}

/** Temporary files of writers that were killed (their pid is gone): nothing else would ever remove them. */
async function removeLeftovers(file: string): Promise<void> {
  const prefix = `${path.basename(file)}.`;
  const names = await fs.readdir(path.dirname(file)).catch(() => [] as string[]);
  for (const name of names) {
    const pid = Number(/^(\d+)\.tmp$/.exec(name.slice(prefix.length))?.[1]);
    if (!name.startsWith(prefix) || !Number.isInteger(pid) || pid === process.pid || isAlive(pid)) continue;
    await fs.rm(path.join(path.dirname(file), name), { force: true });
  }
}
