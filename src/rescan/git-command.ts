// One git command as a child process that cannot outlive its welcome. git starts helpers (git remote-http,
// git-remote-http, ssh) that a kill of git alone leaves running under PID 1 with their socket open, so
// every command runs in a process group of its own, and a timeout or an abort ends the whole group:
// SIGTERM first (git then removes its lock files, so the next fetch is not refused), SIGKILL after a grace.
import { spawn } from 'node:child_process';
import { GitError } from '../errors.js';
import { redactUrlsIn } from '../url-secrets.js';

export interface GitRunOptions {
  /** The folder git runs in (`git -C` is in args where it matters). */
  readonly cwd?: string;
  /** The whole environment of the child (see git-env.ts). */
  readonly env: NodeJS.ProcessEnv;
  /** After this, the process group is ended and the command fails with "took longer than". */
  readonly timeoutMs: number;
  /** What the timeout names, so the message says what to raise (posts.git.timeoutSeconds). */
  readonly timeoutSetting?: string;
  /** Aborted: the process group is ended, and the command rejects with the signal's reason. */
  readonly signal?: AbortSignal;
}

/** SIGTERM, then SIGKILL this long after, for a group that did not go. */
const KILL_AFTER_MS = 2000;
/** What is kept of stdout (rev-parse, config --get: one line) and stderr (git's complaint). */
const MAX_STDOUT = 1024 * 1024;
const MAX_STDERR = 64 * 1024;

/** The process groups running now: ended when this process exits, whatever the reason it exits. */
const running = new Set<number>();
let exitHook = false;

/**
 * Runs `git <args>` and resolves with its stdout. Rejects with a GitError that holds git's first line of
 * complaint (every URL in it redacted), or says how long it took when it was ended for that; with the
 * signal's reason when aborted. Either way the promise settles only once git itself has exited.
 */
export function runGit(args: readonly string[], options: GitRunOptions): Promise<string> {
  const { signal } = options;
  if (signal?.aborted) return Promise.reject(signal.reason as Error);
  hookExit();
  return new Promise((resolve, reject) => {
    // detached: git leads a new process group, so that -pid names git and every helper it starts.
    const child = spawn('git', args, { cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const pgid = child.pid;
    if (pgid !== undefined) running.add(pgid);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      if (stdout.length < MAX_STDOUT) stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < MAX_STDERR) stderr += chunk.toString('utf8');
    });
    let ended: 'timeout' | 'aborted' | undefined;
    let forceKill: NodeJS.Timeout | undefined;
    const end = (why: 'timeout' | 'aborted'): void => {
      if (ended) return;
      ended = why;
      killGroup(pgid, 'SIGTERM');
      forceKill = setTimeout(() => killGroup(pgid, 'SIGKILL'), KILL_AFTER_MS);
    };
    const timer = setTimeout(() => end('timeout'), options.timeoutMs);
    const onAbort = (): void => end('aborted');
    signal?.addEventListener('abort', onAbort, { once: true });
    const settle = (): void => {
      clearTimeout(timer);
      clearTimeout(forceKill);
      signal?.removeEventListener('abort', onAbort);
      // git is gone; a helper it left behind (ended above, on its way out) must not stay.
      if (ended) killGroup(pgid, 'SIGKILL');
      if (pgid !== undefined) running.delete(pgid);
    };
    child.on('error', (err) => {
      settle();
      reject(
        new GitError(
          (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'the git command is not installed (Debian: apt-get install git)' : `git: ${err.message}`,
        ),
      );
    });
    child.on('close', (code, killedBy) => {
      settle();
      const verb = subcommand(args);
      if (ended === 'aborted') reject(signal?.reason as Error);
      else if (ended === 'timeout') {
        const limit = `${Math.round(options.timeoutMs / 100) / 10} s`;
        reject(new GitError(`git ${verb} took longer than ${limit}${options.timeoutSetting ? ` (${options.timeoutSetting})` : ''}; it was stopped`));
      } else if (code === 0) resolve(stdout);
      else reject(new GitError(firstComplaint(stderr) ?? `git ${verb} failed (${killedBy ?? `exit ${code}`})`));
    });
  });
}

/** `fetch` of `git -C dir fetch …`: the first argument that is neither an option nor the value of -C or -c. */
function subcommand(args: readonly string[]): string {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '-C' || arg === '-c') i++;
    else if (!arg.startsWith('-')) return arg;
  }
  return '--version';
}

/** git's first `fatal:`/`error:` line, else its first line; URLs in it redacted. */
function firstComplaint(stderr: string): string | undefined {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const line = lines.find((l) => /^(fatal|error):/.test(l)) ?? lines[0];
  return line === undefined ? undefined : redactUrlsIn(line);
}

function killGroup(pgid: number | undefined, signal: NodeJS.Signals): void {
  if (pgid === undefined) return;
  try {
    process.kill(-pgid, signal);
  } catch {
    // ESRCH: the group is gone already.
  }
}

/** A process that exits (process.exit, an error, the end of a command) takes its git commands with it. */
function hookExit(): void {
  if (exitHook) return;
  exitHook = true;
  process.on('exit', () => {
    for (const pgid of running) killGroup(pgid, 'SIGKILL');
  });
}
