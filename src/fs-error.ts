// A failed system call in words: its code and Node's own reason (`no space left on device (ENOSPC)`), for
// the one line `build` prints and the reason the warm cache gives in /status, instead of a stack.
import os from 'node:os';
import { getSystemErrorMap } from 'node:util';
import { FeedwrightError } from './errors.js';

// libuv has no name for these, so Node reports them as `UNKNOWN: unknown error` (EDQUOT is errno 122 on Linux).
const UNNAMED: Readonly<Record<string, string>> = { EDQUOT: 'disk quota exceeded' };

/** An error from a system call: it has a code and names the call. */
export function isSystemError(err: unknown): err is NodeJS.ErrnoException & { code: string; syscall: string } {
  return err instanceof Error && typeof (err as NodeJS.ErrnoException).code === 'string' && typeof (err as NodeJS.ErrnoException).syscall === 'string';
}

/** The error's code, with EDQUOT named where libuv says UNKNOWN. */
export function errorCode(err: NodeJS.ErrnoException & { code: string }): string {
  const { code, errno } = err;
  return errno === undefined ? code : (Object.entries(os.constants.errno).find(([, n]) => n === -errno)?.[0] ?? code);
}

/** `no space left on device (ENOSPC)`: Node's words for the code (as in its message), then the code. */
export function errorReason(err: NodeJS.ErrnoException & { code: string }): string {
  const name = errorCode(err);
  const words =
    (err.errno === undefined ? undefined : getSystemErrorMap().get(err.errno)?.[1]) ??
    UNNAMED[name] ??
    // feedwright's own (a short write): its message is the reason.
    (err instanceof FeedwrightError ? err.message : /^E[A-Z]+: ([^,]+)/.exec(err.message)?.[1]) ??
    'system error';
  return `${words} (${name})`;
}
