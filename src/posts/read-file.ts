// Opens and reads one post file, whatever is at its path by then. The listing saw a regular file, but a
// named pipe, a device or a symbolic link to anywhere can be put there before the open: so the open never
// blocks (O_NONBLOCK: a pipe with no writer would hold the thread for ever), never follows a final
// symbolic link (O_NOFOLLOW: a link swapped in could point at any file the service can read), and what was
// opened is judged on its descriptor, then read no further than the limit whatever it does meanwhile.
import fs from 'node:fs';

export type FileRead =
  /** `bytes` is valid until the reader's next read, unless it was read with `own`. */
  | { readonly kind: 'bytes'; readonly bytes: Buffer; readonly size: number; readonly mtimeMs: number }
  | { readonly kind: 'too-large'; readonly size: number; readonly mtimeMs: number }
  | { readonly kind: 'not-a-file'; readonly what: string; readonly size: number; readonly mtimeMs: number };

const { O_RDONLY, O_NONBLOCK, O_NOFOLLOW } = fs.constants;
// Windows has neither flag; there a pipe cannot take a file's name anyway.
const FLAGS = O_RDONLY | (O_NONBLOCK ?? 0) | (O_NOFOLLOW ?? 0);

/** Posts up to this size are read into one buffer that is kept; a bigger one gets a buffer of its own. */
const SHARED_BUFFER_MAX = 1024 * 1024;

/**
 * Reads whole files. Small ones go into one buffer reused for every read (a new one per file would cost
 * more than the reading); one past `SHARED_BUFFER_MAX` gets a buffer of exactly its size, dropped after
 * use, so one big post does not keep its size in memory for good.
 */
export class FileReader {
  #shared = Buffer.allocUnsafe(64 * 1024);

  /**
   * Throws the open's error (ENOENT, EACCES, ELOOP for a symbolic link). `own`: the bytes are a buffer
   * of their own, which the caller may keep.
   */
  read(file: string, limit: number, own = false): FileRead {
    const fd = fs.openSync(file, FLAGS);
    try {
      const stat = fs.fstatSync(fd);
      const { size, mtimeMs } = stat;
      if (!stat.isFile()) return { kind: 'not-a-file', what: kindOf(stat), size, mtimeMs };
      if (size > limit) return { kind: 'too-large', size, mtimeMs };
      const buffer = own || size >= SHARED_BUFFER_MAX ? Buffer.allocUnsafe(size) : this.#sharedFor(size);
      // Reading the size the open file gave is the whole file as of its mtime: the read that would find
      // the end is saved (one syscall a file on a cold scan). Bytes written later move the size or the
      // mtime, and the next scan reads the file again; a file that grows is never read past its size.
      let length = 0;
      while (length < size) {
        const n = fs.readSync(fd, buffer, length, size - length, null);
        if (n === 0) break;
        length += n;
      }
      return { kind: 'bytes', bytes: buffer.subarray(0, length), size: length, mtimeMs };
    } finally {
      fs.closeSync(fd);
    }
  }

  #sharedFor(size: number): Buffer {
    if (this.#shared.length < size) this.#shared = Buffer.allocUnsafe(Math.min(SHARED_BUFFER_MAX, Math.max(size, this.#shared.length * 2)));
    return this.#shared;
  }
}

function kindOf(stat: fs.Stats): string {
  if (stat.isFIFO()) return 'a named pipe';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isDirectory()) return 'a folder';
  return 'not a regular file';
}
