// Every example config in the docs loads as written: each ```yaml block of the README, CONTRIBUTING.md
// and docs/ (other YAML is written ```yml), and the sample configs the repository ships. The README's
// example once lacked keys and was checked by nothing.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { loadConfig } from '../../src/config/load.js';
import { fencedBlocks, markdownFiles, read, ROOT } from './markdown.js';

function loads(yaml: string, where: string): void {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fw-doc-example-'));
  const file = path.join(dir, 'feedwright.yaml');
  writeFileSync(file, yaml);
  assert.doesNotThrow(() => loadConfig({ env: {}, cwd: dir, overrides: { configPath: file }, warn: () => {} }), where);
}

test('every ```yaml block in the docs is a config that loads', () => {
  let count = 0;
  for (const file of markdownFiles()) {
    for (const [i, block] of fencedBlocks(read(file)).entries()) {
      if (block.info !== 'yaml') continue;
      count++;
      loads(block.body, `${file}, block ${i + 1}:\n${block.body}`);
    }
  }
  assert.ok(count >= 8, `${count} example configs found`);
});

test("the README's example is among them, with the warm-restart cache", () => {
  const readme = fencedBlocks(read('README.md')).filter((b) => b.info === 'yaml');
  assert.equal(readme.length, 1);
  assert.match(readme[0]?.body ?? '', /^diskCache:/m);
  const reference = fencedBlocks(read('docs/reference/configuration.md')).find((b) => b.info === 'yaml')?.body ?? '';
  // The reference's example names every section of the config.
  for (const key of [
    'site',
    'posts',
    'content',
    'feeds',
    'media',
    'podcasts',
    'opml',
    'cache',
    'rescan',
    'server',
    'log',
    'webhook',
    'websub',
    'cluster',
    'diskCache',
    'publish',
  ])
    assert.match(reference, new RegExp(`^${key}:`, 'm'), key);
});

test('the shipped configs load: the demo, and the sample beside the systemd unit', () => {
  for (const file of ['config/feedwright.yaml', 'deploy/feedwright.yaml']) {
    assert.doesNotThrow(() => loadConfig({ env: {}, cwd: ROOT, overrides: { configPath: path.join(ROOT, file) } }), file);
  }
});
