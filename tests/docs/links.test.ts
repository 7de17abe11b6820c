// The docs hold together: every relative link and #anchor in the README, CONTRIBUTING.md and docs/
// resolves, every page of docs/ can be reached from the README, the README stays short, and what it
// says of the first start (the address of the bundled demo) is what the bundled config does.
import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { loadConfig } from '../../src/config/load.js';
import { anchors, links, markdownFiles, read, ROOT, slug } from './markdown.js';

/** A link's file (from the root) and anchor; undefined for a link out of the repository. */
function target(from: string, link: string): { file: string; anchor: string | undefined } | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(link)) return undefined;
  const [file = '', anchor] = link.split('#');
  return { file: file === '' ? from : path.posix.normalize(path.posix.join(path.posix.dirname(from), decodeURI(file))), anchor };
}

test('every relative link and anchor resolves', () => {
  const broken: string[] = [];
  for (const from of markdownFiles()) {
    for (const link of links(read(from))) {
      const t = target(from, link);
      if (!t) continue;
      if (!existsSync(path.join(ROOT, t.file))) broken.push(`${from}: ${link} (no such file)`);
      else if (t.anchor !== undefined) {
        if (!t.file.endsWith('.md') || statSync(path.join(ROOT, t.file)).isDirectory())
          broken.push(`${from}: ${link} (an anchor in a file that is not a page)`);
        else if (!anchors(read(t.file)).has(t.anchor)) broken.push(`${from}: ${link} (no such heading)`);
      }
    }
  }
  assert.deepEqual(broken, []);
});

test('every page of docs/ is reachable from the README', () => {
  const seen = new Set(['README.md']);
  const queue = ['README.md'];
  while (queue.length > 0) {
    const from = queue.shift() as string;
    for (const link of links(read(from))) {
      const t = target(from, link);
      if (t?.file.endsWith('.md') && !seen.has(t.file) && existsSync(path.join(ROOT, t.file))) {
        seen.add(t.file);
        queue.push(t.file);
      }
    }
  }
  assert.deepEqual(
    markdownFiles().filter((f) => !seen.has(f)),
    [],
  );
});

test('the README is short: the details live in docs/', () => {
  const lines = read('README.md').split('\n').length;
  assert.ok(lines <= 200, `README.md is ${lines} lines`);
});

test('the demo is where the README says: the bundled config listens on this machine, at the port it names', () => {
  const readme = read('README.md');
  const port = Number(/http:\/\/localhost:(\d+)\//.exec(readme)?.[1]);
  const config = loadConfig({ env: {}, cwd: ROOT });
  assert.equal(config.server.port, port);
  assert.ok(['127.0.0.1', 'localhost', '::1'].includes(config.server.host), `the bundled config binds ${config.server.host}`);
  assert.match(readme, new RegExp(config.server.host.replaceAll('.', '\\.')), 'the README says what it binds');
});

test('anchors are made as a code host makes them', () => {
  assert.equal(slug('History: archive pages'), 'history-archive-pages');
  assert.equal(slug("One post's budget"), 'one-posts-budget');
  assert.equal(slug('Valid feeds, and what `feed` gets wrong'), 'valid-feeds-and-what-feed-gets-wrong');
  assert.deepEqual([...anchors('# A\n## B\n```\n# not\n```\n## B\n')], ['a', 'b', 'b-1']);
});
