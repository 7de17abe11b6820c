// Issue 23: every file read at start has a size bound. A config file, a Jekyll site's _config.yml or a
// _data file past 4 MiB is an error naming the file (it was read whole, however large); a named pipe in
// its place is refused rather than waited on.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { loadConfig } from '../../src/config/load.js';
import { ConfigError } from '../../src/errors.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'fw-config-bounds-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** Valid YAML of `bytes` bytes: a key, then comment lines. */
function bigYaml(first: string, bytes: number): string {
  return `${first}\n${'# padding to make the file large\n'.repeat(Math.ceil(bytes / 33))}`;
}

const OVER = /: the file is \d+ bytes, over the 4194304 bytes \(4 MiB\) feedwright reads of a config or data file$/;

test('a config file over 4 MiB: a ConfigError naming the file', () => {
  const dir = mkdtempSync(path.join(root, 'own-'));
  const file = path.join(dir, 'feedwright.yaml');
  writeFileSync(file, bigYaml('site:\n  title: big', 5 * 1024 * 1024));
  assert.throws(
    () => loadConfig({ env: {}, cwd: dir, overrides: { configPath: file } }),
    (e: unknown) => e instanceof ConfigError && e.message.startsWith(`${file}: `) && OVER.test(e.message),
  );
  // Under the bound, the same kind of file loads.
  writeFileSync(file, bigYaml('site:\n  title: big', 1024 * 1024));
  assert.equal(loadConfig({ env: {}, cwd: dir, overrides: { configPath: file } }).site.title, 'big');
});

test("a Jekyll site's _config.yml or _data/authors.yml over 4 MiB: a ConfigError naming that file", () => {
  const site = mkdtempSync(path.join(root, 'jekyll-'));
  mkdirSync(path.join(site, '_posts'));
  mkdirSync(path.join(site, '_data'));
  const config = path.join(site, '_config.yml');
  const authors = path.join(site, '_data', 'authors.yml');
  writeFileSync(config, bigYaml('title: big', 5 * 1024 * 1024));
  assert.throws(
    () => loadConfig({ env: {}, cwd: site }),
    (e: unknown) => e instanceof ConfigError && e.message.startsWith(`${config}: `) && OVER.test(e.message),
  );
  writeFileSync(config, 'title: small\n');
  writeFileSync(authors, bigYaml('someone:\n  name: Someone', 5 * 1024 * 1024));
  assert.throws(
    () => loadConfig({ env: {}, cwd: site }),
    (e: unknown) => e instanceof ConfigError && e.message.startsWith(`${authors}: `) && OVER.test(e.message),
  );
});

test('a named pipe where the config file should be: refused, not waited on', { skip: process.platform === 'win32' ? 'no named pipes here' : false }, () => {
  const dir = mkdtempSync(path.join(root, 'fifo-'));
  const file = path.join(dir, 'feedwright.yaml');
  execFileSync('mkfifo', [file]);
  assert.throws(() => loadConfig({ env: {}, cwd: dir, overrides: { configPath: file } }), /cannot read the config file \(EINVAL\)/);
});
