// `feedwright build`'s tree writer (src/cli/write-tree.ts) on a full disk and against a trees folder that
// leads elsewhere: every file is written through the checked write, so a short write or ENOSPC fails the
// build with the old tree in place and the partial one removed; and nothing is made, renamed or removed
// through a `.<dir>.trees` that is a symbolic link to somewhere else.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import type { WriteFs, WriteHandle } from '../../src/atomic-write.js';
import { removeOldTrees } from '../../src/cli/old-trees.js';
import { outDir } from '../../src/cli/out-dir.js';
import { writeTree } from '../../src/cli/write-tree.js';
import { OutsideOwnFolderError } from '../../src/errors.js';
import { runCli } from '../helpers/cli.js';
import { testConfigFile } from '../helpers/config.js';
import { PostsDir } from '../helpers/posts-dir.js';
import { mountTmpfs } from '../helpers/tmpfs.js';
import { siteDocuments } from '../helpers/warm-state.js';

const documents = siteDocuments(6);
const root = mkdtempSync(path.join(os.tmpdir(), 'fw-write-tree-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** A pid no process has: a child that has exited (and been reaped). */
const deadPid = (): number => spawnSync(process.execPath, ['-e', '']).pid;

/** The real file system, but the `n`th file opened takes 100 bytes of its first write, then says ENOSPC. */
function fullAt(n: number): WriteFs {
  let opened = 0;
  return {
    async open(file, flags, mode) {
      const real = (await fsp.open(file, flags, mode)) as unknown as WriteHandle;
      if (++opened < n) return real;
      let calls = 0;
      return {
        writev: async (buffers, at) => {
          if (calls++ === 0) return real.writev([Buffer.concat(buffers).subarray(0, 100)], at);
          throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
        },
        sync: () => real.sync(),
        stat: () => real.stat(),
        close: () => real.close(),
      };
    },
  };
}

describe('writeTree', () => {
  test('a short write then ENOSPC mid-tree: the build fails naming the file, <dir> keeps the old tree, the partial one is gone', async () => {
    const work = mkdtempSync(path.join(root, 'w-'));
    const out = path.join(work, 'public');
    // The old tree holds only feed.json: the rest is written (not linked from it), so the 7th file fails.
    await writeTree(
      documents.filter((d) => d.path === '/feed.json'),
      out,
    );
    const link = readlinkSync(out);
    const feed = readFileSync(path.join(out, 'feed.json'));
    const err = await writeTree(documents, out, undefined, fullAt(7)).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.equal((err as NodeJS.ErrnoException | undefined)?.code, 'ENOSPC');
    assert.match(String((err as NodeJS.ErrnoException).path), /\/\.public\.trees\/\d+-[0-9a-f]+\//);
    assert.equal(readlinkSync(out), link);
    assert.deepEqual(readFileSync(path.join(out, 'feed.json')), feed);
    assert.deepEqual(readdirSync(path.join(work, '.public.trees')), [path.basename(link), `${path.basename(link)}.inputs`]);
  });

  test('a trees folder that is a symbolic link to elsewhere: refused, and nothing there is written or removed', async () => {
    const work = mkdtempSync(path.join(root, 'w-'));
    const elsewhere = mkdtempSync(path.join(root, 'elsewhere-'));
    // Named as a dead build's tree would be: the leftover sweep would have removed it.
    const precious = path.join(elsewhere, `${deadPid()}-0badf00d`);
    mkdirSync(precious);
    writeFileSync(path.join(precious, 'thesis.tex'), 'years of work');
    symlinkSync(elsewhere, path.join(work, '.public.trees'));
    await assert.rejects(writeTree(documents, path.join(work, 'public')), OutsideOwnFolderError);
    assert.deepEqual(readdirSync(elsewhere), [path.basename(precious)]);
    assert.equal(readFileSync(path.join(precious, 'thesis.tex'), 'utf8'), 'years of work');
    assert.deepEqual(readdirSync(work), ['.public.trees']);
  });

  test('the leftover sweep follows no symbolic link put in place of the trees folder', async () => {
    const work = mkdtempSync(path.join(root, 'w-'));
    const elsewhere = mkdtempSync(path.join(root, 'elsewhere-'));
    mkdirSync(path.join(elsewhere, `${deadPid()}-0badf00d`));
    symlinkSync(elsewhere, path.join(work, '.public.trees'));
    const failures = await removeOldTrees(outDir(path.join(work, 'public')));
    assert.equal(failures.length, 1);
    assert.ok(failures[0] instanceof OutsideOwnFolderError);
    assert.equal(readdirSync(elsewhere).length, 1);
  });
});

// The CLI on a real tmpfs that fills up: one line, exit 1, the old tree served on.
const tmpfs = mountTmpfs(2 * 1024 * 1024);
test('feedwright build on a real full tmpfs: one line naming ENOSPC, exit 1, <dir> left as it was', { skip: typeof tmpfs === 'string' ? tmpfs : false }, () => {
  assert.ok(typeof tmpfs !== 'string');
  const site = new PostsDir();
  try {
    for (let i = 0; i < 20; i++)
      site.post(`2024-03-${String(i + 1).padStart(2, '0')}-p${i}.md`, { title: `Post ${i}`, tags: ['a', `t${i}`], body: `<p>${'Text. '.repeat(400)}</p>` });
    const args = ['build', '--config', testConfigFile(site.dir), '--out', 'public'];
    // Another site URL first: every byte differs, so the second build writes (none is linked from the first).
    const first = runCli([...args, '--site-url', 'https://old.example/'], { cwd: tmpfs.dir });
    assert.equal(first.status, 0, first.stderr);
    const link = readlinkSync(path.join(tmpfs.dir, 'public'));
    const feed = readFileSync(path.join(tmpfs.dir, 'public', 'feed.json'));
    tmpfs.fillTo(64 * 1024);
    const res = runCli(args, { cwd: tmpfs.dir });
    assert.equal(res.status, 1, res.stderr);
    assert.match(
      res.stderr,
      /^feedwright build: cannot write \.public\.trees\/\d+-[0-9a-f]+\/\S+: no space left on device \(ENOSPC\); public is left as it was\n$/,
    );
    assert.equal(readlinkSync(path.join(tmpfs.dir, 'public')), link);
    assert.deepEqual(readFileSync(path.join(tmpfs.dir, 'public', 'feed.json')), feed);
    assert.deepEqual(readdirSync(path.join(tmpfs.dir, '.public.trees')), [path.basename(link), `${path.basename(link)}.inputs`]);
  } finally {
    site.cleanup();
    tmpfs.unmount();
  }
});
