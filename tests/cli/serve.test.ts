// `feedwright serve` (what npm start runs) and `feedwright` without a command: the built CLI starts the
// service with the config file, environment and flags, serves, and stops cleanly on SIGTERM.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { after, test } from 'node:test';
import { spawnCli } from '../helpers/cli.js';
import { testConfigFile } from '../helpers/config.js';
import { PostsDir } from '../helpers/posts-dir.js';
import { get } from '../helpers/service.js';

const posts = new PostsDir();
after(() => posts.cleanup());
posts.post('2024-03-01-hello.md', { title: 'Hello', categories: 'news' });
const configFile = testConfigFile(posts.dir, { log: { level: 'info' } });

/** The URL from the service's `feedwright started` log line; rejects if the process ends first. */
async function startedUrl(child: ChildProcess): Promise<string> {
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`feedwright exited with ${String(code)} before starting`);
  });
  const started = (async () => {
    for await (const line of createInterface({ input: child.stdout ?? process.stdin })) {
      const entry = JSON.parse(line) as { msg?: string; url?: string };
      if (entry.msg === 'feedwright started' && entry.url) return entry.url;
    }
    throw new Error('no start line');
  })();
  return Promise.race([started, exited]);
}

for (const args of [['serve', '--config', configFile, '--port', '0'], ['--config', configFile, '-p', '0']]) {
  test(`feedwright ${args[0] === 'serve' ? 'serve' : '(no command)'}: serves pages and feeds, stops on SIGTERM with exit 0`, async () => {
    const child = spawnCli(args, { env: { LOG_LEVEL: 'info', FEEDWRIGHT_SITE_URL: 'https://env.example/' } });
    try {
      const url = await startedUrl(child);
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
      const index = await get(url);
      assert.equal(index.status, 200);
      assert.match(index.text, /<link rel="alternate" type="application\/rss\+xml" title="测试站 \(RSS\)" href="https:\/\/env\.example\/rss\.xml">/);
      assert.equal((await get(`${url}categories/news/rss.xml`)).status, 200);
      const exit = once(child, 'exit');
      child.kill('SIGTERM');
      assert.deepEqual(await exit, [0, null]);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
}
