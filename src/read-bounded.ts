// Reads a whole file feedwright needs to start (its config, a Jekyll site's _config.yml and _data files,
// its own code for the cache's build key), never past a bound: a file grown by mistake to gigabytes is an
// error naming it (FileTooLargeError), not an abort or all of it in memory, and a named pipe or a device
// put in its place is refused on its descriptor, never read for ever. Post files have their own reader
// (posts/read-file.ts), the warm cache its own (it reads in chunks).
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { FileTooLargeError } from './errors.js';

const { O_RDONLY, O_NONBLOCK } = fs.constants;
// A pipe with no writer would hold open() for ever without O_NONBLOCK (Windows has neither, nor such pipes).
const FLAGS = O_RDONLY | (O_NONBLOCK ?? 0);

/** The file's bytes; throws FileTooLargeError past `limit`, and an EISDIR/EINVAL error for what is no file. */
export function readBoundedSync(file: string, limit: number): Buffer {
  const fd = fs.openSync(file, FLAGS);
  try {
    const stat = fs.fstatSync(fd);
    refuse(file, stat, limit);
    let bytes: Buffer = Buffer.allocUnsafe(Math.min(stat.size, limit) + 1);
    let length = 0;
    // Read to the end, not to the size fstat gave: a file can grow meanwhile, and /proc files say 0.
    for (;;) {
      if (length === bytes.length) {
        if (length > limit) break;
        bytes = grown(bytes, limit);
      }
      const n = fs.readSync(fd, bytes, length, bytes.length - length, null);
      if (n === 0) break;
      length += n;
    }
    if (length > limit) throw new FileTooLargeError(file, length, limit);
    return bytes.subarray(0, length);
  } finally {
    fs.closeSync(fd);
  }
}

/** As readBoundedSync, without holding the thread. */
export async function readBounded(file: string, limit: number): Promise<Buffer> {
  const handle = await fsp.open(file, FLAGS);
  try {
    const stat = await handle.stat();
    refuse(file, stat, limit);
    let bytes: Buffer = Buffer.allocUnsafe(Math.min(stat.size, limit) + 1);
    let length = 0;
    for (;;) {
      if (length === bytes.length) {
        if (length > limit) break;
        bytes = grown(bytes, limit);
      }
      const { bytesRead } = await handle.read(bytes, length, bytes.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > limit) throw new FileTooLargeError(file, length, limit);
    return bytes.subarray(0, length);
  } finally {
    await handle.close();
  }
}

function refuse(file: string, stat: fs.Stats, limit: number): void {
  if (stat.isDirectory()) throw systemError('EISDIR', 'illegal operation on a directory', file);
  if (!stat.isFile()) throw systemError('EINVAL', `not a regular file (${kindOf(stat)})`, file);
  if (stat.size > limit) throw new FileTooLargeError(file, stat.size, limit);
}

/** Twice as large, up to one byte past the limit (that byte tells a file over it). */
function grown(bytes: Buffer, limit: number): Buffer {
  const next = Buffer.allocUnsafe(Math.min(Math.max(bytes.length * 2, 4096), limit + 1));
  bytes.copy(next);
  return next;
}

function systemError(code: string, reason: string, file: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: ${reason}, read '${file}'`), { code, syscall: 'read', path: file });
}

function kindOf(stat: fs.Stats): string {
  if (stat.isFIFO()) return 'a named pipe';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  return 'not a file';
}

/** `length` bytes of an open file at `position` (fewer if the file ends first: the caller's checks then fail). */
export async function readAt(handle: fsp.FileHandle, length: number, position: number): Promise<Buffer> {
  const bytes = Buffer.allocUnsafe(length);
  let got = 0;
  while (got < length) {
    const { bytesRead } = await handle.read(bytes, got, length - got, position + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return bytes.subarray(0, got);
}
