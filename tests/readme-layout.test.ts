// The layout of the code (the "Layout" section of docs/internals/architecture.md; the README's
// "Development" section before the docs moved to docs/) and the src/ tree say the same thing: every folder
// of src/ and every file at its top has a line there, and every path the layout names exists.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

const ROOT = path.resolve(import.meta.dirname, '..');

/** The first path of each line of the layout block (lines that go on from the one above are indented). */
function layoutPaths(page: string): string[] {
  const section = /^## Layout\n([\s\S]*?)(?=^## |(?![\s\S]))/m.exec(page)?.[1];
  assert.ok(section, 'docs/internals/architecture.md has a "## Layout" section');
  const block = /^```\n([\s\S]*?)^```$/m.exec(section)?.[1];
  assert.ok(block, 'the Layout section has a layout block');
  return block
    .split('\n')
    .filter((line) => /^\S/.test(line))
    .map((line) => line.split(/\s+/)[0] as string);
}

/** `src/` as the layout names it: each folder (with a slash) and each file at its top. */
function srcTree(): string[] {
  const folders = (dir: string): string[] =>
    readdirSync(path.join(ROOT, dir), { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .flatMap((e) => [`${dir}${e.name}/`, ...folders(`${dir}${e.name}/`)]);
  const topFiles = readdirSync(path.join(ROOT, 'src'), { withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => `src/${e.name}`);
  return [...folders('src/'), ...topFiles].sort();
}

const listed = layoutPaths(readFileSync(path.join(ROOT, 'docs/internals/architecture.md'), 'utf8'));

test('every folder of src/ and every file at its top has a line in the layout', () => {
  assert.deepEqual(
    srcTree().filter((p) => !listed.includes(p)),
    [],
  );
});

test('every path the layout names exists, and none is named twice', () => {
  assert.deepEqual(
    listed.filter((p) => !existsSync(path.join(ROOT, p))),
    [],
  );
  assert.deepEqual(
    listed.filter((p, i) => listed.indexOf(p) !== i),
    [],
  );
});

test('the layout parser reads first paths only, and stops at the block', () => {
  const page = '# x\n## Layout\n\n```\nsrc/a/   what\n         more src/b/\nsrc/c.ts  c\n```\nsrc/d/\n## Next\n```\nsrc/e/\n```\n';
  assert.deepEqual(layoutPaths(page), ['src/a/', 'src/c.ts']);
});
