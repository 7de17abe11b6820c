// deploy/feedwright.service is a unit systemd accepts (`systemd-analyze verify`, where the command
// exists) on either prefix npm installs to, with the settings the docs promise; deploy/feedwright.yaml,
// the sample config beside it, loads with the unit's environment.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { loadConfig } from '../../src/config/load.js';
import { HAS_ANALYZE, verifyOnRoot } from '../helpers/systemd.js';

const DEPLOY = path.resolve(import.meta.dirname, '../../deploy');
const text = readFileSync(path.join(DEPLOY, 'feedwright.service'), 'utf8');
/** The values of `key` in the unit, in order. */
function values(key: string): string[] {
  return [...text.matchAll(new RegExp(`^${key}=(.*)$`, 'gm'))].map((m) => m[1] ?? '');
}

test('the unit: a dynamic user, state and cache folders, restarts on failure, hardened, no reload', () => {
  // A name: systemd finds it in /usr/local/bin or /usr/bin, wherever `npm prefix -g` put it.
  assert.deepEqual(values('ExecStart'), ['feedwright serve']);
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

for (const bin of ['usr/bin', 'usr/local/bin'] as const) {
  test(`systemd-analyze verify accepts it, without a warning, with the command in /${bin}`, {
    skip: HAS_ANALYZE ? false : 'systemd-analyze is not installed',
  }, () => {
    const res = verifyOnRoot(text, bin);
    assert.equal(res.status, 0, res.stderr);
    // An unknown key or a bad value is only a warning (exit 0): none allowed.
    assert.equal(res.stderr.trim(), '');
  });
}

test('verify does look for the command: with none installed it fails', { skip: HAS_ANALYZE ? false : 'systemd-analyze is not installed' }, () => {
  const res = verifyOnRoot(text, undefined);
  assert.notEqual(res.status, 0);
  assert.match(res.stderr, /Command feedwright is not executable/);
  // What the unit used to say fails on Debian's prefix: the reason ExecStart= names no folder.
  const old = verifyOnRoot(text.replace(/^ExecStart=feedwright /m, 'ExecStart=/usr/local/bin/feedwright '), 'usr/bin');
  assert.notEqual(old.status, 0);
});

test('the sample config loads as the unit runs it', () => {
  const env = Object.fromEntries(values('Environment').map((line) => line.split(/=(.*)/s).slice(0, 2) as [string, string]));
  const config = loadConfig({
    env: { ...env, FEEDWRIGHT_CONFIG: path.join(DEPLOY, 'feedwright.yaml'), CACHE_DIRECTORY: '/var/cache/feedwright' },
    cwd: '/var/lib/feedwright',
  });
  assert.equal(config.posts.dir, '/srv/feedwright/posts');
  assert.deepEqual([config.server.host, config.server.port, config.server.trustProxy], ['127.0.0.1', 8080, 1]);
  assert.equal(config.diskCache.dir, '/var/cache/feedwright');
});
