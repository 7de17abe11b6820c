// `feedwright serve` as a real process: SIGTERM/SIGINT stop it cleanly, letting a request in flight (and
// the rescan it waits for) finish, refusing new connections, and exiting 0 well within 10 s.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import yaml from 'js-yaml';
import { PostsDir } from '../helpers/posts-dir.js';
import { get } from '../helpers/service.js';
import { until } from '../helpers/until.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SECRET = 'shutdown-test-secret-0123456789';

interface Server {
  readonly child: ChildProcess;
  readonly url: string;
  /** Log lines so far, parsed. */
  readonly lines: Record<string, unknown>[];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

async function startServer(posts: PostsDir, extra: Record<string, unknown> = {}): Promise<Server> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fw-serve-'));
  const file = path.join(dir, 'feedwright.yaml');
  writeFileSync(
    file,
    yaml.dump({ site: { url: 'https://news.example.cn/' }, posts: { dir: posts.dir }, server: { host: '127.0.0.1', port: 0 }, ...extra }),
  );
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--config', file], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'info', FEEDWRIGHT_WEBHOOK_SECRET: SECRET },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Record<string, unknown>[] = [];
  let buffered = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? '';
    for (const line of parts) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  await until(() => lines.some((l) => l.msg === 'feedwright started') || child.exitCode !== null, 'the server to start', 20_000);
  const started = lines.find((l) => l.msg === 'feedwright started');
  assert.ok(started, `the server did not start: ${stderr}`);
  return { child, url: String(started.url), lines, exited };
}

/** Waits for the process to exit by itself, at most `ms`; kills it (and fails) if it does not. */
async function exitWithin(server: Server, ms: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), ms)));
  const result = await Promise.race([server.exited, late]);
  clearTimeout(timer);
  if (result === 'late') {
    server.child.kill('SIGKILL');
    assert.fail(`the server did not exit within ${ms} ms`);
  }
  return result;
}

test('SIGTERM with a request in flight: it completes, new connections are refused, exit 0', async () => {
  const posts = new PostsDir();
  posts.post('2024-03-01-one.md', { title: 'One', categories: 'news' });
  const server = await startServer(posts);
  try {
    // A webhook call that waits for its rescan, its body held back: the server has the request (it sent
    // 100 Continue) but cannot answer until the rest of the body comes.
    posts.post('2024-03-02-two.md', { title: 'Two', categories: 'news' });
    const body = '{"ref":"refs/heads/main"}';
    const req = http.request(`${server.url}hooks/rebuild?wait=1`, {
      method: 'POST',
      agent: false,
      headers: { authorization: `Bearer ${SECRET}`, 'content-length': String(body.length), expect: '100-continue' },
    });
    const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
      req.on('response', (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString('utf8')));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject);
    });
    await new Promise<void>((resolve) => req.once('continue', resolve));
    req.write(body.slice(0, 5));

    server.child.kill('SIGTERM');
    await until(() => server.lines.some((l) => l.msg === 'stopping'), 'the server to log that it is stopping');
    await assert.rejects(get(`${server.url}healthz`), /ECONNREFUSED/, 'no new connections once stopping');

    req.end(body.slice(5));
    const res = await answer;
    assert.equal(res.status, 200);
    const report = JSON.parse(res.text) as { posts: number; changed: string[] };
    assert.equal(report.posts, 2, 'the rescan ran to the end');
    assert.ok(report.changed.includes('https://news.example.cn/categories/news/rss.xml'));

    const { code, signal } = await exitWithin(server, 10_000);
    assert.equal(signal, null);
    assert.equal(code, 0);
    assert.ok(server.lines.some((l) => l.msg === 'stopped'));
  } finally {
    server.child.kill('SIGKILL');
    posts.cleanup();
  }
});

test('SIGINT on an idle server with the watcher and the schedule running: exit 0', async () => {
  const posts = new PostsDir();
  posts.post('a.md', { title: 'A' });
  const server = await startServer(posts, { watch: true, schedule: '* * * * *' });
  try {
    assert.equal((await get(`${server.url}readyz`)).status, 200);
    server.child.kill('SIGINT');
    const { code } = await exitWithin(server, 10_000);
    assert.equal(code, 0);
  } finally {
    server.child.kill('SIGKILL');
    posts.cleanup();
  }
});
