// `feedwright serve` as a real process (the built CLI), its JSON log lines collected as they come, for tests
// that stop it at a chosen moment and look at how it ended.
import type { ChildProcess } from 'node:child_process';
import { spawnCli } from './cli.js';
import { until } from './until.js';

export interface ServeProcess {
  readonly child: ChildProcess;
  /** Log lines so far, parsed. */
  readonly lines: Record<string, unknown>[];
  /** Everything written to stdout and stderr so far. */
  readonly output: () => string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The first line with this message, once it is there (or the process ended: then it fails). */
  line(msg: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** The messages of every line so far, in order. */
  messages(): string[];
}

export function spawnServe(args: readonly string[], env: Record<string, string> = {}): ServeProcess {
  const child = spawnCli(args, { env: { LOG_LEVEL: 'info', ...env } });
  const lines: Record<string, unknown>[] = [];
  let text = '';
  let buffered = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8');
    buffered += chunk.toString('utf8');
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? '';
    for (const line of parts) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
  });
  child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  // 'close', not 'exit': the last lines ("stopped") may still be in the pipe when the process has exited.
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  const find = (msg: string): Record<string, unknown> | undefined => lines.find((l) => l.msg === msg);
  return {
    child,
    lines,
    output: () => text,
    exited,
    async line(msg, timeoutMs = 20_000) {
      await until(() => find(msg) !== undefined || child.exitCode !== null || child.signalCode !== null, `the line "${msg}"`, timeoutMs);
      const found = find(msg);
      if (!found) throw new Error(`the process ended without "${msg}": ${text}`);
      return found;
    },
    messages: () => lines.map((l) => String(l.msg)),
  };
}
