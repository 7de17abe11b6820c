// Runs the built `feedwright` command (dist/cli/main.js, the package's bin) as a child process.
// scripts/run-tests.mjs builds it before any test under tests/cli runs.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';

export const CLI = path.resolve(import.meta.dirname, '../../dist/cli/main.js');

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Only what the test gives: no FEEDWRIGHT_* or PORT leaks in from the environment running the tests. */
export function cliEnv(env: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', LOG_LEVEL: 'silent', ...env };
}

export function runCli(args: readonly string[], options: { cwd?: string; env?: Record<string, string> } = {}): CliResult {
  const run = spawnSync(process.execPath, [CLI, ...args], { cwd: options.cwd, env: cliEnv(options.env), encoding: 'utf8' });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Starts the CLI without waiting for it (serve); the caller ends it. */
export function spawnCli(args: readonly string[], options: { cwd?: string; env?: Record<string, string> } = {}): ReturnType<typeof spawn> {
  return spawn(process.execPath, [CLI, ...args], { cwd: options.cwd, env: cliEnv(options.env), stdio: ['ignore', 'pipe', 'pipe'] });
}
