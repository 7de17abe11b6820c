// What each archive document of a tree was made of, kept beside it (src/cli/tree-inputs.ts): the next
// writeTree links the documents whose inputs are unchanged without asking for them, records only those
// rendered whole, and reads no inputs file that is a planted link or not one build wrote.
import assert from 'node:assert/strict';
import { lstatSync, mkdtempSync, readFileSync, readlinkSync, rmSync, symlinkSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { inputsFile, readRecords } from '../../src/cli/tree-inputs.js';
import { type KnownInputs, writeTree } from '../../src/cli/write-tree.js';
import { exportPath, type SnapshotEntry } from '../../src/snapshot/snapshot.js';
import { siteDocuments } from '../helpers/warm-state.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'fw-tree-inputs-'));
const documents = siteDocuments(6);
after(() => rmSync(root, { recursive: true, force: true }));

/** The inputs recorded beside `tree`: `[path, inputs]` of each document that has some, sorted. */
async function recordedInputs(tree: string): Promise<[string, string][]> {
  return [...(await readRecords(tree))].flatMap(([p, r]): [string, string][] => (r.inputs === undefined ? [] : [[p, r.inputs]])).sort();
}

/** Writes `documents` but those `kept`, recording which were asked for. */
function source(asked: string[]): (kept: ReadonlySet<string>) => SnapshotEntry[] {
  return (kept) => {
    const rest = documents.filter((d) => !kept.has(d.path));
    asked.push(...rest.map((d) => d.path));
    return rest;
  };
}

test('documents with unchanged inputs are linked without being asked for; one not rendered whole is not recorded', async () => {
  const work = mkdtempSync(path.join(root, 'w-'));
  const out = path.join(work, 'public');
  const [a, b, c] = documents.map((d) => d.path);
  assert.ok(a && b && c);
  // `c` is rendered without all of its inputs (a post changed under the build): not recorded.
  const first: KnownInputs = { of: new Map([a, b, c].map((p) => [p, `in-${p}`])), whole: (p) => p !== c };
  await writeTree(source([]), out, undefined, undefined, first);
  const tree = path.resolve(work, readlinkSync(out));
  assert.deepEqual(await recordedInputs(tree), [a, b].map((p) => [p, `in-${p}`]).sort());
  const inode = lstatSync(path.join(tree, exportPath(a))).ino;
  // `b`'s inputs changed; `a`'s did not; `c`'s were not recorded.
  const second: KnownInputs = {
    of: new Map([
      [a, `in-${a}`],
      [b, 'changed'],
      [c, `in-${c}`],
    ]),
    whole: () => true,
  };
  const asked: string[] = [];
  const result = await writeTree(source(asked), out, undefined, undefined, second);
  assert.equal(result.kept, 1);
  assert.ok(!asked.includes(a) && asked.includes(b) && asked.includes(c));
  assert.equal(lstatSync(path.join(out, exportPath(a))).ino, inode);
  const now = path.resolve(work, readlinkSync(out));
  assert.deepEqual(
    await recordedInputs(now),
    [
      [a, `in-${a}`],
      [b, 'changed'],
      [c, `in-${c}`],
    ].sort(),
  );
  // The previous tree's inputs went with it.
  assert.throws(() => lstatSync(inputsFile(tree)), { code: 'ENOENT' });
});

test('an inputs file that is a link, or not what build writes, is not read: every document is asked for', async () => {
  const work = mkdtempSync(path.join(root, 'w-'));
  const out = path.join(work, 'public');
  const of = new Map(documents.map((d) => [d.path, `in-${d.path}`]));
  await writeTree(source([]), out, undefined, undefined, { of, whole: () => true });
  const tree = path.resolve(work, readlinkSync(out));
  const file = inputsFile(tree);
  const recorded = readFileSync(file);
  const elsewhere = path.join(root, `elsewhere-${path.basename(work)}`);
  writeFileSync(elsewhere, recorded);
  unlinkSync(file);
  symlinkSync(elsewhere, file);
  assert.equal((await readRecords(tree)).size, 0);
  // An earlier version's file (inputs, no digests) is one of these: its tree is not linked from.
  const digest = 'a'.repeat(64);
  for (const bad of [
    '{"a":1}',
    '[["/a","inputs"]]',
    '{"format":2,"documents":[["/a",["x","y","z"]]]}',
    `{"format":1,"documents":[["/a",["${digest}","${digest}","${digest}"]]]}`,
    'not json',
  ]) {
    unlinkSync(file);
    writeFileSync(file, bad);
    assert.equal((await readRecords(tree)).size, 0, bad);
  }
  unlinkSync(file);
  writeFileSync(file, recorded);
  assert.equal((await readRecords(tree)).size, documents.length);
  // A planted link in place of a recorded document: that one is asked for, and written as a regular file.
  const planted = documents[0]?.path ?? assert.fail();
  const target = path.join(tree, exportPath(planted));
  writeFileSync(`${elsewhere}.doc`, readFileSync(target));
  unlinkSync(target);
  symlinkSync(`${elsewhere}.doc`, target);
  const asked: string[] = [];
  const result = await writeTree(source(asked), out, undefined, undefined, { of, whole: () => true });
  assert.deepEqual(asked, [planted]);
  assert.equal(result.kept, documents.length - 1);
  assert.ok(lstatSync(path.join(out, exportPath(planted))).isFile());
});

test('an inputs file past the bound is not read: every document is asked for and written, and the build warns once', async () => {
  const work = mkdtempSync(path.join(root, 'w-'));
  const out = path.join(work, 'public');
  const of = new Map(documents.map((d) => [d.path, `in-${d.path}`]));
  await writeTree(source([]), out, undefined, undefined, { of, whole: () => true });
  const file = inputsFile(path.resolve(work, readlinkSync(out)));
  // 65 MiB (sparse: nothing is written): ~200,000 documents' worth, past any tree build writes.
  unlinkSync(file);
  writeFileSync(file, '');
  truncateSync(file, 65 * 1024 * 1024);
  const asked: string[] = [];
  const result = await writeTree(source(asked), out, undefined, undefined, { of, whole: () => true });
  assert.equal(result.kept, 0);
  assert.equal(result.reused, 0);
  assert.deepEqual(
    asked,
    documents.map((d) => d.path),
  );
  assert.equal(result.warnings.length, 1);
  assert.match(result.warnings[0] ?? '', /\.inputs is larger than \d+ bytes and was not read: every document is written afresh$/);
});
