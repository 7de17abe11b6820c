// A build into an existing tree links every unchanged document (and its .gz and .br) from the previous
// tree instead of writing it (src/cli/previous-tree.ts): a changed post rewrites its documents, an
// unchanged archive page keeps its inode, the result is byte for byte a fresh build of the same posts,
// and a previous tree with planted links, or made with another compression, is never linked from.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  appendFileSync,
  chmodSync,
  chownSync,
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import type { WriteFs } from '../../src/atomic-write.js';
import { treeStamp } from '../../src/cli/out-dir.js';
import { inputsFile, readRecords } from '../../src/cli/tree-inputs.js';
import { type KnownInputs, writeTree } from '../../src/cli/write-tree.js';
import { COMPRESSION_STAMP } from '../../src/snapshot/compress.js';
import { exportPath } from '../../src/snapshot/snapshot.js';
import { runCli } from '../helpers/cli.js';
import { testConfigFile } from '../helpers/config.js';
import { PostsDir } from '../helpers/posts-dir.js';
import { siteDocuments } from '../helpers/warm-state.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'fw-previous-tree-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** Every file under `dir` (not following links), relative, sorted. */
function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(path.join(dir, prefix), { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(dir, `${prefix}${e.name}/`) : [`${prefix}${e.name}`]))
    .sort();
}

/** Asserts that two trees hold the same files with the same bytes, and only regular files. */
function assertSameTree(actual: string, expected: string): void {
  const files = listFiles(expected);
  assert.deepEqual(listFiles(actual), files);
  for (const f of files) {
    assert.ok(lstatSync(path.join(actual, f)).isFile(), `${f} is a regular file`);
    assert.ok(readFileSync(path.join(actual, f)).equals(readFileSync(path.join(expected, f))), f);
  }
}

const ino = (file: string): number => lstatSync(file).ino;

/** `{ reused, written, kept }` from build's second summary line (kept: archive pages linked without rendering). */
function counts(stdout: string): { reused: number; written: number; kept: number; archive: number } {
  const m =
    /^feedwright build: (\d+) documents reused from the previous tree \(linked with their \.gz and \.br, (\d+) of them archive pages not rendered again\), (\d+) written; archive pages: (\d+) documents, \d+ bytes \(\d+ % of the bytes\)$/m.exec(
      stdout,
    );
  assert.ok(m, stdout);
  return { reused: Number(m[1]), kept: Number(m[2]), written: Number(m[3]), archive: Number(m[4]) };
}

describe('feedwright build into an existing tree', () => {
  const posts = new PostsDir();
  let configFile = '';
  const post = (i: number, body = `<p>Post ${i}.</p>`): void =>
    void posts.post(`p${i}.md`, { title: `P${i}`, date: `2024-03-0${i + 1} 10:00:00 +0800`, tags: i % 2 === 0 ? ['even'] : ['odd'], body });
  before(() => {
    for (let i = 0; i < 9; i++) post(i);
    // Window 2, pages of 3: site pages 1–2 full (p0–p2, p3–p5), 3 filling (p6); `even` page 1 (p0, p2, p4).
    configFile = testConfigFile(posts.dir, { feeds: { limit: 2, archive: { pageSize: 3 } } });
  });
  after(() => posts.cleanup());
  const build = (work: string, out = 'public'): string => {
    const res = runCli(['build', '--config', configFile, '--out', out], { cwd: work });
    assert.equal(res.status, 0, res.stderr);
    return res.stdout;
  };

  test('an edited post rewrites its documents, the unchanged ones are linked, and the tree is a fresh build of the edited posts', () => {
    const work = mkdtempSync(path.join(root, 'w-'));
    const out = path.join(work, 'public');
    const first = counts(build(work));
    assert.equal(first.reused, 0);
    const untouched = ['archive/1/rss.xml', 'archive/1/rss.xml.gz', 'archive/1/rss.xml.br', 'archive/1/atom.xml', 'tags/odd/archive/1/feed.json'];
    const before = new Map(untouched.map((f) => [f, ino(path.join(out, f))]));
    const edited = ino(path.join(out, 'archive/2/rss.xml'));
    const oldTree = readlinkSync(out);
    try {
      post(4, '<p>Post 4, edited.</p>');
      const second = counts(build(work));
      assert.ok(second.reused > 0 && second.written > 0, JSON.stringify(second));
      // Archive pages whose posts did not change are linked by their inputs, without being rendered.
      assert.ok(second.kept > 0 && second.kept < second.reused, JSON.stringify(second));
      // A new tree in place of the old, which is gone; its unchanged files are the old files, linked.
      assert.notEqual(readlinkSync(out), oldTree);
      const tree = path.basename(readlinkSync(out));
      assert.deepEqual(readdirSync(path.join(work, '.public.trees')), [tree, `${tree}.inputs`]);
      for (const [f, n] of before) assert.equal(ino(path.join(out, f)), n, `${f} reused`);
      // The edited post's page of the site and of its tag: written anew.
      assert.notEqual(ino(path.join(out, 'archive/2/rss.xml')), edited);
      assert.match(readFileSync(path.join(out, 'archive/2/rss.xml'), 'utf8'), /Post 4, edited\./);
      assert.match(readFileSync(path.join(out, 'tags/even/archive/1/atom.xml'), 'utf8'), /Post 4, edited\./);
      build(work, 'fresh');
      assertSameTree(out, path.join(work, 'fresh'));
      // Nothing changed since: every document is linked, none written, and the tree is the same.
      const third = counts(build(work));
      // Every archive page by its inputs: none rendered.
      assert.deepEqual(third, { reused: third.reused + third.written, kept: third.archive, written: 0, archive: third.archive });
      assert.ok(third.archive > 0);
      assert.equal(third.reused, second.reused + second.written);
      assertSameTree(out, path.join(work, 'fresh'));
    } finally {
      post(4);
    }
  });

  test('links planted in the previous tree are neither followed nor copied: those documents are written afresh', () => {
    const work = mkdtempSync(path.join(root, 'w-'));
    const out = path.join(work, 'public');
    build(work);
    build(work, 'fresh');
    const tree = path.resolve(work, readlinkSync(out));
    // Outside the folder build owns: copies with the very bytes build would write, which a followed link would reuse.
    const elsewhere = mkdtempSync(path.join(root, 'elsewhere-'));
    const plant = (rel: string): string => {
      const target = path.join(elsewhere, rel.replaceAll('/', '_'));
      writeFileSync(target, readFileSync(path.join(tree, rel)));
      unlinkSync(path.join(tree, rel));
      symlinkSync(target, path.join(tree, rel));
      return target;
    };
    const planted = [plant('archive/1/rss.xml'), plant('archive/2/atom.xml.gz'), plant('rss.xml.br')];
    // A whole folder replaced by a link to a copy of it elsewhere.
    const folder = path.join(elsewhere, 'odd');
    renameSync(path.join(tree, 'tags/odd'), folder);
    symlinkSync(folder, path.join(tree, 'tags/odd'));
    const outside = [...planted, ...listFiles(folder).map((f) => path.join(folder, f))];
    const inodes = new Map(outside.map((f) => [f, ino(f)]));
    const bytes = new Map(outside.map((f) => [f, readFileSync(f)]));

    const { reused, written } = counts(build(work));
    assert.ok(reused > 0, 'the rest is still linked');
    // tags/odd holds 6 documents (the tag's page, 3 feeds, its archive page in 3 formats … at least 3); plus the 3 planted.
    assert.ok(written >= 6, `written ${written}`);
    assertSameTree(out, path.join(work, 'fresh'));
    const newTree = path.resolve(work, readlinkSync(out));
    for (const f of listFiles(newTree)) assert.ok(!inodesHas(inodes, ino(path.join(newTree, f))), `${f} is not a file from outside`);
    // What was outside is as it was.
    for (const [f, n] of inodes) {
      assert.equal(ino(f), n);
      assert.ok(readFileSync(f).equals(bytes.get(f) as Buffer), f);
    }
    assert.ok(!existsSync(tree), 'the previous tree is removed');
  });

  test('a previous tree made with another compression (or by an earlier version) is not linked from', () => {
    const work = mkdtempSync(path.join(root, 'w-'));
    const out = path.join(work, 'public');
    build(work);
    const tree = path.resolve(work, readlinkSync(out));
    assert.equal(treeStamp(tree), COMPRESSION_STAMP);
    const other = `${tree.slice(0, -8)}${COMPRESSION_STAMP === '00000000' ? '11111111' : '00000000'}`;
    renameSync(tree, other);
    unlinkSync(out);
    symlinkSync(path.relative(work, other), out);
    const { reused, written } = counts(build(work));
    assert.equal(reused, 0);
    assert.ok(written > 0);
  });
});

function inodesHas(inodes: Map<string, number>, n: number): boolean {
  return [...inodes.values()].includes(n);
}

describe('writeTree over a previous tree', () => {
  const documents = siteDocuments(6);

  test('a build that fails after linking leaves the previous tree whole: same files, same inodes, same bytes', async () => {
    const work = mkdtempSync(path.join(root, 'w-'));
    const out = path.join(work, 'public');
    await writeTree(documents, out);
    const tree = path.resolve(work, readlinkSync(out));
    // One document the previous tree lacks: it is written, and that write fails (as a full disk would).
    unlinkSync(path.join(tree, 'feed.json'));
    const files = listFiles(tree);
    const held = new Map(files.map((f) => [f, { ino: ino(path.join(tree, f)), bytes: readFileSync(path.join(tree, f)) }]));
    const failing: WriteFs = {
      open: async () => {
        throw Object.assign(new Error('ENOSPC: no space left on device, open'), { code: 'ENOSPC' });
      },
    };
    let linked = 0;
    const err = await writeTree(
      documents,
      out,
      (_, d) => {
        if (d.reused) linked++;
      },
      failing,
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.equal((err as NodeJS.ErrnoException | undefined)?.code, 'ENOSPC');
    assert.ok(linked > 0, 'documents were linked before the failure');
    assert.equal(path.resolve(work, readlinkSync(out)), tree);
    assert.deepEqual(readdirSync(path.join(work, '.public.trees')), [path.basename(tree), path.basename(inputsFile(tree))]);
    assert.deepEqual(listFiles(tree), files);
    for (const [f, was] of held) {
      assert.equal(ino(path.join(tree, f)), was.ino, f);
      assert.ok(readFileSync(path.join(tree, f)).equals(was.bytes), f);
    }
  });

  test('a document whose old file differs in bytes but not in size is written, not linked', async () => {
    const work = mkdtempSync(path.join(root, 'w-'));
    const out = path.join(work, 'public');
    await writeTree(documents, out);
    const tree = path.resolve(work, readlinkSync(out));
    const old = readFileSync(path.join(tree, 'feed.json'));
    const tampered = Buffer.from(old);
    tampered.writeUInt8((tampered.at(-2) ?? 0) ^ 1, tampered.length - 2);
    unlinkSync(path.join(tree, 'feed.json'));
    writeFileSync(path.join(tree, 'feed.json'), tampered);
    const written: string[] = [];
    const result = await writeTree(documents, out, (_, d) => void (d.reused ? undefined : written.push(d.path)));
    assert.deepEqual(written, ['/feed.json']);
    assert.equal(result.reused, documents.length - 1);
    assert.ok(readFileSync(path.join(out, 'feed.json')).equals(old));
  });

  test('a folder of the previous tree that is a file, or missing siblings: written, not linked', async () => {
    const work = mkdtempSync(path.join(root, 'w-'));
    const out = path.join(work, 'public');
    await writeTree(documents, out);
    const tree = path.resolve(work, readlinkSync(out));
    unlinkSync(path.join(tree, 'rss.xml.br'));
    const withFolder = documents.find((d) => d.path.split('/').length > 3);
    assert.ok(withFolder);
    const folder = path.join(tree, path.dirname(withFolder.path.endsWith('/') ? `${withFolder.path}index.html` : withFolder.path).slice(1));
    rmSync(folder, { recursive: true });
    mkdirSync(path.dirname(folder), { recursive: true });
    writeFileSync(folder, 'not a folder');
    const result = await writeTree(documents, out);
    assert.ok(result.reused > 0 && result.reused < documents.length);
    const fresh = path.join(work, 'fresh');
    await writeTree(documents, fresh);
    assertSameTree(out, fresh);
  });
});

describe('what a build links from the previous tree is checked against the digests recorded beside it', () => {
  const documents = siteDocuments(6);
  const me = process.geteuid?.() ?? 0;
  const OTHER_UID = me === 65534 ? 65533 : 65534;

  /** A tree of `documents` at `<work>/public`, and that tree's folder. */
  const built = async (inputs?: KnownInputs): Promise<{ work: string; out: string; tree: string }> => {
    const work = mkdtempSync(path.join(root, 'w-'));
    const out = path.join(work, 'public');
    await writeTree(inputs ? () => documents : documents, out, undefined, undefined, inputs);
    return { work, out, tree: path.resolve(work, readlinkSync(out)) };
  };
  /** A fresh build of `documents` beside `work`'s, to compare with. */
  const fresh = async (work: string): Promise<string> => {
    const dir = path.join(work, 'fresh');
    await writeTree(documents, dir);
    return dir;
  };
  /** Replaces `file` by a new regular file holding `bytes` (another inode, as `cp` over it or an editor's save makes). */
  const replace = (file: string, bytes: Buffer | string): void => {
    unlinkSync(file);
    writeFileSync(file, bytes);
  };

  test('a .gz or .br replaced in the previous tree is not linked: its document is written afresh', async () => {
    const { work, out, tree } = await built();
    replace(path.join(tree, 'feed.json.gz'), 'PLANTED');
    replace(path.join(tree, 'rss.xml.br'), 'PLANTED');
    const written: string[] = [];
    const result = await writeTree(documents, out, (_, d) => void (d.reused ? undefined : written.push(d.path)));
    assert.deepEqual(written.sort(), ['/feed.json', '/rss.xml']);
    assert.equal(result.reused, documents.length - 2);
    assert.equal(gunzipSync(readFileSync(path.join(out, 'feed.json.gz'))).toString(), readFileSync(path.join(out, 'feed.json'), 'utf8'));
    assertSameTree(out, await fresh(work));
  });

  test("an archive page's file, .gz or .br edited in place or replaced is not kept by its inputs: the page is rendered and written", async () => {
    const of = new Map(documents.map((d) => [d.path, `in-${d.path}`]));
    const { work, out, tree } = await built({ of, whole: () => true });
    const [a, b, c, d] = documents.map((e) => exportPath(e.path));
    assert.ok(a && b && c && d);
    // In place: the same inode, other bytes (of the same length, so that no size tells).
    const flip = (file: string): void => {
      const bytes = readFileSync(file);
      bytes.writeUInt8((bytes.at(-1) ?? 0) ^ 1, bytes.length - 1);
      writeFileSync(file, bytes);
    };
    const before = ino(path.join(tree, a));
    flip(path.join(tree, a));
    assert.equal(ino(path.join(tree, a)), before, 'edited in place');
    flip(path.join(tree, `${b}.gz`));
    flip(path.join(tree, `${c}.br`));
    replace(path.join(tree, `${d}.br`), readFileSync(path.join(tree, `${d}.br`)));
    appendFileSync(path.join(tree, `${d}.br`), 'x');
    const asked: string[] = [];
    const result = await writeTree(
      (kept) => {
        const rest = documents.filter((e) => !kept.has(e.path));
        asked.push(...rest.map((e) => exportPath(e.path)));
        return rest;
      },
      out,
      undefined,
      undefined,
      { of, whole: () => true },
    );
    assert.deepEqual(asked.sort(), [a, b, c, d].sort());
    assert.equal(result.kept, documents.length - 4);
    assertSameTree(out, await fresh(work));
  });

  test('a hard link planted to a file another user can write (by its mode or as its owner) is not linked', async () => {
    const { work, out, tree } = await built();
    const outside = mkdtempSync(path.join(root, 'outside-'));
    const plant = (rel: string, change: (file: string) => void): string => {
      const file = path.join(outside, rel.replaceAll('/', '_'));
      writeFileSync(file, readFileSync(path.join(tree, rel)));
      change(file);
      unlinkSync(path.join(tree, rel));
      linkSync(file, path.join(tree, rel));
      return file;
    };
    const planted = [plant('feed.json', (f) => chmodSync(f, 0o666)), plant('rss.xml.gz', (f) => chmodSync(f, 0o664))];
    if (me === 0) planted.push(plant('atom.xml', (f) => chownSync(f, OTHER_UID, OTHER_UID)));
    const result = await writeTree(documents, out);
    assert.equal(result.reused, documents.length - planted.length);
    const inodes = planted.map(ino);
    const now = path.resolve(work, readlinkSync(out));
    for (const f of listFiles(now)) assert.ok(!inodes.includes(ino(path.join(now, f))), `${f} is not a planted file`);
    // Their owner rewriting them after the build changes nothing served.
    for (const f of planted) writeFileSync(f, 'EVIL');
    assertSameTree(out, await fresh(work));
  });

  test('a previous tree whose record has no digests (an earlier version wrote it) is not linked from', async () => {
    const of = new Map(documents.map((d) => [d.path, `in-${d.path}`]));
    const { out, tree } = await built({ of, whole: () => true });
    // What a build before digests wrote: `[path, inputs]` pairs.
    replace(inputsFile(tree), JSON.stringify([...of].sort()));
    const result = await writeTree((kept) => documents.filter((d) => !kept.has(d.path)), out, undefined, undefined, { of, whole: () => true });
    assert.deepEqual({ reused: result.reused, kept: result.kept }, { reused: 0, kept: 0 });
  });

  test('a record others can write is not read: nothing is linked, and the build says why', async () => {
    const { out, tree } = await built();
    chmodSync(inputsFile(tree), 0o666);
    const result = await writeTree(documents, out);
    assert.equal(result.reused, 0);
    assert.equal(result.warnings.length, 1);
    assert.match(
      result.warnings[0] ?? '',
      /\.inputs is not read \(its file can be written by its group and every user .*\): every document is written afresh$/,
    );
  });

  test('the record beside a tree holds the SHA-256 of every file, written or linked, and a group-writable umask still links', async () => {
    const umask = process.umask(0o002);
    const recordsHold = async (tree: string): Promise<void> => {
      const records = await readRecords(tree);
      assert.equal(records.size, documents.length);
      for (const d of documents) {
        const rel = exportPath(d.path);
        const digests = ['', '.gz', '.br'].map((v) =>
          createHash('sha256')
            .update(readFileSync(path.join(tree, rel + v)))
            .digest('hex'),
        );
        assert.deepEqual(records.get(d.path)?.digests, digests, d.path);
        assert.equal(lstatSync(path.join(tree, rel)).mode & 0o022, 0, `${rel}: writable by no one else`);
      }
    };
    try {
      const { work, out, tree } = await built();
      await recordsHold(tree);
      const result = await writeTree(documents, out);
      assert.equal(result.reused, documents.length);
      await recordsHold(path.resolve(work, readlinkSync(out)));
    } finally {
      process.umask(umask);
    }
  });
});
