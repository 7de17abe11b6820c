// Whether a process still runs: temporary files and trees are named after the pid that writes them, and
// a later run removes only those of writers that are gone.

/** True unless the pid is certainly gone (ESRCH): EPERM, or anything unknown, counts as alive. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}
