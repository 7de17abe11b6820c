// The build key: the same code, packages and runtime give the same key; a changed or added code file, a
// package that reaches the bytes (or one it depends on) in another version, or another runtime, another.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { buildKey, CODE_ROOT, computeBuildKey, type BuildInput } from '../../src/cache/build-key.js';

const roots: string[] = [];
after(() => {
  for (const r of roots) fs.rmSync(r, { recursive: true, force: true });
});

/** A package folder: code in `src/`, and node_modules with markdown-it 14.1.0 (depending on entities) and entities 4.5.0. */
function project(): { root: string; input: BuildInput } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'fw-build-key-'));
  roots.push(root);
  const write = (rel: string, text: string): void => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  };
  write('src/render/rss.ts', 'export const rss = 1;\n');
  write('src/cli/main.ts', 'main();\n');
  write('node_modules/markdown-it/package.json', JSON.stringify({ name: 'markdown-it', version: '14.1.0', dependencies: { entities: '^4' } }));
  write('node_modules/entities/package.json', JSON.stringify({ name: 'entities', version: '4.5.0' }));
  return { root, input: { code: path.join(root, 'src'), dependencies: ['markdown-it', 'feed'], runtime: { node: 'v20.20.2', zlib: '1.3' } } };
}

test('the same code, packages and runtime: the same key, however often it is made', async () => {
  const { input } = project();
  assert.equal(await computeBuildKey(input), await computeBuildKey(input));
  assert.equal(await buildKey(), await buildKey());
});

test('a changed, added or removed code file, or a renamed one, gives another key; a source map does not', async () => {
  const { root, input } = project();
  const keys = new Set([await computeBuildKey(input)]);
  const changes: (() => void)[] = [
    () => fs.writeFileSync(path.join(root, 'src/render/rss.ts'), 'export const rss = 2;\n'),
    () => fs.writeFileSync(path.join(root, 'src/render/atom.ts'), 'export const atom = 1;\n'),
    () => fs.renameSync(path.join(root, 'src/render/atom.ts'), path.join(root, 'src/render/atom2.ts')),
    () => fs.rmSync(path.join(root, 'src/cli/main.ts')),
  ];
  for (const change of changes) {
    change();
    const key = await computeBuildKey(input);
    assert.ok(!keys.has(key), 'a new key');
    keys.add(key);
  }
  const before = await computeBuildKey(input);
  fs.writeFileSync(path.join(root, 'src/render/rss.js.map'), '{}');
  assert.equal(await computeBuildKey(input), before);
});

test('another version of a package that reaches the bytes, or of one it depends on, gives another key', async () => {
  const { root, input } = project();
  const base = await computeBuildKey(input);
  fs.writeFileSync(path.join(root, 'node_modules/entities/package.json'), JSON.stringify({ name: 'entities', version: '4.5.1' }));
  const transitive = await computeBuildKey(input);
  assert.notEqual(transitive, base);
  // A package's own copy of a dependency (nested node_modules) is the one it uses.
  fs.mkdirSync(path.join(root, 'node_modules/markdown-it/node_modules/entities'), { recursive: true });
  fs.writeFileSync(path.join(root, 'node_modules/markdown-it/node_modules/entities/package.json'), JSON.stringify({ name: 'entities', version: '3.0.0' }));
  assert.notEqual(await computeBuildKey(input), transitive);
  // A package that was missing (feed) and is now installed.
  const before = await computeBuildKey(input);
  fs.mkdirSync(path.join(root, 'node_modules/feed'));
  fs.writeFileSync(path.join(root, 'node_modules/feed/package.json'), JSON.stringify({ name: 'feed', version: '6.0.0' }));
  assert.notEqual(await computeBuildKey(input), before);
});

test('another runtime (Node, zlib…) gives another key', async () => {
  const { input } = project();
  assert.notEqual(await computeBuildKey(input), await computeBuildKey({ ...input, runtime: { ...input.runtime, zlib: '1.3.1' } }));
});

test('the code hashed is the whole of src/ (dist/ when built), wherever build-key.ts sits in it', () => {
  // A move of build-key.ts into another folder once left this pointing at the project's root, node_modules
  // included: every cache write then failed as too large.
  assert.equal(path.resolve(CODE_ROOT), path.resolve(import.meta.dirname, '../../src'));
});
