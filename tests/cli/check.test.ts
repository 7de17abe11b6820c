// `feedwright check`: every problem as path:line: reason, exit 1 only for rejected posts, --json, and
// the same config file, environment and flags as the server.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { loadConfig, loadExplainedConfig } from '../../src/config/load.js';
import { explain } from '../../src/cli/check.js';
import type { Problem } from '../../src/errors.js';
import { freshSnapshot } from '../helpers/build.js';
import { testConfigFile } from '../helpers/config.js';
import { runCli } from '../helpers/cli.js';
import { PostsDir } from '../helpers/posts-dir.js';

describe('feedwright check', () => {
  const posts = new PostsDir();
  after(() => posts.cleanup());
  posts.post('good.md', { title: 'Good' });
  posts.write('news/broken.md', '---\ntitle: Broken\ndate: 2024-03-01\ntags: [unclosed\n---\nbody');
  posts.post('late.md', { title: 'Late', date: '2024-03-02 10:00:00 +0800', extra: 'updated: 2024-03-01 10:00:00 +0800' });
  const config = testConfigFile(posts.dir);

  test('prints each problem as path:line: severity: reason [code], paths from the working folder; exit 1', () => {
    const res = runCli(['check', '--config', config], { cwd: posts.dir });
    assert.equal(res.status, 1);
    const lines = res.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 2);
    assert.match(lines[0] ?? '', /^late\.md:4: warning: updated is earlier than date; date is used for both.* \[FW_POST_UPDATED_BEFORE_DATE\]$/);
    assert.match(lines[1] ?? '', /^news\/broken\.md:5: error: the front matter is not valid YAML: .* \[FW_POST_BAD_YAML\]$/);
    assert.match(res.stderr, /^feedwright check: 3 files, 2 posts \(0 dated in the future\), 0 not published, 1 errors, 1 warnings\n$/);
  });

  test('--json: one report on stdout, with the same problems; paths above the working folder are absolute', () => {
    const res = runCli(['check', '--json', '--config', config], { cwd: path.join(posts.dir, 'news') });
    assert.equal(res.status, 1);
    const report = JSON.parse(res.stdout) as {
      ok: boolean;
      posts: number;
      errors: number;
      problems: { path: string; file: string; line?: number; code: string }[];
    };
    assert.equal(report.ok, false);
    assert.equal(report.posts, 2);
    assert.deepEqual(
      report.problems.map((p) => [p.path, p.file, p.line, p.code]),
      [
        ['late.md', path.join(posts.dir, 'late.md'), 4, 'FW_POST_UPDATED_BEFORE_DATE'],
        ['news/broken.md', 'broken.md', 5, 'FW_POST_BAD_YAML'],
      ],
    );
    assert.equal(res.stderr, '');
  });

  test('reports exactly the problems a rescan reports', async () => {
    const res = runCli(['check', '--json', '--config', config]);
    const report = JSON.parse(res.stdout) as { problems: (Problem & { file: string })[] };
    const { result } = await freshSnapshot(loadConfig({ env: {}, overrides: { configPath: config } }), Date.now());
    assert.deepEqual(
      report.problems.map(({ file: _file, ...p }) => p),
      result.problems,
    );
  });

  test('warnings alone exit 0; FEEDWRIGHT_CONFIG and FEEDWRIGHT_POSTS_DIR are read, and --posts wins over them', () => {
    const clean = new PostsDir();
    try {
      clean.post('late.md', { title: 'Late', date: '2024-03-02 10:00:00 +0800', extra: 'updated: 2024-03-01 10:00:00 +0800' });
      const env = { FEEDWRIGHT_CONFIG: config, FEEDWRIGHT_POSTS_DIR: clean.dir };
      const viaEnv = runCli(['check'], { env, cwd: os.tmpdir() });
      assert.equal(viaEnv.status, 0, viaEnv.stderr);
      assert.equal(viaEnv.stdout.split('\n')[0]?.split(':')[0], `${path.basename(clean.dir)}/late.md`);
      const viaFlag = runCli(['check', '--posts', posts.dir], { env, cwd: os.tmpdir() });
      assert.equal(viaFlag.status, 1);
      assert.match(viaFlag.stdout, /broken\.md:5: error: /);
    } finally {
      clean.cleanup();
    }
  });

  test('without a config file anywhere, the embedded defaults apply (posts/ under the working folder)', () => {
    const cwd = mkdtempSync(path.join(os.tmpdir(), 'fw-cwd-'));
    const res = runCli(['check'], { cwd });
    assert.equal(res.status, 1);
    assert.match(res.stderr, /^feedwright: posts folder not found: .*\/posts \(set posts\.dir in the config file, or FEEDWRIGHT_POSTS_DIR\)\n$/);
  });
});

describe('feedwright check on a Jekyll site', () => {
  const site = new PostsDir();
  after(() => site.cleanup());
  site.write('_config.yml', 'title: Jekyll site\nurl: https://example.org\ntimezone: Asia/Shanghai\n');
  site.write('_posts/2024-01-05-first.md', '---\ntitle: First\n---\nHi');

  test('--site reads it; --explain prints each setting with the file and key it came from', () => {
    const res = runCli(['check', '--site', site.dir, '--explain'], { cwd: os.tmpdir() });
    assert.equal(res.status, 0, res.stderr);
    const file = path.join(site.dir, '_config.yml');
    assert.ok(res.stdout.includes(`site.title = "Jekyll site"    # ${file}: title\n`), res.stdout);
    assert.ok(res.stdout.includes(`timezone = "Asia/Shanghai"    # ${file}: timezone\n`));
    assert.ok(res.stdout.includes('server.port = 8080    # default\n'));
    assert.match(res.stderr, /1 files, 1 posts/);
  });

  test('the site root read as a plain folder finds nothing, and says to pass --site', () => {
    const empty = new PostsDir();
    const res = runCli(['check', '--config', testConfigFile(site.dir)], { cwd: empty.dir });
    empty.cleanup();
    assert.equal(res.status, 0);
    assert.match(res.stderr, /warning: no posts found in .* \(looked for .*\); it has a _posts folder, so it is probably a Jekyll site's root: pass --site /);
  });
});

test('check --explain shows publish.purge templates with {{env.NAME}}, never a literal token', () => {
  const posts = new PostsDir();
  after(() => posts.cleanup());
  const file = testConfigFile(posts.dir, {
    publish: {
      target: 's3://feeds/news',
      endpoint: 'https://minio:s3cr3t-pass@store.example:9000/',
      purge: {
        url: 'https://api.example/zones/{{env.ZONE}}/purge?access_token=literal-url-token&x={{env.X}}',
        headers: { Authorization: 'Bearer {{env.CF_API_TOKEN}}', 'X-Auth-Key': 'literal-header-key', 'Content-Type': 'application/json' },
        body: '{"files":{{urls}},"token":"literal-body-token"}',
      },
    },
  });
  const { config, origins } = loadExplainedConfig({ env: {}, overrides: { configPath: file } });
  const text = explain(config, origins);
  for (const secret of ['s3cr3t-pass', 'literal-url-token', 'literal-header-key', 'literal-body-token'])
    assert.ok(!text.includes(secret), `${secret} in:\n${text}`);
  assert.match(text, /^publish\.purge\.headers\.Authorization = "Bearer \{\{env\.CF_API_TOKEN\}\}" {4}#/m);
  assert.match(text, /^publish\.purge\.headers\.X-Auth-Key = "\*\*\*" {4}#/m);
  assert.match(text, /^publish\.purge\.headers\.Content-Type = "application\/json" {4}#/m);
  assert.match(text, /^publish\.purge\.url = "https:\/\/api\.example\/zones\/\{\{env\.ZONE\}\}\/purge\?access_token=\*\*\*&x=\{\{env\.X\}\}" {4}#/m);
  assert.match(text, /^publish\.endpoint = "https:\/\/\*\*\*@store\.example:9000\/" {4}#/m);
});

test('--explain never prints the credentials of posts.git.url', () => {
  const file = testConfigFile(mkdtempSync(path.join(os.tmpdir(), 'fw-explain-')), { posts: { git: { url: 'https://bot:pw-83kq@git.example.org/site.git' } } });
  const config = loadConfig({ env: {}, cwd: path.dirname(file), overrides: { configPath: file } });
  const text = explain(config, new Map());
  assert.match(text, /^posts\.git\.url = "https:\/\/bot:\*\*\*@git\.example\.org\/site\.git" {4}# default$/m);
  assert.doesNotMatch(text, /pw-83kq/);
});
