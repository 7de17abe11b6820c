// Opens the cache file only if it may be trusted and is not too large, and reads it into the decoder in
// chunks of a bounded size, as far as asked. Node's fs.read asserts that one read's length fits in 31 bits
// (a 2–4 GiB file read in one call aborted the process, exit 134, on every start): no read here asks for
// more than READ_BYTES, however large the file, and nothing keeps the file whole in one Buffer.
import fs, { type FileHandle } from 'node:fs/promises';
import { constants } from 'node:fs';
import path from 'node:path';
import { CacheUnusable } from '../errors.js';
import { CacheDecoder, type DecoderOptions } from './codec.js';
import { distrust } from './trust.js';

/** One read's length: a few ms of copying and hashing for the decoder, and few system calls for 50 MB. */
const READ_BYTES = 1 << 20;

const { O_RDONLY, O_NOFOLLOW, O_NONBLOCK } = constants;
// A symbolic link is not followed (it could name any file the service can read), nor is a pipe waited on.
const FLAGS = O_RDONLY | (O_NOFOLLOW ?? 0) | (O_NONBLOCK ?? 0);

export interface OpenOptions {
  /** The user who alone may have written the folder and the file (undefined: no owners to check). */
  readonly uid: number | undefined;
  /** Larger files are not read (config diskCache.maxBytes). */
  readonly maxBytes: number;
  /** One read's length (tests make it small). */
  readonly readBytes?: number;
  /** How values are decoded (CacheDecoder). */
  readonly decoding?: DecoderOptions;
}

/**
 * The cache file, open, with its decoder; throws CacheUnusable (why it is not read) or a file-system
 * error (ENOENT: there is none yet). Close it with `close`.
 */
export async function openCacheFile(file: string, options: OpenOptions): Promise<CacheFileRead> {
  // The folder first: a link or another user's folder is not looked into.
  const folderWhy = distrust(await fs.lstat(path.dirname(file)), 'folder', options.uid);
  if (folderWhy) throw new CacheUnusable(folderWhy);
  let handle: FileHandle;
  try {
    handle = await fs.open(file, FLAGS);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ELOOP') throw new CacheUnusable('it is a symbolic link');
    throw err;
  }
  try {
    // Judged on the descriptor: whatever was put at the name after the checks above, this is what is read.
    const stat = await handle.stat();
    if (stat.isDirectory()) {
      throw Object.assign(new Error(`EISDIR: illegal operation on a directory, read '${file}'`), { code: 'EISDIR', syscall: 'read', path: file });
    }
    const why = distrust(stat, 'file', options.uid);
    if (why) throw new CacheUnusable(why);
    if (stat.size > options.maxBytes) {
      throw new CacheUnusable(`it is ${stat.size} bytes, over diskCache.maxBytes (${options.maxBytes})`);
    }
    return new CacheFileRead(handle, stat.size, options.readBytes ?? READ_BYTES, options.decoding);
  } catch (err) {
    await handle.close().catch(() => undefined);
    throw err;
  }
}

/** A cache file read front to back into its decoder, a bounded chunk at a time. */
export class CacheFileRead {
  readonly size: number;
  readonly decoder: CacheDecoder;
  readonly #handle: FileHandle;
  readonly #chunk: Buffer;
  /** Bytes of the file read so far, and the part of the chunk the decoder has not taken yet. */
  #at = 0;
  #from = 0;
  #to = 0;

  constructor(handle: FileHandle, size: number, readBytes: number, decoding?: DecoderOptions) {
    this.#handle = handle;
    this.size = size;
    this.decoder = new CacheDecoder(size, decoding);
    // Reused for every read: the decoder copies out what it keeps.
    this.#chunk = Buffer.allocUnsafe(Math.max(1, Math.min(readBytes, size)));
  }

  /**
   * Reads on until `groups` groups have passed their checksum (all of them: to the end, which is then
   * checked). The decoder decodes each chunk as it takes it (a few ms), so a read is also the decoding;
   * `signal` stops it between chunks.
   */
  async readGroups(groups: number, signal?: AbortSignal): Promise<void> {
    const { decoder } = this;
    while (decoder.ready < groups && !decoder.complete) {
      signal?.throwIfAborted();
      if (this.#from === this.#to) {
        if (this.#at >= this.size) {
          decoder.end();
          return;
        }
        const { bytesRead } = await this.#handle.read(this.#chunk, 0, Math.min(this.#chunk.length, this.size - this.#at), this.#at);
        // The file shrank since it was opened: a writer replaces it by renaming, so this one was cut.
        if (bytesRead === 0) throw new CacheUnusable('checksum mismatch (truncated, corrupted or half-written)');
        this.#at += bytesRead;
        this.#from = 0;
        this.#to = bytesRead;
      }
      this.#from += decoder.push(this.#chunk.subarray(this.#from, this.#to));
    }
  }

  /** Reads the rest, and checks that nothing is left after the last group. */
  async readAll(signal?: AbortSignal): Promise<void> {
    await this.readGroups(Number.POSITIVE_INFINITY, signal);
    if (this.#from !== this.#to || this.#at !== this.size) throw new CacheUnusable('bytes left after the last group');
  }

  close(): Promise<void> {
    return this.#handle.close();
  }
}
