// The journal beside the cache file (src/cache/journal-file.ts, as warm-cache.ts uses it): a cut or
// damaged frame, a journal of another file, a symbolic link, one others may write, one over
// diskCache.maxBytes are said once and never served from (the start serves the state of the last whole
// frame before them, or the file's); a full disk during an append leaves the journal at its last whole
// frame, and the next write is whole. /status says the journal's size and frames.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import type { WriteFs, WriteHandle } from '../../src/atomic-write.js';
import { WarmCache, type WarmCacheOptions } from '../../src/cache/warm-cache.js';
import { Rescanner } from '../../src/rescan/rescanner.js';
import type { Snapshot } from '../../src/snapshot/snapshot.js';
import { SnapshotStore } from '../../src/snapshot/store.js';
import { testConfig } from '../helpers/config.js';
import { PostsDir } from '../helpers/posts-dir.js';

const roots: string[] = [];
after(() => {
  for (const r of roots) fs.rmSync(r, { recursive: true, force: true });
});

function digest(snapshot: Snapshot | undefined): string[] {
  assert.ok(snapshot);
  return [...snapshot.entries].map(([p, { body, ...rest }]) => `${p} ${JSON.stringify(rest)} ${createHash('sha256').update(body.bytes()).digest('hex')}`);
}

function post(posts: PostsDir, i: number, version: string): string {
  const rel = `2024-03-${String((i % 28) + 1).padStart(2, '0')}-p${i}.md`;
  posts.post(rel, { title: `Post ${i} ${version}`, tags: [`t${i % 3}`], body: `<p>${version} ${'text '.repeat(30)}</p>` });
  return rel;
}

interface Journaled {
  readonly posts: PostsDir;
  readonly options: WarmCacheOptions;
  /** The documents of each state saved: [0] the file's, [k] after k frames. */
  readonly digests: string[][];
  readonly rescanner: Rescanner;
  readonly cache: WarmCache;
  readonly warnings: string[];
  /** Edits one more post, rescans it by name, saves, waits for the write. */
  edit(i: number): Promise<void>;
}

/** A site of 40 posts written whole, then `frames` edits heard by name, each a journal frame. */
async function journaled(frames: number, extra: Partial<WarmCacheOptions> = {}): Promise<Journaled> {
  const posts = new PostsDir();
  for (let i = 0; i < 40; i++) post(posts, i, 'first');
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'fw-journal-file-'));
  roots.push(root, posts.dir);
  const warnings: string[] = [];
  const options: WarmCacheOptions = {
    root,
    configHash: 'j',
    postsDir: posts.dir,
    version: 'test',
    build: 'b',
    journalShare: 1000,
    warn: (m) => warnings.push(m),
    ...extra,
  };
  const rescanner = new Rescanner({ config: testConfig(posts.dir), store: new SnapshotStore() });
  const cache = new WarmCache(options);
  const digests: string[][] = [];
  const save = async (): Promise<void> => {
    const state = rescanner.warmState();
    assert.ok(state);
    cache.save(state);
    await cache.idle();
    digests.push(digest(state.snapshot));
  };
  await rescanner.trigger('start');
  await save();
  const j: Journaled = {
    posts,
    options,
    digests,
    rescanner,
    cache,
    warnings,
    async edit(i) {
      const rel = post(posts, i, `v${digests.length}`);
      assert.ok((await rescanner.trigger('watch', [rel])).ok);
      await save();
    },
  };
  for (let k = 1; k <= frames; k++) await j.edit(k);
  assert.equal(cache.status().journal.frames, frames);
  return j;
}

/** Whether the last write was a journal frame (true) or the file whole (undefined). */
function journalWrite(cache: WarmCache): true | undefined {
  const last = cache.status().lastAttempt;
  return last?.ok ? last.journal : undefined;
}

/** A start's documents (undefined: cold), and its warnings. */
async function start(options: WarmCacheOptions): Promise<{ digest: string[] | undefined; warnings: string[]; cache: WarmCache }> {
  const warnings: string[] = [];
  const cache = new WarmCache({ ...options, warn: (m) => warnings.push(m) });
  const warm = await cache.load();
  if (warm) assert.ok(await warm.rest());
  return { digest: warm ? digest(warm.snapshot) : undefined, warnings, cache };
}

describe('the warm cache journal', () => {
  test('edits heard by name are appended as frames; a start applies them; past its share the file is written whole and the journal removed', async () => {
    const j = await journaled(3);
    try {
      const status = j.cache.status();
      const journalBytes = fs.statSync(j.cache.journal).size;
      assert.deepEqual(status.journal, { file: j.cache.journal, bytes: journalBytes, frames: 3 });
      assert.equal(journalWrite(j.cache), true);
      assert.equal(status.writes, 4);
      // Each of the 40 posts is in the site's feeds: a frame holds a good part of the documents here (a large site's is small).
      assert.ok(journalBytes / 3 < (status.bytes ?? 0), `a frame is smaller than the file: ${journalBytes} of ${status.bytes}`);
      const s = await start(j.options);
      assert.deepEqual(s.digest, j.digests[3]);
      assert.deepEqual(s.cache.status().atStart.frames, 3);
      assert.deepEqual([s.warnings, j.warnings], [[], []]);

      // A journal that would pass its share: the next write is whole, with a new id, and no journal.
      const small = new WarmCache({ ...j.options, journalShare: 0 });
      assert.ok(await small.load());
      const state = j.rescanner.warmState();
      assert.ok(state);
      await j.edit(5);
      const next = j.rescanner.warmState();
      assert.ok(next);
      small.save(next);
      await small.idle();
      assert.equal(journalWrite(small), undefined);
      assert.equal(fs.existsSync(j.cache.journal), false);
      assert.deepEqual(small.status().journal, { file: j.cache.journal, bytes: 0, frames: 0 });
      assert.deepEqual((await start(j.options)).digest, digest(next.snapshot));
    } finally {
      await j.rescanner.close();
    }
  });

  const damages: [string, (file: string, j: Journaled) => void, number, RegExp][] = [
    [
      'a cut last frame (a crash mid-append)',
      (file) => fs.truncateSync(file, fs.statSync(file).size - 7),
      2,
      /its frame 3 is cut or damaged; the 2 before it are used/,
    ],
    [
      'a corrupted byte in the second frame',
      (file) => {
        const bytes = fs.readFileSync(file);
        // Past the head line and the first frame: inside the second.
        const first = bytes.indexOf('\n', 'feedwright-journal\n'.length) + 1;
        const at = first + 4 + bytes.readUInt32LE(first) + 200;
        bytes[at] = (bytes[at] as number) ^ 0xff;
        fs.writeFileSync(file, bytes);
      },
      1,
      /its frame 2 is cut or damaged; the 1 before it are used/,
    ],
    ['a journal cut in its first line', (file) => fs.truncateSync(file, 10), 0, /it is cut before its first frame/],
    [
      'a journal of another file (a stale id)',
      (file) =>
        fs.writeFileSync(
          file,
          Buffer.from(
            fs
              .readFileSync(file)
              .toString('latin1')
              .replace(/"follows":"[0-9a-f]/, '"follows":"x'),
            'latin1',
          ),
        ),
      0,
      /follows another cache file/,
    ],
    [
      'a symbolic link',
      (file) => {
        fs.renameSync(file, `${file}.real`);
        fs.symlinkSync(`${file}.real`, file);
      },
      0,
      /it is a symbolic link/,
    ],
    ['one every user can write', (file) => fs.chmodSync(file, 0o666), 0, /can be written by .*every user/],
    ['one over diskCache.maxBytes', (file, j) => fs.appendFileSync(file, Buffer.alloc((j.cache.status().bytes ?? 0) + 1)), 3, /over diskCache\.maxBytes/],
  ];
  for (const [name, damage, used, reason] of damages) {
    test(`${name}: said once, only whole frames of this file served, and the next write is whole`, async () => {
      const j = await journaled(3);
      try {
        damage(j.cache.journal, j);
        const options = name.includes('maxBytes') ? { ...j.options, maxBytes: (j.cache.status().bytes ?? 0) + 1 } : j.options;
        const s = await start(options);
        // Over maxBytes, nothing of it is read.
        const want = name.includes('maxBytes') ? 0 : used;
        assert.deepEqual(s.digest, j.digests[want]);
        assert.equal(s.warnings.length, 1, s.warnings.join('\n'));
        assert.match(s.warnings[0] ?? '', reason);
        assert.ok(s.warnings[0]?.includes(j.cache.journal));

        // The next write is whole (the journal removed), and a start serves it.
        const state = j.rescanner.warmState();
        assert.ok(state);
        s.cache.save(state);
        await s.cache.idle();
        assert.equal(journalWrite(s.cache), undefined);
        assert.equal(fs.existsSync(j.cache.journal), false);
        const again = await start(options);
        assert.deepEqual([again.digest, again.warnings], [j.digests[3], []]);
      } finally {
        await j.rescanner.close();
      }
    });
  }

  /** A disk that, while `full.on`, takes part of the first write and then says ENOSPC. */
  function fullDisk(full: { on: boolean }): WriteFs {
    return {
      async open(file, flags, mode) {
        const real = await fsp.open(file, flags, mode);
        let calls = 0;
        const handle: WriteHandle = {
          async writev(buffers, at) {
            if (!full.on) return real.writev(buffers, at);
            if (calls++ === 0) return real.writev([Buffer.concat(buffers).subarray(0, 100)], at);
            throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -os.constants.errno.ENOSPC, syscall: 'write' });
          },
          sync: () => real.sync(),
          stat: () => real.stat(),
          close: () => real.close(),
          truncate: (length) => real.truncate(length),
        };
        return handle;
      },
    };
  }

  test('another writer appended to the journal (two services on one folder): nothing is appended after it, nothing is cut, and the write is whole', async () => {
    const j = await journaled(1);
    try {
      // What a second service following the same file would have added: bytes this process did not write.
      const foreign = Buffer.concat([fs.readFileSync(j.cache.journal), Buffer.from('another process')]);
      fs.writeFileSync(j.cache.journal, foreign);
      const rel = post(j.posts, 7, 'late');
      assert.ok((await j.rescanner.trigger('watch', [rel])).ok);
      const next = j.rescanner.warmState();
      assert.ok(next);
      j.cache.save(next);
      await j.cache.idle();
      const status = j.cache.status();
      assert.deepEqual([status.lastAttempt?.ok, status.failures], [false, { FW_ERR_CHANGED_UNDERFOOT: 1 }]);
      assert.deepEqual(fs.readFileSync(j.cache.journal), foreign, 'left as the other writer made it');

      j.cache.save(next);
      await j.cache.idle();
      assert.deepEqual([j.cache.status().lastAttempt?.ok, journalWrite(j.cache)], [true, undefined]);
      assert.equal(fs.existsSync(j.cache.journal), false);
      assert.deepEqual((await start(j.options)).digest, digest(next.snapshot));
    } finally {
      await j.rescanner.close();
    }
  });

  test('a full disk during an append: the journal stays at its last whole frame, a start serves that, and the next write is whole', async () => {
    const j = await journaled(2);
    try {
      const before = fs.readFileSync(j.cache.journal);
      const disk = { on: true };
      const cache = new WarmCache({ ...j.options, fs: fullDisk(disk) });
      const warm = await cache.load();
      assert.ok(warm && (await warm.rest()));
      const rel = post(j.posts, 9, 'full');
      assert.ok((await j.rescanner.trigger('watch', [rel])).ok);
      const next = j.rescanner.warmState();
      assert.ok(next);
      cache.save(next);
      await cache.idle();
      const status = cache.status();
      assert.deepEqual([status.failedWrites, status.failures, status.lastAttempt?.ok], [1, { ENOSPC: 1 }, false]);
      assert.deepEqual(fs.readFileSync(j.cache.journal), before, 'cut back to its last whole frame');
      const s = await start(j.options);
      assert.deepEqual([s.digest, s.warnings], [j.digests[2], []]);

      // The disk has room again: the next write is whole, and the journal goes.
      disk.on = false;
      cache.save(next);
      await cache.idle();
      assert.deepEqual([cache.status().lastAttempt?.ok, journalWrite(cache)], [true, undefined]);
      assert.equal(fs.existsSync(j.cache.journal), false);
      assert.deepEqual((await start(j.options)).digest, digest(next.snapshot));
    } finally {
      await j.rescanner.close();
    }
  });
});
