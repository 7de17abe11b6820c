// `feedwright build`: the static tree is what the server sends, byte for byte, for every path and
// encoding; it replaces an old tree as a whole and refuses folders it must not delete.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../../src/config/load.js';
import type { Service } from '../../src/service.js';
import { exportPath } from '../../src/snapshot/snapshot.js';
import { runCli } from '../helpers/cli.js';
import { testConfigFile } from '../helpers/config.js';
import { PostsDir } from '../helpers/posts-dir.js';
import { get, startTestService } from '../helpers/service.js';

/** Every file under `dir`, relative, sorted. */
function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]))
    .sort();
}

describe('feedwright build', () => {
  const posts = new PostsDir();
  const work = mkdtempSync(path.join(os.tmpdir(), 'fw-build-'));
  const out = path.join(work, 'public');
  let configFile = '';
  let service: Service;

  before(async () => {
    posts.post('2024-03-01-hello.md', { title: 'Hello', date: '2024-03-01 10:00:00 +0800', categories: 'news', tags: ['常州日报新闻', 'C++'] });
    posts.post('2024-03-02-world.md', { title: 'World & <you>', date: '2024-03-02 10:00:00 +0800', categories: 'news', tags: ['C#'] });
    configFile = testConfigFile(posts.dir);
    service = await startTestService(loadConfig({ env: {}, overrides: { configPath: configFile } }));
  });
  after(async () => {
    await service.close();
    posts.cleanup();
  });

  test('writes every document with .gz and .br siblings, equal to what the server sends', async () => {
    const res = runCli(['build', '--config', configFile, '--out', 'public'], { cwd: work });
    assert.equal(res.status, 0, res.stderr);
    assert.match(
      res.stdout,
      /^feedwright build: \d+ documents \(2 posts\) → public, \d+ files, \d+ bytes, \d+ ms\nfeedwright build: 0 documents reused from the previous tree \(linked with their \.gz and \.br, \d+ of them archive pages not rendered again\), \d+ written; archive pages: 0 documents, 0 bytes \(0 % of the bytes\)\n$/,
    );
    const entries = [...(service.store.current?.entries.keys() ?? [])];
    assert.ok(entries.includes('/') && entries.includes('/feeds.opml') && entries.includes('/rss.xsl') && entries.includes('/tags/常州日报新闻/'));
    const expected = entries.flatMap((p) => [exportPath(p), `${exportPath(p)}.br`, `${exportPath(p)}.gz`]).sort();
    assert.deepEqual(listFiles(out), expected);
    const base = service.url.replace(/\/$/, '');
    for (const p of entries) {
      const url = base + p.split('/').map(encodeURIComponent).join('/');
      for (const [encoding, suffix] of [
        ['identity', ''],
        ['gzip', '.gz'],
        ['br', '.br'],
      ] as const) {
        const served = await get(url, { 'accept-encoding': encoding });
        assert.equal(served.status, 200, `${p} ${encoding}`);
        assert.ok(served.body.equals(readFileSync(path.join(out, exportPath(p) + suffix))), `${p} ${encoding}`);
      }
    }
    // A web server must be able to read the tree.
    assert.equal(statSync(out).mode & 0o777, 0o755);
  });

  test('a rebuild replaces the whole tree: gone scopes disappear, only the new tree is left beside it', () => {
    writeFileSync(path.join(out, 'stale.txt'), 'from an older build');
    posts.remove('2024-03-02-world.md');
    const res = runCli(['build', '--config', configFile, '--out', out], { cwd: work });
    assert.equal(res.status, 0, res.stderr);
    assert.ok(!existsSync(path.join(out, 'stale.txt')));
    assert.ok(!existsSync(path.join(out, 'tags/c-sharp')));
    assert.ok(existsSync(path.join(out, 'tags/c-plus-plus/index.html')));
    assert.deepEqual(readdirSync(work), ['.public.trees', 'public']);
    // The new tree and its record (src/cli/tree-inputs.ts).
    assert.equal(readdirSync(path.join(work, '.public.trees')).length, 2);
    posts.post('2024-03-02-world.md', { title: 'World & <you>', date: '2024-03-02 10:00:00 +0800', categories: 'news', tags: ['C#'] });
  });

  test('FEEDWRIGHT_SITE_URL and FEEDWRIGHT_POSTS_DIR apply; flags win over them', () => {
    const env = { FEEDWRIGHT_CONFIG: configFile, FEEDWRIGHT_SITE_URL: 'https://env.example/', FEEDWRIGHT_POSTS_DIR: '/nonexistent' };
    const viaEnv = runCli(['build', '--posts', posts.dir, '--out', 'env-out'], { cwd: work, env });
    assert.equal(viaEnv.status, 0, viaEnv.stderr);
    assert.match(readFileSync(path.join(work, 'env-out/rss.xml'), 'utf8'), /<atom:link href="https:\/\/env\.example\/rss\.xml" rel="self"/);
    const viaFlag = runCli(['build', '--posts', posts.dir, '--site-url', 'https://flag.example/', '--out', 'flag-out'], { cwd: work, env });
    assert.equal(viaFlag.status, 0, viaFlag.stderr);
    assert.match(readFileSync(path.join(work, 'flag-out/index.html'), 'utf8'), /href="https:\/\/flag\.example\/atom\.xml"/);
  });

  test('a category or tag of 100 Chinese characters (300 bytes) still gets a folder: its slug is cut to fit', () => {
    const long = '标签'.repeat(50);
    posts.post('2024-03-03-long.md', { title: 'Long', date: '2024-03-03 10:00:00 +0800', categories: long, tags: [long] });
    try {
      const res = runCli(['build', '--config', configFile, '--out', 'long-out'], { cwd: work });
      assert.equal(res.status, 0, res.stderr);
      const folders = readdirSync(path.join(work, 'long-out/tags')).filter((name) => name.startsWith('标签'));
      assert.equal(folders.length, 1);
      assert.ok(Buffer.byteLength(folders[0] ?? '') <= 255);
      assert.ok(existsSync(path.join(work, 'long-out/tags', folders[0] ?? '', 'rss.xml')));
      assert.ok(readdirSync(path.join(work, 'long-out/categories')).some((name) => name.startsWith('标签')));
    } finally {
      posts.remove('2024-03-03-long.md');
    }
  });

  test('a failed build leaves the existing tree untouched', () => {
    const before = readFileSync(path.join(out, 'index.html'));
    const res = runCli(['build', '--config', configFile, '--posts', '/nonexistent/posts', '--out', out], { cwd: work });
    assert.equal(res.status, 1);
    assert.deepEqual(readFileSync(path.join(out, 'index.html')), before);
  });

  test('refuses to replace a folder holding the posts or the working folder, or a file (exit 2)', () => {
    const file = path.join(work, 'a-file');
    writeFileSync(file, 'x');
    const nested = path.join(work, 'nested');
    mkdirSync(nested);
    const cases: [string, string, RegExp][] = [
      [path.dirname(posts.dir), work, /holds the posts folder/],
      [work, nested, /holds the working folder/],
      [file, work, /exists and is not a folder/],
    ];
    for (const [target, cwd, reason] of cases) {
      const res = runCli(['build', '--config', configFile, '--out', target], { cwd });
      assert.equal(res.status, 2, target);
      assert.match(res.stderr, reason);
    }
    assert.ok(existsSync(posts.path('2024-03-01-hello.md')));
  });
});
