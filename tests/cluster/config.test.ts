// cluster.redisUrl and FEEDWRIGHT_REDIS_URL: off by default, the variable wins, a wrong URL names its key,
// and a service without it never loads the cluster code or a Redis client.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { explain } from '../../src/cli/check.js';
import { loadConfig, loadExplainedConfig } from '../../src/config/load.js';
import { testConfigFile } from '../helpers/config.js';
import { PostsDir } from '../helpers/posts-dir.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

function withFile(text: string): { dir: string; file: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fw-cfg-'));
  const file = path.join(dir, 'feedwright.yaml');
  writeFileSync(file, text);
  return { dir, file };
}

test('off by default, with its defaults', () => {
  const c = loadConfig({ env: {}, cwd: mkdtempSync(path.join(os.tmpdir(), 'fw-cfg-')) });
  assert.deepEqual(c.cluster, { prefix: 'feedwright', announceSeconds: 10, waitSeconds: 30 });
});

test('FEEDWRIGHT_REDIS_URL wins over cluster.redisUrl; an empty one is unset', () => {
  const { dir, file } = withFile('cluster:\n  redisUrl: redis://from-the-file:6379\n');
  assert.equal(loadConfig({ cwd: dir, env: { FEEDWRIGHT_CONFIG: file, FEEDWRIGHT_REDIS_URL: 'redis://env:6380/2' } }).cluster.redisUrl, 'redis://env:6380/2');
  assert.equal(loadConfig({ cwd: dir, env: { FEEDWRIGHT_CONFIG: file, FEEDWRIGHT_REDIS_URL: '' } }).cluster.redisUrl, 'redis://from-the-file:6379');
});

test('a URL that is not redis:// or rediss:// names the key and where it came from', () => {
  const { dir, file } = withFile('site:\n  title: T\n');
  assert.throws(
    () => loadConfig({ cwd: dir, env: { FEEDWRIGHT_CONFIG: file, FEEDWRIGHT_REDIS_URL: 'http://localhost:6379' } }),
    /cluster\.redisUrl \(from FEEDWRIGHT_REDIS_URL\): must be a redis:\/\/ or rediss:\/\/ URL/,
  );
});

test('check --explain shows where the Redis URL came from, never its password', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fw-cfg-'));
  const { config, origins } = loadExplainedConfig({ cwd: dir, env: { FEEDWRIGHT_REDIS_URL: 'redis://feeds:hunter2@10.0.0.7:6379/0' } });
  const text = explain(config, origins);
  assert.match(text, /^cluster\.redisUrl = "redis:\/\/feeds:\*\*\*@10\.0\.0\.7:6379\/0" {4}# FEEDWRIGHT_REDIS_URL$/m);
  assert.doesNotMatch(text, /hunter2/);
  // ioredis also reads a password from the query string (issue 23: it was printed as written).
  const query = loadExplainedConfig({ cwd: dir, env: { FEEDWRIGHT_REDIS_URL: 'redis://10.0.0.7:6379/0?password=hunter3&db=1' } });
  const shown = explain(query.config, query.origins);
  assert.match(shown, /^cluster\.redisUrl = "redis:\/\/10\.0\.0\.7:6379\/0\?password=\*\*\*/m);
  assert.doesNotMatch(shown, /hunter3/);
});

test('without a Redis URL the service loads neither src/cluster/ nor ioredis', () => {
  const posts = new PostsDir();
  posts.post('2024-03-01-one.md', { title: 'One' });
  const loads = path.join(mkdtempSync(path.join(os.tmpdir(), 'fw-loads-')), 'loads.txt');
  const script = `
    const { loadConfig } = await import('./src/config/load.ts');
    const { createLogger } = await import('./src/log.ts');
    const { startService } = await import('./src/service.ts');
    const config = loadConfig({ env: {}, cwd: process.cwd(), overrides: { configPath: ${JSON.stringify(testConfigFile(posts.dir, { diskCache: { enabled: false } }))} } });
    const s = await startService(config, createLogger('silent'), { schedule: false, processMetrics: false });
    await s.close();`;
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--import', './tests/cli/record-loads.mjs', '--input-type=module', '-e', script], {
    cwd: ROOT,
    env: { ...process.env, FW_RECORD_LOADS: loads },
    encoding: 'utf8',
  });
  posts.cleanup();
  assert.equal(run.status, 0, run.stderr);
  const loaded = readFileSync(loads, 'utf8').split('\n');
  assert.ok(
    loaded.some((l) => l.includes('/src/service.ts')),
    'the recorder saw the service load',
  );
  assert.deepEqual(
    loaded.filter((l) => l.includes('/src/cluster/') || l.includes('node_modules/ioredis')),
    [],
  );
});
