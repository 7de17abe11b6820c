// `feedwright build` writes every archive page, and each is byte for byte what the running service
// renders on its first request for it (the real service's wiring: docs/reference/feeds.md "History: archive pages").
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { loadConfig } from '../../src/config/load.js';
import type { Service } from '../../src/service.js';
import { runCli } from '../helpers/cli.js';
import { testConfigFile } from '../helpers/config.js';
import { PostsDir } from '../helpers/posts-dir.js';
import { get, startTestService } from '../helpers/service.js';

const posts = new PostsDir();
const work = mkdtempSync(path.join(os.tmpdir(), 'fw-build-archive-'));
let configFile = '';
let service: Service;

before(async () => {
  for (let i = 0; i < 9; i++) posts.post(`p${i}.md`, { title: `P${i}`, date: `2024-03-0${i + 1} 10:00:00 +0800`, tags: i % 2 === 0 ? ['even'] : ['odd'] });
  // Window 2, pages of 3: the site has 7 archived posts, pages 1–2 full and 3 filling; `even` has 3 archived.
  configFile = testConfigFile(posts.dir, { feeds: { limit: 2, archive: { pageSize: 3 } } });
  service = await startTestService(loadConfig({ env: {}, overrides: { configPath: configFile } }));
});
after(async () => {
  await service.close();
  posts.cleanup();
});

test('build writes every archive page, equal to what the service serves; full pages served immutable', async () => {
  const res = runCli(['build', '--config', configFile, '--out', 'public'], { cwd: work });
  assert.equal(res.status, 0, res.stderr);
  const pages = (dir: string): string[] => readdirSync(path.join(work, 'public', dir)).sort();
  assert.deepEqual(pages('archive'), ['1', '2', '3']);
  assert.deepEqual(pages('tags/even/archive'), ['1', '2']);
  assert.deepEqual(pages('tags/odd/archive'), ['1']);
  const base = service.url.replace(/\/$/, '');
  for (const p of ['archive/1/atom.xml', 'archive/2/rss.xml', 'archive/3/feed.json', 'tags/even/archive/2/atom.xml', 'tags/odd/archive/1/rss.xml']) {
    const served = await get(`${base}/${p}`);
    assert.equal(served.status, 200, p);
    assert.ok(served.body.equals(readFileSync(path.join(work, 'public', p))), p);
  }
  assert.equal((await get(`${base}/archive/2/rss.xml`)).headers.get('cache-control'), 'public, max-age=31536000, immutable');
  assert.match((await get(`${base}/archive/3/rss.xml`)).headers.get('cache-control') ?? '', /^public, max-age=300, /);
  assert.match((await get(`${base}/rss.xml`)).text, /<atom:link href="[^"]*\/archive\/3\/rss\.xml" rel="prev-archive"\/>/);
});

test('every archive file the build writes, .gz and .br too, is what the service sends for its path', async () => {
  const res = runCli(['build', '--config', configFile, '--out', 'every'], { cwd: work });
  assert.equal(res.status, 0, res.stderr);
  const root = path.join(work, 'every');
  const files = (dir: string): string[] =>
    readdirSync(path.join(root, dir)).flatMap((name) => (statSync(path.join(root, dir, name)).isDirectory() ? files(`${dir}${name}/`) : [`${dir}${name}`]));
  const archive = files('').filter((f) => f.includes('archive/') && !/\.(gz|br)$/.test(f));
  // Feeds' pages in three formats and the HTML pages: site 3 + 3 HTML, even 2 + 1, odd 1 + 1.
  assert.equal(archive.length, 6 * 3 + 5);
  const base = service.url.replace(/\/$/, '');
  for (const file of archive) {
    const url = `${base}/${file.replace(/index\.html$/, '')}`;
    for (const [encoding, suffix] of [
      ['identity', ''],
      ['gzip', '.gz'],
      ['br', '.br'],
    ] as const) {
      const served = await get(url, { 'accept-encoding': encoding });
      assert.equal(served.status, 200, `${file} ${encoding}`);
      assert.ok(served.body.equals(readFileSync(path.join(root, file + suffix))), `${file} ${encoding}`);
    }
  }
});
