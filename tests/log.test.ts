// The logger's last lines before process.exit come out whole and in order (endLog): pino writes in the
// background, and its flush at exit skipped a write still in flight, which then landed after the lines it
// flushed: a stop's "stopping" came after its "stopped", or was lost.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';

const ROOT = path.resolve(import.meta.dirname, '..');

test('endLog: the lines logged before it are written, in order, before the process exits', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fw-log-'));
  const script = path.join(dir, 'log.mjs');
  // The threads that do fs writes are busy (one thread, a long pbkdf2 on it): the first line's write waits
  // in their queue while the process comes to its exit.
  writeFileSync(
    script,
    [
      `import { pbkdf2 } from 'node:crypto';`,
      `import { createLogger, endLog } from ${JSON.stringify(pathToFileURL(path.join(ROOT, 'src/log.ts')).href)};`,
      `const log = createLogger('info');`,
      `pbkdf2('p', 's', 300000, 32, 'sha256', () => {});`,
      `log.info('stopping');`,
      `log.info('stopped');`,
      `await endLog(log);`,
      `process.exit(0);`,
    ].join('\n'),
  );
  try {
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      cwd: ROOT,
      env: { ...process.env, UV_THREADPOOL_SIZE: '1' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(code, 0);
    assert.deepEqual(
      out
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { msg: string }).msg),
      ['stopping', 'stopped'],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
