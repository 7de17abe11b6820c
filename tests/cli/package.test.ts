// The ways feedwright is installed and started: `npm start` runs the built code with no compiler present,
// the packed tarball holds only what runs, and installed from it with --omit=dev it serves and builds.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { cliEnv } from '../helpers/cli.js';
import { testConfigFile } from '../helpers/config.js';
import { PostsDir } from '../helpers/posts-dir.js';
import { HAS_ANALYZE, verifyOnRoot } from '../helpers/systemd.js';
import { get } from '../helpers/service.js';
import { until } from '../helpers/until.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const PKG = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
  devDependencies: Record<string, string>;
};
// npm itself: the one running the tests when there is one, else the one on PATH.
const NPM = process.env.npm_execpath ? [process.execPath, process.env.npm_execpath] : ['npm'];

function npm(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = process.env): { status: number | null; stdout: string; stderr: string } {
  const [command = 'npm', ...pre] = NPM;
  return spawnSync(command, [...pre, ...args], { cwd, env, encoding: 'utf8' });
}

/**
 * Starts `command` in a process group of its own, waits for its `feedwright started` line, checks a feed,
 * then sends SIGTERM to the group, as Ctrl-C does to a terminal's (npm's `sh -c` would not pass a signal
 * sent to npm alone on to node), and waits for the server's `stopped` line and the group to end.
 */
async function servesAndStops(command: string, args: readonly string[], cwd: string, env: Record<string, string>): Promise<void> {
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
  // 'close': every process holding the pipes (npm, sh, node) is gone.
  const closed = new Promise<void>((resolve) => child.on('close', () => resolve()));
  const lines = (): Record<string, unknown>[] =>
    out
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  try {
    await until(() => lines().some((l) => l.msg === 'feedwright started') || child.exitCode !== null, 'the server to start', 30_000);
    const started = lines().find((l) => l.msg === 'feedwright started');
    assert.ok(started, `did not start: ${err}${out}`);
    assert.equal((await get(`${String(started.url)}rss.xml`)).status, 200);
    process.kill(-(child.pid as number), 'SIGTERM');
    await closed;
    assert.ok(
      lines().some((l) => l.msg === 'stopped'),
      `did not stop cleanly: ${err}`,
    );
  } finally {
    try {
      process.kill(-(child.pid as number), 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

test('npm start runs dist/ and never compiles: it works with TypeScript and every dev dependency absent', async () => {
  assert.doesNotMatch(PKG.scripts.start ?? '', /tsc|tsx|build/);
  const posts = new PostsDir();
  posts.post('2024-03-01-a.md', { title: 'A' });
  const app = mkdtempSync(path.join(os.tmpdir(), 'fw-start-'));
  try {
    // A copy of what a production install has: package.json, dist/ and the runtime packages only.
    cpSync(path.join(ROOT, 'package.json'), path.join(app, 'package.json'));
    cpSync(path.join(ROOT, 'dist'), path.join(app, 'dist'), { recursive: true });
    mkdirSync(path.join(app, 'node_modules'));
    const dev = new Set(Object.keys(PKG.devDependencies));
    for (const name of readdirSync(path.join(ROOT, 'node_modules'))) {
      if (name.startsWith('.') || dev.has(name)) continue;
      symlinkSync(path.join(ROOT, 'node_modules', name), path.join(app, 'node_modules', name));
    }
    assert.equal(existsSync(path.join(app, 'node_modules', 'typescript')), false);
    const [command = 'npm', ...pre] = NPM;
    await servesAndStops(command, [...pre, 'start', '--silent', '--', '--config', testConfigFile(posts.dir), '--port', '0'], app, {
      ...cliEnv({ LOG_LEVEL: 'info' }),
      HOME: app,
    });
  } finally {
    posts.cleanup();
  }
});

test('the packed tarball holds what runs and what installs it: dist/ without source maps, the unit, a sample config, the docs', () => {
  // --ignore-scripts: the test runner has just built dist/ (prepare would build it again).
  const res = npm(['pack', '--dry-run', '--json', '--ignore-scripts'], ROOT);
  assert.equal(res.status, 0, res.stderr);
  const files = (JSON.parse(res.stdout) as { files: { path: string }[] }[])[0]?.files.map((f) => f.path) ?? [];
  assert.deepEqual(files.filter((f) => !f.startsWith('dist/') && !f.startsWith('docs/')).sort(), [
    'LICENSE',
    'README.md',
    'deploy/feedwright.service',
    'deploy/feedwright.yaml',
    'package.json',
  ]);
  // The README's links into docs/ resolve in the installed package too.
  for (const link of [...readFileSync(path.join(ROOT, 'README.md'), 'utf8').matchAll(/\]\((docs\/[^)#\s]+)/g)].map((m) => m[1] ?? '')) {
    assert.ok(files.includes(link), `${link} is in the tarball`);
  }
  assert.ok(files.includes('dist/cli/main.js') && files.includes('dist/sources/pool/worker.js'));
  assert.deepEqual(
    files.filter((f) => f.endsWith('.map') || f.endsWith('.ts')),
    [],
  );
});

test('installed from the tarball with --omit=dev, it serves and builds', async (t) => {
  const work = mkdtempSync(path.join(os.tmpdir(), 'fw-pack-'));
  const packed = npm(['pack', '--ignore-scripts', '--pack-destination', work], ROOT);
  assert.equal(packed.status, 0, packed.stderr);
  const tarball = path.join(work, packed.stdout.trim().split('\n').at(-1) ?? '');
  const prefix = path.join(work, 'prefix');
  // The dependencies come from npm's cache; what is not there (package metadata) from the registry.
  // As the docs say to install it: --ignore-scripts, since dist/ is built and no runtime dependency has an
  // install script (npm 11 would otherwise warn of feedwright's own `prepare`, which a tarball does not need).
  const installed = npm(['install', '-g', '--prefix', prefix, '--omit=dev', '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund', tarball], work);
  if (installed.status !== 0 && /ENOTCACHED|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|ECONNRESET/.test(installed.stderr)) {
    t.skip(`no registry to install from: ${installed.stderr.split('\n')[0]}`);
    return;
  }
  assert.equal(installed.status, 0, installed.stderr);
  assert.doesNotMatch(installed.stderr, /install-scripts|warn/, 'an install without a warning');
  const modules = path.join(prefix, 'lib', 'node_modules', 'feedwright', 'node_modules');
  assert.equal(existsSync(path.join(modules, 'typescript')), false, 'no dev dependency installed');
  const bin = path.join(prefix, 'bin', 'feedwright');
  const posts = new PostsDir();
  posts.post('2024-03-01-a.md', { title: 'A', tags: ['t'] });
  try {
    const config = testConfigFile(posts.dir);
    const built = spawnSync(bin, ['build', '--config', config, '--out', path.join(work, 'public')], { cwd: work, env: cliEnv(), encoding: 'utf8' });
    assert.equal(built.status, 0, built.stderr);
    assert.match(built.stdout, /^feedwright build: \d+ documents \(1 posts\)/);
    assert.ok(existsSync(path.join(work, 'public', 'tags', 't', 'rss.xml')));
    await servesAndStops(bin, ['serve', '--config', config, '--port', '0'], work, cliEnv({ LOG_LEVEL: 'info' }));
    // The unit as installed verifies where npm puts the command on Debian (/usr/bin) and elsewhere (/usr/local/bin).
    const unit = readFileSync(path.join(prefix, 'lib', 'node_modules', 'feedwright', 'deploy', 'feedwright.service'), 'utf8');
    if (HAS_ANALYZE) {
      for (const dir of ['usr/bin', 'usr/local/bin'] as const) assert.equal(verifyOnRoot(unit, dir).status, 0, dir);
    }
  } finally {
    posts.cleanup();
  }
});
