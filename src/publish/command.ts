// Runs a command publish/ was configured with (publish.purge.command) so that nothing it starts outlives
// it: the program leads a process group of its own, and its timeout, a stop or its own exit ends the
// whole group (SIGTERM, then SIGKILL if it still holds on), not only the program. Node's `timeout` option
// signals the program alone: a shell script's children (`aws`, `curl`, a `sleep`) kept running, and kept
// the stderr pipe open, so the wait for the program's end lasted as long as they did.
import { spawn } from 'node:child_process';

export interface CommandRun {
  /** The exit code; null when a signal ended it. */
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** Why the group was ended, if it was. */
  readonly ended: 'timeout' | 'stopped' | undefined;
  /** The last stderr output, at most 1000 characters. */
  readonly stderr: string;
}

/** A program that could not start at all (ENOENT, EACCES), with the system's message. */
export interface CommandNotStarted {
  readonly notStarted: string;
}

/** After SIGTERM the group gets this long to go before SIGKILL. */
const KILL_AFTER_MS = 2000;

/**
 * Runs `argv` (no shell) with `input` on stdin, stdout ignored. `timeoutMs` and `signal` end its process
 * group. Resolves when the program has exited and what it started is gone (or was sent SIGKILL).
 */
export function runCommand(
  argv: readonly string[],
  input: string,
  options: { readonly timeoutMs: number; readonly signal?: AbortSignal },
): Promise<CommandRun | CommandNotStarted> {
  const [program = '', ...args] = argv;
  return new Promise((resolve) => {
    if (options.signal?.aborted) return resolve({ code: null, signal: null, ended: 'stopped', stderr: '' });
    // detached: setsid(2), so the program leads a new process group whose id is its pid.
    const child = spawn(program, args, { stdio: ['pipe', 'ignore', 'pipe'], detached: true });
    let stderr = '';
    let ended: CommandRun['ended'];
    let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    let killTimer: NodeJS.Timeout | undefined;
    let settled = false;
    const group = (sig: NodeJS.Signals): void => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, sig);
      } catch {
        // ESRCH: the group is gone already.
      }
    };
    /** SIGTERM to the group, SIGKILL to what is left of it a little later; the pipe is not waited for then. */
    const reap = (): void => {
      group('SIGTERM');
      killTimer ??= setTimeout(() => {
        group('SIGKILL');
        child.stderr.destroy();
        settle();
      }, KILL_AFTER_MS);
    };
    const end = (why: 'timeout' | 'stopped'): void => {
      ended ??= why;
      reap();
    };
    const timer = setTimeout(() => end('timeout'), options.timeoutMs);
    const onAbort = (): void => end('stopped');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    // feedwright's own exit (process.exit) takes the group along.
    const onExit = (): void => group('SIGKILL');
    process.once('exit', onExit);
    const done = (value: CommandRun | CommandNotStarted): void => {
      settled = true;
      clearTimeout(timer);
      clearTimeout(killTimer);
      options.signal?.removeEventListener('abort', onAbort);
      process.removeListener('exit', onExit);
      resolve(value);
    };
    function settle(): void {
      if (!settled && exited) done({ ...exited, ended, stderr });
    }
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-1000)));
    // A command that exits without reading stdin closes the pipe: its exit code says how it went.
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
    child.on('error', (err) => {
      if (!settled && !exited) done({ notStarted: err.message });
    });
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      // What the program left running in its group ends with it.
      reap();
    });
    // 'close': the program exited and nothing it started holds its stderr any more (they were sent
    // SIGTERM at its exit; one that holds on past KILL_AFTER_MS gets SIGKILL).
    child.on('close', settle);
  });
}
