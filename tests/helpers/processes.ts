// Whether a process is still running, for tests that check nothing a command started is left behind.
import { readFileSync } from 'node:fs';

/** true while `pid` runs; a zombie (ended, not yet reaped by its new parent) counts as gone. */
export function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    // /proc/<pid>/stat: "pid (comm) state …"; the name may hold spaces or parentheses.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}
