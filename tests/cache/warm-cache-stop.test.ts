// A stop during a warm start's load: the cache file is closed whether or not the start went on to ask
// for the rest, including a stop that lands after load's last look at the signal (while the build key
// is awaited), when no abort event is left to come. And a record the reviver cannot take, on bytes whose
// checksum fails, is a damaged file (one warning, a cold start), not a failed start.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { WarmCache } from '../../src/cache/warm-cache.js';
import { createLogger } from '../../src/log.js';
import { startService } from '../../src/service.js';
import { testConfig } from '../helpers/config.js';
import { PostsDir } from '../helpers/posts-dir.js';

const cleanups: (() => void)[] = [];
after(() => {
  for (const clean of cleanups) clean();
});

/** A site of a few posts whose service has written its cache: the file and its header. */
async function written(): Promise<{ posts: PostsDir; root: string; file: string; header: { build: string; config: string; version: string } }> {
  const posts = new PostsDir();
  for (let i = 0; i < 6; i++) posts.post(`2024-03-0${i + 1}-p${i}.md`, { title: `第 ${i} 篇`, tags: ['城市'], body: `正文 ${i}` });
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'fw-stop-'));
  cleanups.push(
    () => posts.cleanup(),
    () => fs.rmSync(root, { recursive: true, force: true }),
  );
  const service = await startService(testConfig(posts.dir, { diskCache: { dir: root } }), createLogger('silent'), { schedule: false, processMetrics: false });
  await service.close();
  const file = fs.readdirSync(root).map((d) => path.join(root, d, 'state.bin'))[0] as string;
  fs.rmSync(`${file}.journal`, { force: true });
  const header = JSON.parse(fs.readFileSync(file, 'latin1').split('\n')[1] as string) as { build: string; config: string; version: string };
  return { posts, root, file, header };
}

/** How many of this process's descriptors are open on `file`. */
function openOn(file: string): number {
  return fs.readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return fs.readlinkSync(`/proc/self/fd/${fd}`) === file;
    } catch {
      return false;
    }
  }).length;
}

test('a stop while the start loads closes the cache file, though the rest is never asked for', { skip: !fs.existsSync('/proc/self/fd') }, async () => {
  const { posts, root, file, header } = await written();
  const stop = new AbortController();
  // The stop lands just after load's last look at the signal (the read of a file this small looks once),
  // so no abort event is left to come: with a timer it landed earlier on a busy machine, and load
  // rightly stopped instead.
  const { signal } = stop;
  const look = signal.throwIfAborted.bind(signal);
  signal.throwIfAborted = () => {
    look();
    stop.abort();
  };
  const cache = new WarmCache({ root, configHash: header.config, postsDir: posts.dir, version: header.version, build: header.build, warn: () => undefined });
  const warm = await cache.load(stop.signal);
  assert.ok(warm, 'the documents were loaded');
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(openOn(file), 0);
});

test('a record the reviver cannot take, on damaged bytes, is a damaged file: a warning and a cold start', async () => {
  const { posts, root, file } = await written();
  const bytes = fs.readFileSync(file);
  // A property name in the second part, changed so that V8 still reads the value but it is no record.
  const at = bytes.lastIndexOf(Buffer.from('result'));
  assert.ok(at > 0);
  bytes.write('resulx', at, 'latin1');
  fs.writeFileSync(file, bytes);
  const lines: string[] = [];
  const log = createLogger('warn', { write: (line: string) => void lines.push(line) });
  const service = await startService(testConfig(posts.dir, { diskCache: { dir: root } }), log, { schedule: false, processMetrics: false });
  try {
    assert.ok((service.store.current?.entries.size ?? 0) > 0, 'served, having read the posts again');
    assert.ok(
      lines.some((line) => /warm cache .*checksum mismatch/.test(line)),
      lines.join(''),
    );
  } finally {
    await service.close();
  }
});
