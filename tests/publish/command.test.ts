// A configured command runs in a process group of its own, and nothing it started outlives it: not after
// its timeout, not after a stop, not after it exits leaving a child behind.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { runCommand, type CommandRun } from '../../src/publish/command.js';
import { running } from '../helpers/processes.js';
import { until } from '../helpers/until.js';

/** A shell that starts `sleep 600` in the background, writes its pid to a file, then does `then`. */
function withChild(then: string): { argv: string[]; pid: () => number } {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'fw-command-')), 'pid');
  return { argv: ['sh', '-c', `sleep 600 & echo $! > ${file}; ${then}`], pid: () => Number(readFileSync(file, 'utf8')) };
}

// A bound on a hang, not a measurement: before process groups, these waited for the `sleep 600`.
const HANG = { timeout: 20_000 };

test('the input goes to stdin; the exit code and the last of stderr come back', async () => {
  const r = (await runCommand(['sh', '-c', 'read line; echo "got $line" >&2; exit 4'], 'hello\n', { timeoutMs: 10_000 })) as CommandRun;
  assert.deepEqual([r.code, r.signal, r.ended, r.stderr], [4, null, undefined, 'got hello\n']);
  const missing = await runCommand(['/nonexistent/purge-cdn'], '', { timeoutMs: 10_000 });
  assert.ok('notStarted' in missing && /ENOENT/.test(missing.notStarted));
});

test('a timeout ends the whole process group, the program’s children included', HANG, async () => {
  const c = withChild('wait');
  const r = (await runCommand(c.argv, '', { timeoutMs: 300 })) as CommandRun;
  assert.equal(r.ended, 'timeout');
  await until(() => !running(c.pid()), 'the background sleep to be gone');
});

test('a stop (abort) ends the whole process group', HANG, async () => {
  const c = withChild('wait');
  const stop = new AbortController();
  const run = runCommand(c.argv, '', { timeoutMs: 600_000, signal: stop.signal });
  await until(() => {
    try {
      return c.pid() > 0;
    } catch {
      return false;
    }
  }, 'the command to start its child');
  stop.abort();
  const r = (await run) as CommandRun;
  assert.equal(r.ended, 'stopped');
  await until(() => !running(c.pid()), 'the background sleep to be gone');
  const already = (await runCommand(['true'], '', { timeoutMs: 1000, signal: stop.signal })) as CommandRun;
  assert.equal(already.ended, 'stopped', 'a stopped run starts nothing');
});

test('a program that exits leaving a child behind: it succeeds, and the child is ended', HANG, async () => {
  const c = withChild('exit 0');
  const r = (await runCommand(c.argv, '', { timeoutMs: 600_000 })) as CommandRun;
  assert.deepEqual([r.code, r.ended], [0, undefined]);
  await until(() => !running(c.pid()), 'the background sleep to be gone');
});
