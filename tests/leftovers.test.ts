// removeLeftovers: entries of dead writers go, those of live ones, of this process, of other names and in
// use stay; nothing outside the folder is followed.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { removeLeftovers } from '../src/leftovers.js';

/** The pid of a process that has ended (its number is not reused this soon). */
function deadPid(): number {
  const run = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(run.stdout);
}

test('dead writers’ entries go; live, own, foreign and in-use ones stay', async () => {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'fw-leftovers-'));
  const dead = deadPid();
  const parent = process.ppid;
  for (const name of [`x.${dead}.tmp`, `x.${process.pid}.tmp`, `x.${parent}.tmp`, 'unrelated', `busy.${dead}.tmp`]) writeFileSync(path.join(folder, name), '');
  mkdirSync(path.join(folder, `tree.${dead}.tmp`));
  writeFileSync(path.join(folder, `tree.${dead}.tmp`, 'page.html'), '');
  const failures = await removeLeftovers(folder, {
    writer: (name) => Number(/\.(\d+)\.tmp$/.exec(name)?.[1] ?? Number.NaN),
    inUse: async (name) => name.startsWith('busy.'),
  });
  assert.deepEqual(failures, []);
  assert.deepEqual(readdirSync(folder).sort(), [`busy.${dead}.tmp`, `x.${parent}.tmp`, `x.${process.pid}.tmp`, 'unrelated'].sort());
});

test('a symlink left by a dead writer is removed, not what it points at', async () => {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'fw-leftovers-'));
  const outside = mkdtempSync(path.join(os.tmpdir(), 'fw-outside-'));
  writeFileSync(path.join(outside, 'precious'), 'x');
  const dead = deadPid();
  symlinkSync(outside, path.join(folder, `link.${dead}.tmp`));
  await removeLeftovers(folder, { writer: (name) => Number(/\.(\d+)\.tmp$/.exec(name)?.[1]) });
  assert.deepEqual(readdirSync(folder), []);
  assert.ok(existsSync(path.join(outside, 'precious')));
});

test('a missing folder has no leftovers and is no failure', async () => {
  assert.deepEqual(await removeLeftovers(path.join(os.tmpdir(), 'fw-no-such-folder-here'), { writer: () => 1 }), []);
});
