// A command loads only what it uses (src/cli/commands.ts imports each command's module when it runs):
// --version and --help load no package at all, and check and build never load the HTTP stack. The built
// CLI runs with a module hook that records every module loaded (record-loads.mjs).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { CLI, cliEnv } from '../helpers/cli.js';
import { testConfigFile } from '../helpers/config.js';
import { PostsDir } from '../helpers/posts-dir.js';

const RECORDER = path.join(import.meta.dirname, 'record-loads.mjs');

/** The modules `feedwright <args>` loads, as paths from the package root (`dist/…`, `node_modules/<name>`). */
function loads(args: readonly string[], cwd?: string): Set<string> {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'fw-loads-')), 'loads.txt');
  const run = spawnSync(process.execPath, ['--import', RECORDER, CLI, ...args], { cwd, env: cliEnv({ FW_RECORD_LOADS: file }), encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const root = path.resolve(path.dirname(CLI), '../..');
  return new Set(
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l !== '' && !l.startsWith('node:'))
      .map((l) => path.relative(root, l.startsWith('file:') ? new URL(l).pathname : l))
      .map((rel) => /^node_modules\/(@[^/]+\/)?[^/]+/.exec(rel)?.[0] ?? rel),
  );
}

const HTTP_STACK = ['node_modules/express', 'node_modules/prom-client', 'dist/http/', 'dist/metrics.js', 'dist/service.js'];

test('--version and --help load the CLI table and nothing else: no package, no command', () => {
  for (const args of [['--version'], ['--help'], ['build', '--help']]) {
    const loaded = [...loads(args)];
    assert.deepEqual(
      loaded.filter((m) => !m.startsWith('tests/')).sort(),
      ['dist/cli/args.js', 'dist/cli/commands.js', 'dist/cli/main.js', 'dist/errors.js', 'dist/order.js', 'dist/version.js'],
      args.join(' '),
    );
  }
});

test('check and build read and render the posts without loading the HTTP stack', () => {
  const posts = new PostsDir();
  posts.post('2024-03-01-a.md', { title: 'A', tags: ['t'] });
  try {
    const config = testConfigFile(posts.dir);
    const work = mkdtempSync(path.join(os.tmpdir(), 'fw-lazy-'));
    for (const args of [
      ['check', '--config', config],
      ['build', '--config', config, '--out', 'public'],
    ]) {
      const loaded = [...loads(args, work)];
      // The recorder sees packages at all: both read the posts' YAML and render Markdown.
      assert.ok(loaded.includes('node_modules/js-yaml') && loaded.includes('node_modules/markdown-it'), loaded.join(' '));
      assert.deepEqual(
        loaded.filter((m) => HTTP_STACK.some((h) => m.startsWith(h))),
        [],
        args[0],
      );
    }
  } finally {
    posts.cleanup();
  }
});
