// Issue 6: nasty config files stop the start with a message that names the file, the key (or line) and
// why; none of them throws anything but a ConfigError, pollutes a prototype, or is silently misread.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { loadConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/schema.js';
import { ConfigError } from '../../src/errors.js';

function configFile(content: string | Buffer): { dir: string; file: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fw-hostile-cfg-'));
  const file = path.join(dir, 'feedwright.yaml');
  writeFileSync(file, content);
  return { dir, file };
}

function load(content: string | Buffer): Config {
  const { dir, file } = configFile(content);
  return loadConfig({ env: {}, cwd: dir, overrides: { configPath: file } });
}

/** Every line of `expected` is in the message, which starts with the file's path. */
function rejects(content: string | Buffer, ...expected: RegExp[]): void {
  assert.throws(
    () => load(content),
    (err: unknown) => {
      assert.ok(err instanceof ConfigError, `not a ConfigError: ${String(err)}`);
      assert.match(err.message, /^\/\S*feedwright\.yaml/);
      for (const pattern of expected) assert.match(err.message, pattern);
      return true;
    },
  );
}

describe('config files that must not start the service', () => {
  test('bytes that are not text: a NUL byte, Latin-1', () => {
    rejects(Buffer.from('site:\n  title: a\u0000b\n'), /feedwright\.yaml:1: the config file is not valid YAML: null byte/);
    rejects(Buffer.concat([Buffer.from('site:\n  title: caf'), Buffer.from([0xe9, 0x0a])]), /not UTF-8 text; save it as UTF-8/);
  });

  test('YAML that does not parse gives the line: tabs, duplicate keys', () => {
    rejects('site:\n\ttitle: a\n', /feedwright\.yaml:2: .*tab characters must not be used in indentation/);
    rejects('site:\n  title: a\n  title: b\n', /feedwright\.yaml:3: .*duplicated mapping key/);
  });

  test('not a map at the top, or a section that is not a map', () => {
    rejects('- a\n- b\n', /must be a map of keys to values/);
    rejects('just words\n', /must be a map of keys to values/);
    rejects('site: ~\n', /site: .*expected object, received null/);
    rejects('feeds: [1, 2]\n', /feeds: .*expected object/);
  });

  test('values out of range name their key', () => {
    rejects('feeds:\n  limit: 1e9\n', /feeds\.limit: .*<=1000/);
    rejects('feeds:\n  limit: 2.5\n', /feeds\.limit: .*expected int/);
    rejects('posts:\n  maxBytes: 5MB\n', /posts\.maxBytes: .*expected number, received string/);
    rejects('server:\n  port: 99999\n', /server\.port: .*<=65535/);
    rejects(
      'rescan:\n  maxDropShare: 2\n  confirmAfter: 0\n  other: 1\n',
      /rescan\.maxDropShare: .*<=1/,
      /rescan\.confirmAfter: .*>=1/,
      /rescan\.other: unknown key/,
    );
  });

  test('hostile values: a javascript: URL, a path as time zone, a seven-field cron line', () => {
    rejects('site:\n  url: "javascript:alert(1)"\n', /site\.url: must be an absolute http:\/\/ or https:\/\/ URL/);
    rejects('timezone: ../../etc/passwd\n', /timezone: must be an IANA time zone/);
    rejects('schedule: "* * * * * * *"\n', /schedule: must be a cron expression/);
    rejects('site:\n  author: {name: "", email: nope}\n', /site\.author\.name: /, /site\.author\.email: Invalid email/);
  });

  test('server.trustProxy: hops, or addresses, subnets and named ranges; anything else is named', () => {
    assert.equal(load('').server.trustProxy, 0);
    assert.equal(load('server:\n  trustProxy: 2\n').server.trustProxy, 2);
    const list = ['10.0.0.5', '10.0.0.0/8', '::1', 'fd00::/8', 'loopback', 'uniquelocal'];
    assert.deepEqual(load(`server:\n  trustProxy: ${JSON.stringify(list)}\n`).server.trustProxy, list);
    for (const bad of ['proxy.example', '10.0.0.0/33', '10.0.0.1/8/1', '::1/129', '10.0.0.0/x']) {
      rejects(`server:\n  trustProxy: ["${bad}"]\n`, /server\.trustProxy\.0: must be an IP address, a subnet/);
    }
    rejects('server:\n  trustProxy: true\n', /server\.trustProxy: /);
    rejects('server:\n  trustProxy: -1\n', /server\.trustProxy: /);
  });

  test('__proto__ keys are unknown keys and pollute nothing', () => {
    rejects('__proto__:\n  polluted: 1\n', /__proto__: unknown key/);
    rejects('site:\n  __proto__:\n    polluted: 1\n', /site\.__proto__: unknown key/);
    assert.equal((Object.prototype as Record<string, unknown>).polluted, undefined);
  });

  test('anchors and aliases are checked like any value', () => {
    rejects('site: &s\n  title: a\nfeeds: *s\n', /feeds\.title: unknown key/);
    rejects('posts:\n  include: &a [x, x, x]\n  exclude: [*a, *a]\n', /posts\.exclude\.0: .*expected string, received array/);
  });

  test('every problem of a file is listed, not only the first', () => {
    rejects('site:\n  url: nope\n  language: "english please"\nfeeds:\n  formats: []\n', /site\.url: /, /site\.language: /, /feeds\.formats: /);
  });

  test('a folder where the config file should be', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fw-hostile-cfg-'));
    mkdirSync(path.join(dir, 'feedwright.yaml'));
    assert.throws(() => loadConfig({ env: {}, cwd: dir, overrides: { configPath: 'feedwright.yaml' } }), /cannot read the config file \(EISDIR\)/);
  });
});

describe('config files that look odd but are fine', () => {
  test('a BOM and CRLF line endings', () => {
    assert.equal(load('\uFEFFsite:\r\n  title: 带 BOM\r\n').site.title, '带 BOM');
  });

  test('an empty file, or only comments: the defaults', () => {
    assert.equal(load('').site.title, 'feedwright');
    assert.equal(load('# everything commented out\n').feeds.limit, 20);
  });

  test('the rescan section and its defaults', () => {
    assert.deepEqual(load('').rescan, { maxDropShare: 0.5, confirmAfter: 3, minIntervalMs: 1000 });
    assert.deepEqual(load('rescan:\n  maxDropShare: 1\n').rescan, { maxDropShare: 1, confirmAfter: 3, minIntervalMs: 1000 });
  });
});

test('the command line: a bad config is one line naming the key, exit status 1, no stack trace', () => {
  const { file } = configFile('feeds:\n  limit: lots\n');
  const root = path.resolve(import.meta.dirname, '../..');
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--config', file], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  assert.equal(run.status, 1);
  assert.match(run.stderr, /^feedwright: \/\S+feedwright\.yaml: invalid config\n {2}feeds\.limit: .*expected number, received string\n$/);
  assert.doesNotMatch(run.stderr, /\n\s+at /);
});
