// ownedPath: nothing outside feedwright's own folder is ever removed or replaced, symlinks included.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { OutsideOwnFolderError } from '../src/errors.js';
import { ownedPath, removeOwned } from '../src/owned-path.js';

function tree(): { root: string; own: string; outside: string } {
  const root = mkdtempSync(path.join(os.tmpdir(), 'fw-owned-'));
  const own = path.join(root, 'own');
  const outside = path.join(root, 'outside');
  mkdirSync(path.join(own, 'sub'), { recursive: true });
  mkdirSync(outside);
  writeFileSync(path.join(outside, 'precious'), 'x');
  return { root, own, outside };
}

test('a path strictly inside the folder is allowed, missing or not', () => {
  const { own } = tree();
  assert.equal(ownedPath(own, path.join(own, 'sub')), path.join(own, 'sub'));
  assert.equal(ownedPath(own, path.join(own, 'sub', 'not-yet', 'deeper')), path.join(own, 'sub', 'not-yet', 'deeper'));
});

test('the folder itself, its parent, a sibling and `..` tricks are refused', () => {
  const { own, outside } = tree();
  for (const target of [own, `${own}/`, `${own}/.`, path.join(own, '..'), path.join(own, 'sub', '..', '..', 'outside'), outside, '/', os.homedir()]) {
    assert.throws(() => ownedPath(own, target), OutsideOwnFolderError, target);
  }
});

test('a symlinked folder inside that points outside is refused; the link itself may go', async () => {
  const { own, outside } = tree();
  symlinkSync(outside, path.join(own, 'link'));
  assert.throws(() => ownedPath(own, path.join(own, 'link', 'precious')), OutsideOwnFolderError);
  await assert.rejects(removeOwned(own, path.join(own, 'link', 'precious')), OutsideOwnFolderError);
  assert.ok(existsSync(path.join(outside, 'precious')));
  await removeOwned(own, path.join(own, 'link'));
  assert.ok(!existsSync(path.join(own, 'link')));
  assert.ok(existsSync(path.join(outside, 'precious')));
});

test('an own folder reached through a symlink is judged by its real path', async () => {
  const { root, own } = tree();
  symlinkSync(own, path.join(root, 'alias'));
  await removeOwned(path.join(root, 'alias'), path.join(own, 'sub'));
  assert.ok(!existsSync(path.join(own, 'sub')));
});
