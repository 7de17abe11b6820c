// `feedwright build` when the file system refuses the tree: one line naming the path and the problem,
// exit 1, no stack trace, `<dir>` left as it was and the partial tree removed. Tests run as root, which
// permissions do not stop, so the refusals are a file where a folder must be and a file size limit.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { writeErrorLine } from '../../src/cli/write-error.js';
import { CLI, cliEnv, runCli } from '../helpers/cli.js';
import { testConfigFile } from '../helpers/config.js';
import { PostsDir } from '../helpers/posts-dir.js';

describe('feedwright build: a write the file system refuses', () => {
  const posts = new PostsDir();
  posts.post('2024-03-01-small.md', { title: 'Small', date: '2024-03-01 10:00:00 +0800', tags: ['a'] });
  // Its page and feeds are over the size limit below; their gzip and brotli forms are not.
  posts.post('2024-03-02-large.md', { title: 'Large', date: '2024-03-02 10:00:00 +0800', body: `<p>${'Long text. '.repeat(20_000)}</p>` });
  const configFile = testConfigFile(posts.dir);
  const root = mkdtempSync(path.join(os.tmpdir(), 'fw-build-errors-'));
  after(() => {
    posts.cleanup();
    rmSync(root, { recursive: true, force: true });
  });

  const assertOneLine = (stderr: string, reason: RegExp): void => {
    assert.equal(stderr.split('\n').length, 2, stderr);
    assert.match(stderr, reason);
    assert.doesNotMatch(stderr, /\n\s+at |unexpected error/);
  };

  test('a file where the trees folder goes (ENOTDIR): a real folder <dir> is left as it was', () => {
    const work = mkdtempSync(path.join(root, 'w-'));
    mkdirSync(path.join(work, 'public'));
    writeFileSync(path.join(work, 'public/index.html'), 'old site');
    writeFileSync(path.join(work, '.public.trees'), 'in the way');
    const res = runCli(['build', '--config', configFile, '--out', 'public'], { cwd: work });
    assert.equal(res.status, 1);
    assertOneLine(res.stderr, /^feedwright build: cannot write \.public\.trees\/\d+-[0-9a-f]+: not a directory \(ENOTDIR\); public is left as it was\n$/);
    assert.equal(readFileSync(path.join(work, 'public/index.html'), 'utf8'), 'old site');
    assert.deepEqual(readdirSync(work), ['.public.trees', 'public']);
  });

  test('a file over the size limit (EFBIG, ulimit -f) mid-tree: the old tree stays, the partial one is removed', () => {
    const work = mkdtempSync(path.join(root, 'w-'));
    const args = ['build', '--config', configFile, '--out', 'public'];
    // Another site URL: every byte differs, so the second build writes every file (none is linked from the first).
    assert.equal(runCli([...args, '--site-url', 'https://old.example/'], { cwd: work }).status, 0);
    const link = readlinkSync(path.join(work, 'public'));
    const before = readFileSync(path.join(work, 'public/rss.xml'));
    // 64 KiB per file (POSIX sh counts 512-byte blocks); Node ignores SIGXFSZ, so write() fails with EFBIG.
    const res = spawnSync('sh', ['-c', 'ulimit -f 128 && exec "$0" "$@"', process.execPath, CLI, ...args], { cwd: work, env: cliEnv(), encoding: 'utf8' });
    assert.equal(res.status, 1, res.stderr);
    assertOneLine(res.stderr, /^feedwright build: cannot write \.public\.trees\/\d+-[0-9a-f]+\/\S+: file too large \(EFBIG\); public is left as it was\n$/);
    assert.equal(readlinkSync(path.join(work, 'public')), link);
    assert.deepEqual(readFileSync(path.join(work, 'public/rss.xml')), before);
    assert.deepEqual(readdirSync(path.join(work, '.public.trees')), [path.basename(link), `${path.basename(link)}.inputs`]);
  });

  test('the line names the path and the problem: ENOSPC, EDQUOT, EACCES, EPERM, EROFS, a rename; a bug is not one', () => {
    const out = path.join(process.cwd(), 'public');
    const file = path.join(process.cwd(), '.public.trees/1-ab/tags/a/index.html');
    // As Node makes them: a write() error has no path (write-tree.ts adds it), and libuv has no name for EDQUOT.
    const errnos: Readonly<Record<string, number>> = os.constants.errno;
    const fail = (code: string, message: string, extra: object = {}): Error =>
      Object.assign(new Error(`${message}, write`), {
        code,
        errno: -(errnos[code === 'UNKNOWN' ? 'EDQUOT' : code] ?? 0),
        syscall: 'write',
        path: file,
        ...extra,
      });
    const cases: [Error, string][] = [
      [fail('ENOSPC', 'ENOSPC: no space left on device'), 'no space left on device (ENOSPC)'],
      [fail('UNKNOWN', 'UNKNOWN: unknown error'), 'disk quota exceeded (EDQUOT)'],
      [fail('EACCES', 'EACCES: permission denied'), 'permission denied (EACCES)'],
      [fail('EPERM', 'EPERM: operation not permitted'), 'operation not permitted (EPERM)'],
      [fail('EROFS', 'EROFS: read-only file system'), 'read-only file system (EROFS)'],
    ];
    for (const [err, reason] of cases) {
      assert.equal(writeErrorLine(err, out), `feedwright build: cannot write .public.trees/1-ab/tags/a/index.html: ${reason}; public is left as it was\n`);
    }
    const rename = fail('EACCES', 'EACCES: permission denied', { syscall: 'rename', dest: out });
    assert.equal(writeErrorLine(rename, out), 'feedwright build: cannot write public: permission denied (EACCES); public is left as it was\n');
    assert.equal(writeErrorLine(new TypeError('x is not a function'), out), undefined);
    assert.equal(writeErrorLine('thrown string', out), undefined);
  });
});
