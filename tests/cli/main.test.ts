// The command line itself: help for each command, the version, and exit 2 with a clear message for
// every kind of usage error; exit 1 (never a stack trace) for a bad config.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { testConfigFile } from '../helpers/config.js';
import { runCli } from '../helpers/cli.js';
import { PostsDir } from '../helpers/posts-dir.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('feedwright (built CLI)', () => {
  test('--help lists the commands; each command has its own --help', () => {
    const top = runCli(['--help']);
    assert.equal(top.status, 0);
    for (const name of ['serve', 'build', 'check']) assert.match(top.stdout, new RegExp(`^  ${name} `, 'm'));
    const expected: Record<string, RegExp> = { serve: /-p, --port <port>/, build: /-o, --out <dir>/, check: /--json/ };
    for (const [name, own] of Object.entries(expected)) {
      for (const args of name === 'check'
        ? [
            [name, '--help'],
            [name, '-h'],
            ['help', name],
          ]
        : [[name, '--help']]) {
        const res = runCli(args);
        assert.equal(res.status, 0, args.join(' '));
        assert.match(res.stdout, new RegExp(`^Usage: feedwright ${name} \\[options\\]`));
        assert.match(res.stdout, own);
        assert.match(res.stdout, /-c, --config <file>[\s\S]*--posts <dir>[\s\S]*--site-url <url>/);
        assert.equal(res.stderr, '');
      }
    }
  });

  test('--version prints the package version', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    assert.equal(runCli(['--version']).stdout, `${pkg.version}\n`);
  });

  test('usage errors: exit 2, the reason and the usage on stderr, nothing on stdout', () => {
    const cases: [string[], RegExp][] = [
      [['check', '--bogus'], /^feedwright: Unknown option '--bogus'/],
      [['build', '--out'], /^feedwright: Option '-o, --out <value>' argument missing/],
      [['check', 'extra'], /^feedwright: Unexpected argument 'extra'/],
      [['serve', '--port', 'eighty'], /^feedwright: --port: must be a whole number from 0 to 65535, got "eighty"/],
      [['frobnicate'], /^feedwright: unknown command: frobnicate/],
    ];
    for (const [args, reason] of cases) {
      const res = runCli(args);
      assert.equal(res.status, 2, args.join(' '));
      assert.match(res.stderr, reason);
      assert.match(res.stderr, /\nUsage: feedwright /);
      assert.equal(res.stdout, '');
    }
  });

  test('a config error or a missing posts folder: exit 1 and one clear line, no stack trace', () => {
    const posts = new PostsDir();
    try {
      const config = testConfigFile(posts.dir);
      const badUrl = runCli(['check', '--config', config, '--site-url', 'not a url']);
      assert.equal(badUrl.status, 1);
      assert.match(badUrl.stderr, /^feedwright: .*feedwright\.yaml: invalid config\n {2}site\.url \(from --site-url\): must be an absolute[^\n]*\n$/);
      const missing = runCli(['build', '--config', config, '--posts', '/nonexistent/posts', '--out', path.join(posts.dir, '..', 'fw-never')]);
      assert.equal(missing.status, 1);
      assert.match(
        missing.stderr,
        /^feedwright: posts folder not found: \/nonexistent\/posts \(set posts\.dir in the config file, or FEEDWRIGHT_POSTS_DIR\)\n$/,
      );
    } finally {
      posts.cleanup();
    }
  });
});
