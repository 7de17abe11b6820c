// A real, tiny file system that fills up (tmpfs), for the tests of what a full disk does: mounting needs
// root (or CAP_SYS_ADMIN), so where that is not permitted the caller skips its test with the reason given.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmdirSync, statfsSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Tmpfs {
  readonly dir: string;
  /** Bytes still free for files (the file system's own count). */
  free(): number;
  /** Writes a file of zeros that leaves about `bytes` free (to the page). */
  fillTo(bytes: number, name?: string): void;
  unmount(): void;
}

/** A tmpfs of `bytes`, or the reason there cannot be one here (for `test(..., { skip })`). */
export function mountTmpfs(bytes: number): Tmpfs | string {
  if (process.platform !== 'linux') return 'tmpfs is Linux only';
  if (process.getuid?.() !== 0) return 'mounting a tmpfs needs root, and this test runs as another user';
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fw-tmpfs-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${bytes},mode=0700`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (err) {
    rmdirSync(dir);
    return `mount -t tmpfs is not permitted here (${String((err as { stderr?: Buffer }).stderr ?? err).trim()})`;
  }
  const free = (): number => {
    const s = statfsSync(dir);
    return s.bavail * s.bsize;
  };
  return {
    dir,
    free,
    fillTo(left, name = 'filler') {
      writeFileSync(path.join(dir, name), Buffer.alloc(Math.max(0, free() - left)));
    },
    unmount() {
      execFileSync('umount', [dir]);
      rmdirSync(dir);
    },
  };
}
