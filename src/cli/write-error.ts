// The one line `build` prints when the file system refuses the tree (no space, no permission, read-only,
// over quota, a file where a folder must be): the path and the reason, not the stack of a failed system
// call, which says nothing about the machine's state that the reason does not.
import { errorReason, isSystemError } from '../fs-error.js';
import { displayPath } from './display.js';

/** `feedwright build: cannot write <path>: <reason> (<CODE>); <dir> is left as it was`, or undefined for a bug. */
export function writeErrorLine(err: unknown, out: string): string | undefined {
  if (!isSystemError(err)) return undefined;
  const { path, dest } = err as NodeJS.ErrnoException & { dest?: string };
  // A rename names both ends; the one it could not make is the destination.
  const where = displayPath(dest ?? path ?? out);
  return `feedwright build: cannot write ${where}: ${errorReason(err)}; ${displayPath(out)} is left as it was\n`;
}

/** Names the file in a failed write: Node's write() errors carry no path, only open()'s do. */
export async function writing(file: string, work: Promise<unknown>): Promise<void> {
  await work.catch((err: unknown) => {
    if (err instanceof Error && (err as NodeJS.ErrnoException).path === undefined) Object.assign(err, { path: file });
    throw err;
  });
}
