// Reads one post file and parses it, and reads bodies back for the feeds: what any thread does with one
// file, the main thread and the pool's workers alike. Holds no state but a read buffer.
import { hash as oneShot } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { problem, type Problem } from '../errors.js';
import type { PostBody } from './post.js';
import { measureMedia } from './media-files.js';
import { FileReader, type FileRead } from './read-file.js';
import { postBody, readPost } from './read-post.js';
import type { ScanOptions } from './options.js';
import { openPath, type ListedFile, type ReadOutcome } from './scanned-file.js';

export interface BodyRequest {
  readonly path: string;
  readonly hash: string;
}

/** A body for a post, or why it is not available any more (the file changed or vanished since the scan). */
export type BodyAnswer =
  | { readonly path: string; readonly hash: string; readonly body: PostBody; readonly stale: boolean }
  | { readonly path: string; readonly hash: string; readonly missing: true };

export function hashBytes(bytes: Uint8Array): string {
  // The one-shot form: a Hash object per file costs more than hashing a small file does. 128 bits of it
  // tell one version of a file from another; every file keeps its hash for as long as the service runs,
  // and 22 characters are 24 bytes less than 43 (24 MB at a million posts). Made from the digest's bytes,
  // not sliced from its text: a slice would keep the whole text alive.
  return oneShot('sha256', bytes, 'buffer').toString('base64url', 0, 16);
}

/**
 * Reads and parses single files. Holds no state but a buffer, so any thread can read any file: the main
 * thread and the pool's workers share the reading of a big scan (src/sources/pool/pool.ts).
 */
export class PostReader {
  readonly #options: Pick<ScanOptions, 'maxBytes' | 'read'>;
  /** One buffer every read goes into: a new one per file would cost more than the reading itself. */
  readonly #reader = new FileReader();

  constructor(options: Pick<ScanOptions, 'maxBytes' | 'read'>) {
    this.#options = options;
  }

  read(file: ListedFile): ReadOutcome {
    const { maxBytes } = this.#options;
    if (file.size !== undefined && file.mtimeMs !== undefined && file.size > maxBytes) return tooLarge(file.rel, file.size, file.mtimeMs, maxBytes);
    try {
      // A view of the shared buffer: valid until the next read, and nothing here keeps it longer.
      const read = this.#reader.read(openPath(file), maxBytes);
      const { size, mtimeMs } = read;
      if (read.kind === 'too-large') return tooLarge(file.rel, size, mtimeMs, maxBytes);
      if (read.kind === 'not-a-file') return rejected(problem('FW_POST_NOT_A_FILE', file.rel, read.what), size, mtimeMs);
      const hash = hashBytes(read.bytes);
      if (hash === file.hash) return { kind: 'same', size, mtimeMs };
      try {
        const parsed = readPost({ path: file.rel, bytes: read.bytes, hash, mtimeMs }, this.#options.read);
        if (parsed.kind === 'post') {
          const { body: _dropped, ...result } = parsed;
          const { mediaDir } = this.#options.read;
          if (mediaDir === undefined || !result.post.media) return { kind: 'read', record: { ...result, size, mtimeMs, hash } };
          // The post's own files are measured here, by the thread that read it (media-files.ts).
          const measured = measureMedia(result.post, mediaDir);
          const media = measured.stamps.length > 0 ? { media: measured.stamps } : {};
          const record = { ...result, post: measured.post, problems: [...result.problems, ...measured.problems], size, mtimeMs, hash, ...media };
          return { kind: 'read', record };
        }
        return { kind: 'read', record: { ...parsed, size, mtimeMs, hash } };
      } catch (err) {
        // Whatever one file does (a stack overflow included) is that file's problem, never the rescan's.
        return rejected(problem('FW_POST_FAILED', file.rel, errorText(err)), size, mtimeMs, hash);
      }
    } catch (err) {
      return { kind: 'unreadable', code: (err as NodeJS.ErrnoException).code ?? errorText(err) };
    }
  }
}

function tooLarge(rel: string, size: number, mtimeMs: number, maxBytes: number): ReadOutcome {
  return rejected(problem('FW_POST_TOO_LARGE', rel, `${size} bytes, the limit is ${maxBytes}`), size, mtimeMs);
}

/** A file judged without a hash is judged again at its next read (see PostScanner.list). */
function rejected(p: Problem, size: number, mtimeMs: number, hash = ''): ReadOutcome {
  return { kind: 'read', record: { kind: 'rejected', problems: [p], size, mtimeMs, hash } };
}

/** An error's message, short: it goes into a problem's reason. */
export function errorText(err: unknown): string {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/**
 * Bodies for the posts a feed shows, read again: a scan keeps no bodies, so memory holds only what the
 * feeds need. A file that changed since the scan gives what it holds now, marked stale.
 */
export function readBodies(options: Pick<ScanOptions, 'dir' | 'read' | 'maxBytes'>, requests: readonly BodyRequest[]): BodyAnswer[] {
  const reader = new FileReader();
  let root: string | undefined;
  return requests.map(({ path: rel, hash }) => {
    let bytes: Buffer;
    try {
      const file = path.join(options.dir, rel);
      let read: FileRead;
      try {
        read = reader.read(file, options.maxBytes, true);
      } catch (err) {
        // A post reached through a symbolic link: the link is followed only to a file inside the folder,
        // as the listing does, and that file is opened without following links again.
        if ((err as NodeJS.ErrnoException).code !== 'ELOOP') throw err;
        root ??= fs.realpathSync(options.dir);
        const real = fs.realpathSync(file);
        if (!real.startsWith(root + path.sep)) throw err;
        read = reader.read(real, options.maxBytes, true);
      }
      if (read.kind !== 'bytes') return { path: rel, hash, missing: true };
      bytes = read.bytes;
    } catch {
      return { path: rel, hash, missing: true };
    }
    const body = postBody({ path: rel, bytes }, options.read);
    if (!body) return { path: rel, hash, missing: true };
    return { path: rel, hash, body, stale: hashBytes(bytes) !== hash };
  });
}
