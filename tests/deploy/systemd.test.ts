// deploy/feedwright.service is a unit systemd accepts (`systemd-analyze verify`, where the command
// exists), with the settings the README promises. verify also checks that ExecStart's program exists,
// so the check runs on a copy whose ExecStart is this machine's node and the built CLI.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';

const UNIT = path.resolve(import.meta.dirname, '../../deploy/feedwright.service');
const text = readFileSync(UNIT, 'utf8');
const hasAnalyze = spawnSync('systemd-analyze', ['--version']).status === 0;

/** The values of `key` in the unit, in order. */
function values(key: string): string[] {
  return [...text.matchAll(new RegExp(`^${key}=(.*)$`, 'gm'))].map((m) => m[1] ?? '');
}

test('the unit: a dynamic user, state and cache folders, restarts on failure, hardened, no reload', () => {
  assert.deepEqual(values('ExecStart'), ['/usr/local/bin/feedwright serve']);
  assert.deepEqual(values('DynamicUser'), ['yes']);
  assert.deepEqual([values('StateDirectory'), values('CacheDirectory')], [['feedwright'], ['feedwright']]);
  assert.deepEqual(values('Restart'), ['on-failure']);
  for (const [key, value] of [
    ['NoNewPrivileges', 'yes'],
    ['ProtectSystem', 'strict'],
    ['ProtectHome', 'yes'],
    ['PrivateTmp', 'yes'],
    ['CapabilityBoundingSet', ''],
  ]) {
    assert.deepEqual(values(key as string), [value], key);
  }
  // The config is read once, at start: a reload would pretend otherwise.
  assert.deepEqual(values('ExecReload'), []);
  assert.ok(values('Environment').includes('FEEDWRIGHT_CONFIG=/etc/feedwright/feedwright.yaml'));
  // JIT: V8 needs writable-then-executable memory.
  assert.deepEqual(values('MemoryDenyWriteExecute'), []);
});

test('systemd-analyze verify accepts it, without a warning', { skip: hasAnalyze ? false : 'systemd-analyze is not installed' }, () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fw-unit-'));
  const cli = path.resolve(import.meta.dirname, '../../dist/cli/main.js');
  const copy = path.join(dir, 'feedwright.service');
  writeFileSync(copy, text.replace(/^ExecStart=\/usr\/local\/bin\/feedwright /m, `ExecStart=${process.execPath} ${cli} `));
  const res = spawnSync('systemd-analyze', ['verify', copy], { encoding: 'utf8' });
  assert.equal(res.status, 0, res.stderr);
  // An unknown key or a bad value is only a warning (exit 0): none allowed.
  assert.equal(res.stderr.trim(), '');
});
