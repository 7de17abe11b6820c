// The one line `build` prints when the file system refuses the tree (no space, no permission, read-only,
// over quota, a file where a folder must be): the path and the reason, not the stack of a failed system
// call, which says nothing about the machine's state that the reason does not.
import os from 'node:os';
import { getSystemErrorMap } from 'node:util';
import { displayPath } from './display.js';

// libuv has no name for these, so Node reports them as `UNKNOWN: unknown error` (EDQUOT is errno 122 on Linux).
const UNNAMED: Readonly<Record<string, string>> = { EDQUOT: 'disk quota exceeded' };

/** `feedwright build: cannot write <path>: <reason> (<CODE>); <dir> is left as it was`, or undefined for a bug. */
export function writeErrorLine(err: unknown, out: string): string | undefined {
  if (!(err instanceof Error)) return undefined;
  const { code, errno, syscall, path, dest } = err as NodeJS.ErrnoException & { dest?: string };
  if (typeof code !== 'string' || typeof syscall !== 'string') return undefined;
  const name = errno === undefined ? code : (Object.entries(os.constants.errno).find(([, n]) => n === -errno)?.[0] ?? code);
  // Node's own words for the code, as in its message `ENOSPC: no space left on device, write`.
  const reason =
    (errno === undefined ? undefined : getSystemErrorMap().get(errno)?.[1]) ?? UNNAMED[name] ?? /^E[A-Z]+: ([^,]+)/.exec(err.message)?.[1] ?? 'system error';
  // A rename names both ends; the one it could not make is the destination.
  const where = displayPath(dest ?? path ?? out);
  return `feedwright build: cannot write ${where}: ${reason} (${name}); ${displayPath(out)} is left as it was\n`;
}

/** Names the file in a failed write: Node's write() errors carry no path, only open()'s do. */
export async function writing(file: string, work: Promise<void>): Promise<void> {
  await work.catch((err: unknown) => {
    if (err instanceof Error && (err as NodeJS.ErrnoException).path === undefined) Object.assign(err, { path: file });
    throw err;
  });
}
