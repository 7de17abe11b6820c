// The warm-restart cache: what a rescan learned (each file's record and parse, the prepared contents and
// items of the posts the feeds show, the snapshot's documents) written to one file after each rescan that
// changed something, and read at start, so a restart over unchanged posts stats the files and serves the
// very same bytes without reading or rendering a post. The file is never trusted blindly: its format,
// feedwright's version, the config's hash and a checksum over every byte must match, or it is reported in
// one line and ignored. It is written to a temporary name and renamed, so a kill leaves the old file or
// the new one. Nothing here can fail a rescan or the start: every failure is a warning.
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { FileRecord } from '../../posts/scanned-file.js';
import type { PreparedContent } from '../../render/feed-document.js';
import type { ItemPiecesMap, PostItems } from '../../snapshot/item-cache.js';
import { DocumentBody } from '../../snapshot/body.js';
import type { Snapshot, SnapshotEntry } from '../../snapshot/snapshot.js';
import { runSliced } from '../slices.js';
import { CacheUnusable, decodeCache, encodeCache, readHeader, CACHE_FORMAT } from './codec.js';
import { isAlive } from '../../pid.js';

/** What a rescan knows that a restart would otherwise make again. */
export interface WarmState {
  readonly records: ReadonlyMap<string, FileRecord>;
  readonly contents: ReadonlyMap<string, PreparedContent>;
  readonly items: ItemPiecesMap;
  readonly snapshot: Snapshot;
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

  /** The state the file holds, or undefined (and one warning saying why, unless there is no file yet). */
  async load(signal?: AbortSignal): Promise<WarmState | undefined> {
    const started = performance.now();
    let bytes: Buffer;
    try {
      bytes = await fs.readFile(this.file);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? String(err);
      this.#atStart = { used: false, reason: code === 'ENOENT' ? 'no cache yet' : `cannot read it (${code})` };
      if (code !== 'ENOENT') this.#options.warn(`warm cache ${this.file}: cannot read it (${code}); starting cold`);
      return undefined;
    }
    this.#bytes = bytes.length;
    try {
      const { header, bodyStart } = readHeader(bytes);
      if (header.version !== this.#options.version) throw new CacheUnusable(`written by feedwright ${header.version}, this is ${this.#options.version}`);
      if (header.config !== this.#options.configHash) throw new CacheUnusable('written under another config');
      const sections = await runSliced(decodeCache(bytes, header, bodyStart), signal);
      const state = stateOf(sections);
      this.#entries = { records: state.records.size, documents: state.snapshot.entries.size };
      this.#atStart = { used: true, records: state.records.size, documents: state.snapshot.entries.size, ms: Math.round(performance.now() - started) };
      return state;
    } catch (err) {
      if (!(err instanceof CacheUnusable)) throw err;
      this.#atStart = { used: false, reason: err.message };
      this.#options.warn(`warm cache ${this.file}: ${err.message}; ignored, starting cold`);
      return undefined;
    }
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
      const pieces = encodeCache({ format: CACHE_FORMAT, version: this.#options.version, config: this.#options.configHash }, sectionsOf(state));
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

function sectionsOf(state: WarmState): (readonly [string, readonly unknown[]])[] {
  // The archive index is the scopes' post lists: made again by the first rescan, not kept on disk.
  const { entries, archive: _archive, ...snapshot } = state.snapshot;
  return [
    ['records', [...state.records]],
    ['contents', [...state.contents]],
    ['items', [...state.items]],
    // A DocumentBody is a class: its chunks are kept, and the body made again from them.
    ['entries', [...entries.values()].map((e) => ({ ...e, body: e.body.chunks }))],
    ['snapshot', [snapshot]],
  ];
}

function stateOf(sections: ReadonlyMap<string, unknown[]>): WarmState {
  const section = (name: string): unknown[] => {
    const values = sections.get(name);
    if (!values) throw new CacheUnusable(`no ${name} section`);
    return values;
  };
  const entries = (section('entries') as (Omit<SnapshotEntry, 'body'> & { body: Buffer[] })[]).map((e): SnapshotEntry => ({ ...e, body: new DocumentBody(e.body) }));
  const [rest] = section('snapshot') as Omit<Snapshot, 'entries'>[];
  if (!rest) throw new CacheUnusable('no snapshot');
  return {
    records: new Map(section('records') as [string, FileRecord][]),
    contents: new Map(section('contents') as [string, PreparedContent][]),
    items: new Map(section('items') as [string, PostItems][]),
    snapshot: { ...rest, entries: new Map(entries.map((e) => [e.path, e])) },
  };
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
