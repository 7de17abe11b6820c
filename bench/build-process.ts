// `feedwright build` as a user runs it (a process, the built CLI) over the benchmark's posts: every
// subscription document, page and archive page written with its .gz and .br. Its wall time from spawn to
// exit (the process's start counts, as it does for a user), its own summary line's counts, and its peak RSS.
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

export interface BuildFigures {
  readonly ms: number;
  readonly documents: number;
  readonly files: number;
  readonly megabytes: number;
  /** The process's peak RSS (VmHWM), read every 100 ms: a peak in its last 100 ms would be missed. */
  readonly peakRssMb: number;
}

const POLL_MS = 100;

export async function timeBuild(main: string, posts: string, work: string): Promise<BuildFigures> {
  const out = path.join(work, 'build-out');
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', FEEDWRIGHT_SITE_URL: 'https://news.example.cn/', FEEDWRIGHT_CACHE_DIR: 'off', LOG_LEVEL: 'warn' };
  const t = performance.now();
  const child = spawn(process.execPath, [main, 'build', '--posts', posts, '-o', out], { env, cwd: work, stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => {
    stdout += text;
  });
  let peakKb = 0;
  // VmHWM is the high-water mark so far: the last reading before the exit holds every earlier peak.
  const poll = setInterval(() => {
    try {
      peakKb = Math.max(peakKb, Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0));
    } catch {
      // Exited between two readings.
    }
  }, POLL_MS);
  const code = await new Promise<number | null>((resolve, reject) => child.on('error', reject).on('close', resolve)).finally(() => clearInterval(poll));
  const ms = Math.round(performance.now() - t);
  rmSync(out, { recursive: true, force: true });
  rmSync(path.join(work, '.build-out.trees'), { recursive: true, force: true });
  const m = /(\d+) documents .*, (\d+) files, (\d+) bytes/.exec(stdout);
  if (code !== 0 || !m) throw new Error(`feedwright build exited ${String(code)} and said: ${stdout}`);
  return { ms, documents: Number(m[1]), files: Number(m[2]), megabytes: Math.round(Number(m[3]) / 2 ** 20), peakRssMb: Math.round(peakKb / 1024) };
}
