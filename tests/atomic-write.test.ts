// The one atomic write (src/atomic-write.ts): every byte checked, synced, then renamed; on a short write,
// ENOSPC, a failed fsync or close, a size on disk that does not add up, or a file over its bound, the old
// file stays as it was and no temporary file is left. A test file system fails the writes as a full disk
// does; where the tests run as root, a real tiny tmpfs fills up too.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs, { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { appendChecked, removeDeadTemps, replaceFile, writeNewFile, type WriteFs, type WriteHandle } from '../src/atomic-write.js';
import { FileTooLargeError, OutsideOwnFolderError, ShortWriteError } from '../src/errors.js';
import { mountTmpfs } from './helpers/tmpfs.js';

const roots: string[] = [];
after(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

function folder(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fw-atomic-write-'));
  roots.push(dir);
  return dir;
}

/** A folder holding `state.bin` with old bytes. */
function withOldFile(): { dir: string; file: string; old: Buffer } {
  const dir = folder();
  const file = path.join(dir, 'state.bin');
  const old = Buffer.from('the old, whole file\n'.repeat(50));
  writeFileSync(file, old);
  return { dir, file, old };
}

type Fault = Partial<{
  [K in keyof WriteHandle]: (real: NonNullable<WriteHandle[K]>, ...args: Parameters<NonNullable<WriteHandle[K]>>) => ReturnType<NonNullable<WriteHandle[K]>>;
}>;

/** The real file system, with some calls of each handle replaced as a full or failing disk answers them. */
function faulty(fault: Fault): WriteFs {
  return {
    async open(file, flags, mode) {
      const real = (await fsp.open(file, flags, mode)) as unknown as WriteHandle;
      const wrap = <K extends keyof WriteHandle>(k: K): WriteHandle[K] => {
        const bound = (real[k] as (...a: unknown[]) => unknown).bind(real) as WriteHandle[K];
        const f = fault[k] as ((r: WriteHandle[K], ...a: unknown[]) => unknown) | undefined;
        return (f ? (...args: unknown[]) => f(bound, ...args) : bound) as WriteHandle[K];
      };
      return {
        writev: wrap('writev'),
        sync: wrap('sync'),
        stat: wrap('stat'),
        close: wrap('close'),
        truncate: wrap('truncate') as NonNullable<WriteHandle['truncate']>,
      };
    },
  };
}

const errno = (code: string, syscall: string): NodeJS.ErrnoException =>
  Object.assign(new Error(`${code}: injected, ${syscall}`), { code, errno: -os.constants.errno[code as keyof typeof os.constants.errno], syscall });

const pieces = (n: number, size: number): Buffer[] => Array.from({ length: n }, (_, i) => Buffer.alloc(size, 97 + (i % 26)));

function assertOldKept(dir: string, file: string, old: Buffer): void {
  assert.deepEqual(readFileSync(file), old, 'the old file is as it was');
  assert.deepEqual(readdirSync(dir), [path.basename(file)], 'no temporary file is left');
}

describe('replaceFile', () => {
  test('writes every piece, syncs, renames over the old file, and leaves nothing else', async () => {
    const { dir, file } = withOldFile();
    const data = pieces(300, 7000); // ~2 MiB: more than one batch
    const bytes = await replaceFile(file, data, { root: dir, mode: 0o600 });
    assert.equal(bytes, 2_100_000);
    assert.deepEqual(readFileSync(file), Buffer.concat(data));
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.deepEqual(readdirSync(dir), ['state.bin']);
  });

  test('a short write is taken up again where it stopped: the file is whole', async () => {
    const { dir, file } = withOldFile();
    let calls = 0;
    // Each write takes at most 1000 bytes, as a pipe or a busy disk may.
    const fs = faulty({
      writev: (real, buffers, at) => {
        calls++;
        return real([Buffer.concat(buffers).subarray(0, 1000)], at);
      },
    });
    const data = pieces(5, 2500);
    assert.equal(await replaceFile(file, data, { root: dir, fs }), 12_500);
    assert.deepEqual(readFileSync(file), Buffer.concat(data));
    assert.equal(calls, 13);
  });

  /** The first write takes 100 bytes; later ones take nothing (`then` undefined) or throw `then`. */
  const shortThen = (then?: string): Fault => ({
    writev: async (real, buffers, at) => {
      if (at === 0) return real([Buffer.concat(buffers).subarray(0, 100)], at);
      if (then) throw errno(then, 'write');
      return { bytesWritten: 0 };
    },
  });
  const code = (c: string) => (e: unknown) => (e as NodeJS.ErrnoException).code === c;
  const failures: [string, Fault, (err: unknown) => boolean][] = [
    // A full disk: part of a write taken, then nothing more (and no error), or ENOSPC.
    ['a write that takes part, then nothing', shortThen(), (e) => e instanceof ShortWriteError && /took 100 of /.test(e.message)],
    ['a short write, then ENOSPC', shortThen('ENOSPC'), code('ENOSPC')],
    ['EDQUOT at the first write', { writev: () => Promise.reject(errno('EDQUOT', 'write')) }, code('EDQUOT')],
    ['an fsync that fails (EIO)', { sync: () => Promise.reject(errno('EIO', 'fsync')) }, code('EIO')],
    ['a size on disk short of what was written', { stat: async (real) => ({ size: (await real()).size - 1 }) }, (e) => e instanceof ShortWriteError],
    [
      'a close that fails (as NFS reports a failed write)',
      {
        close: async (real) => {
          await real();
          throw errno('EIO', 'close');
        },
      },
      code('EIO'),
    ],
  ];
  for (const [name, fault, expected] of failures) {
    test(`${name}: the old file stays whole, the temporary file is removed, the error names the file`, async () => {
      const { dir, file, old } = withOldFile();
      const err = await replaceFile(file, pieces(3, 4000), { root: dir, fs: faulty(fault) }).then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(err && expected(err), String(err));
      assert.match(String((err as NodeJS.ErrnoException).path), /state\.bin\.\d+-[0-9a-f]+\.tmp$/);
      assertOldKept(dir, file, old);
    });
  }

  test('past maxBytes: FileTooLargeError, the old file kept', async () => {
    const { dir, file, old } = withOldFile();
    await assert.rejects(replaceFile(file, pieces(10, 1000), { root: dir, maxBytes: 5500 }), FileTooLargeError);
    assertOldKept(dir, file, old);
  });

  test('a file outside its folder, by `..` or through a symlink, is refused and nothing is written', async () => {
    const dir = folder();
    const outside = folder();
    symlinkSync(outside, path.join(dir, 'link'));
    await assert.rejects(replaceFile(path.join(dir, '..', path.basename(outside), 'x'), [Buffer.from('x')], { root: dir }), OutsideOwnFolderError);
    await assert.rejects(replaceFile(path.join(dir, 'link', 'x'), [Buffer.from('x')], { root: dir }), OutsideOwnFolderError);
    assert.deepEqual(readdirSync(outside), []);
  });

  test('temporary files of dead writers go at the next write; those of live ones and foreign names stay', async () => {
    const { dir, file } = withOldFile();
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    const names = [`state.bin.${dead}.tmp`, `state.bin.${dead}-0badf00d.tmp`, `state.bin.${process.ppid}-00000000.tmp`, 'state.bin.notes', 'other.1.tmp'];
    for (const n of names) writeFileSync(path.join(dir, n), 'x');
    await removeDeadTemps(dir, file);
    assert.deepEqual(readdirSync(dir).sort(), ['other.1.tmp', 'state.bin', `state.bin.${process.ppid}-00000000.tmp`, 'state.bin.notes']);
  });
});

describe('writeNewFile', () => {
  test('writes a new file whole; it never replaces one that is there', async () => {
    const dir = folder();
    const file = path.join(dir, 'a', 'index.html');
    fs.mkdirSync(path.dirname(file));
    assert.equal(await writeNewFile(file, Buffer.from('hello'), { root: dir }), 5);
    assert.equal(readFileSync(file, 'utf8'), 'hello');
    await assert.rejects(writeNewFile(file, Buffer.from('again'), { root: dir }), { code: 'EEXIST' });
    assert.equal(readFileSync(file, 'utf8'), 'hello');
  });

  test('a path outside its folder is refused; a symbolic link where the file goes is not followed', async () => {
    const dir = folder();
    const outside = folder();
    await assert.rejects(writeNewFile(path.join(dir, '..', 'x'), Buffer.from('x'), { root: dir }), OutsideOwnFolderError);
    writeFileSync(path.join(outside, 'victim'), 'untouched');
    symlinkSync(path.join(outside, 'victim'), path.join(dir, 'index.html'));
    await assert.rejects(writeNewFile(path.join(dir, 'index.html'), Buffer.from('x'), { root: dir }), { code: 'EEXIST' });
    assert.equal(readFileSync(path.join(outside, 'victim'), 'utf8'), 'untouched');
  });

  test('a short write: the partial file is removed and the error names it', async () => {
    const dir = folder();
    const file = path.join(dir, 'index.html');
    const fs = faulty({ writev: async () => ({ bytesWritten: 0 }) });
    await assert.rejects(writeNewFile(file, Buffer.from('hello'), { root: dir, fs }), (e: unknown) => e instanceof ShortWriteError && e.path === file);
    assert.deepEqual(readdirSync(dir), []);
  });
});

// A real file system that fills up: the kernel takes part of a write, then says ENOSPC.
const tmpfs = mountTmpfs(256 * 1024);
test('a real full tmpfs: ENOSPC, the old file kept whole, no temporary file left', { skip: typeof tmpfs === 'string' ? tmpfs : false }, async () => {
  assert.ok(typeof tmpfs !== 'string');
  try {
    const file = path.join(tmpfs.dir, 'state.bin');
    const old = Buffer.alloc(20_000, 111);
    writeFileSync(file, old);
    tmpfs.fillTo(64 * 1024);
    // One batch larger than the space left: write() takes what fits, then fails.
    await assert.rejects(replaceFile(file, [Buffer.alloc(100_000, 120)], { root: tmpfs.dir }), { code: 'ENOSPC' });
    assert.deepEqual(readFileSync(file), old);
    assert.deepEqual(readdirSync(tmpfs.dir).sort(), ['filler', 'state.bin']);
  } finally {
    tmpfs.unmount();
  }
});

describe('appendChecked', () => {
  test('appends every byte at the end, synced, and says the new size', async () => {
    const { dir, file, old } = withOldFile();
    const more = Buffer.concat(pieces(200, 7000)); // more than one batch
    assert.equal(await appendChecked(file, more, { root: dir }), old.length + more.length);
    assert.deepEqual(readFileSync(file), Buffer.concat([old, more]));
  });

  for (const then of ['nothing', 'ENOSPC'] as const) {
    test(`a full disk (part of the write, then ${then}): the file is cut back to the end it had, and the error names it`, async () => {
      const { dir, file, old } = withOldFile();
      let calls = 0;
      const full = faulty({
        writev: (real, buffers, at) => {
          if (calls++ === 0) return real([Buffer.concat(buffers).subarray(0, 100)], at);
          if (then === 'nothing') return Promise.resolve({ bytesWritten: 0 });
          return Promise.reject(errno('ENOSPC', 'write'));
        },
      });
      await assert.rejects(appendChecked(file, Buffer.alloc(5000, 120), { root: dir, fs: full }), (err: NodeJS.ErrnoException) => {
        assert.equal(err.path, file);
        assert.equal(err.code, then === 'nothing' ? new ShortWriteError(file, 0, 1).code : 'ENOSPC');
        return true;
      });
      assert.equal(calls, 2);
      assertOldKept(dir, file, old);
    });
  }

  test('a file not at the size this process left it (another writer): nothing appended, nothing cut', async () => {
    const { dir, file, old } = withOldFile();
    await assert.rejects(appendChecked(file, Buffer.from('x'), { root: dir, expectedSize: old.length - 1 }), (err: NodeJS.ErrnoException) => {
      assert.equal(err.code, 'FW_ERR_CHANGED_UNDERFOOT');
      assert.equal(err.path, file);
      return true;
    });
    assert.deepEqual(readFileSync(file), old);
    assert.equal(await appendChecked(file, Buffer.from('x'), { root: dir, expectedSize: old.length }), old.length + 1);
  });

  test('a symbolic link is not followed, a missing file is not made, a path outside its folder is refused', async () => {
    const { dir, file, old } = withOldFile();
    const link = path.join(dir, 'journal');
    symlinkSync(file, link);
    await assert.rejects(appendChecked(link, Buffer.from('x'), { root: dir }), { code: 'ELOOP' });
    await assert.rejects(appendChecked(path.join(dir, 'none'), Buffer.from('x'), { root: dir }), { code: 'ENOENT' });
    await assert.rejects(appendChecked(path.join(dir, '..', 'x'), Buffer.from('x'), { root: dir }), OutsideOwnFolderError);
    assert.deepEqual(readFileSync(file), old);
  });
});
