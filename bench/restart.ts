// The restart figures of `npm run bench`: `feedwright serve` started as a process over the corpus, from
// its spawn to /readyz answering 200 (every document served), cold (an empty cache folder) and then warm
// (the cache the cold run wrote), with each process's peak RSS, and first cold with the cache off (what the
// cache costs a cold start); and Hugo's full build of the same posts
// when `hugo` is installed, for scale. Figures, not assertions.
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface StartFigures {
  /** Spawn to /readyz 200: every document served (a warm start serves the cached ones before its first rescan). */
  readonly readyMs: number;
  /** Spawn to the end of the first rescan (the same as ready, but for a warm start served at once). */
  readonly settledMs: number;
  /** The process's peak RSS up to the end of its first rescan. */
  readonly peakRssMb: number;
}

export interface RestartFigures {
  /** A cold start with the cache turned off: what writing the cache costs a cold start is `cold` against it. */
  readonly uncached: StartFigures;
  readonly cold: StartFigures;
  readonly warm: StartFigures;
  readonly cacheBytes: number | undefined;
  /** Hugo's full build of the same posts (RSS for every section, taxonomy and term), if Hugo is here. */
  readonly hugoMs: number | undefined;
}

/** `main`: the built CLI (the bench compiles the sources); `port`: free, on 127.0.0.1. */
export async function measureRestarts(main: string, posts: string, work: string, port: number): Promise<RestartFigures> {
  const cacheDir = path.join(work, 'cache');
  rmSync(cacheDir, { recursive: true, force: true });
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    FEEDWRIGHT_POSTS_DIR: posts,
    FEEDWRIGHT_SITE_URL: 'https://news.example.cn/',
    FEEDWRIGHT_CACHE_DIR: cacheDir,
    LOG_LEVEL: 'warn',
  };
  const uncached = await startOnce(main, { ...env, FEEDWRIGHT_CACHE_DIR: 'off' }, port, false);
  const cold = await startOnce(main, env, port, true);
  const warm = await startOnce(main, env, port, false);
  return { uncached: uncached.figures, cold: cold.figures, warm: warm.figures, cacheBytes: cold.cacheBytes, hugoMs: await hugoBuild(posts, work) };
}

async function startOnce(
  main: string,
  env: Record<string, string>,
  port: number,
  waitForCache: boolean,
): Promise<{ figures: StartFigures; cacheBytes: number | undefined }> {
  const started = performance.now();
  const child = spawn(process.execPath, [main, 'serve', '--port', String(port)], {
    env: { ...env, HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  try {
    const deadline = Date.now() + 300_000;
    for (;;) {
      if (Date.now() > deadline) throw new Error('the service did not become ready in 5 minutes');
      const status = await get(`http://127.0.0.1:${port}/readyz`);
      if (status === 200) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    const readyMs = Math.round(performance.now() - started);
    // The first rescan has run when /status reports it.
    while (((await getJson(`http://127.0.0.1:${port}/status`)) as { lastRescan: unknown }).lastRescan === null) {
      await new Promise((r) => setTimeout(r, 5));
    }
    const settledMs = Math.round(performance.now() - started);
    const peakRssMb = Math.round(Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024);
    let cacheBytes: number | undefined;
    // The cold run writes the cache in the background after its first rescan: wait for it to land.
    while (waitForCache) {
      const status = (await getJson(`http://127.0.0.1:${port}/status`)) as { cache?: { writes?: number; bytes?: number } };
      if ((status.cache?.writes ?? 0) > 0) {
        cacheBytes = status.cache?.bytes;
        break;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    return { figures: { readyMs, settledMs, peakRssMb }, cacheBytes };
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

export async function hugoBuild(posts: string, work: string): Promise<number | undefined> {
  try {
    await run('hugo', ['version']);
  } catch {
    return undefined;
  }
  const site = path.join(work, 'hugo-site');
  rmSync(site, { recursive: true, force: true });
  mkdirSync(path.join(site, 'content'), { recursive: true });
  symlinkSync(posts, path.join(site, 'content', 'posts'));
  writeFileSync(
    path.join(site, 'hugo.toml'),
    'baseURL = "https://news.example.cn/"\ntitle = "bench"\n[taxonomies]\n  category = "categories"\n  tag = "tags"\n',
  );
  const t = performance.now();
  await run('hugo', ['--quiet', '-s', site, '-d', path.join(work, 'hugo-public')], { maxBuffer: 1 << 24 });
  const ms = Math.round(performance.now() - t);
  rmSync(site, { recursive: true, force: true });
  rmSync(path.join(work, 'hugo-public'), { recursive: true, force: true });
  return ms;
}

/** The status a GET of `url` answers (its body read to the end), or 0 when nothing answers. */
export function get(url: string): Promise<number> {
  return fetch(url).then(
    async (res) => {
      await res.arrayBuffer();
      return res.status;
    },
    () => 0,
  );
}

async function getJson(url: string): Promise<unknown> {
  return (await fetch(url)).json();
}
