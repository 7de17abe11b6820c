// The warm cache's journal (src/cache/journal.ts, written by warm-cache.ts): over random edits, additions,
// deletions, touches and restarts heard as named paths (the watcher's rescans), a start from the file and
// its journal serves exactly what a start from a whole write of the same state serves, byte for byte,
// which is what a cold build serves; and the rescans after it give the same results.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import fc from 'fast-check';
import { WarmCache, type WarmStart, type WarmState } from '../../src/cache/warm-cache.js';
import { Rescanner, type RescanResult } from '../../src/rescan/rescanner.js';
import type { Snapshot } from '../../src/snapshot/snapshot.js';
import { SnapshotStore } from '../../src/snapshot/store.js';
import { testConfig } from '../helpers/config.js';
import { PostsDir } from '../helpers/posts-dir.js';

const roots: string[] = [];
after(() => {
  for (const r of roots) fs.rmSync(r, { recursive: true, force: true });
});

function cacheRoot(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'fw-journal-'));
  roots.push(root);
  return root;
}

type Op =
  | { readonly op: 'edit'; readonly post: number; readonly tag: number }
  | { readonly op: 'add'; readonly tag: number }
  | { readonly op: 'delete'; readonly post: number }
  | { readonly op: 'touch'; readonly post: number }
  | { readonly op: 'restart' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('edit' as const), post: fc.nat(40), tag: fc.nat(6) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('add' as const), tag: fc.nat(6) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('delete' as const), post: fc.nat(40) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('touch' as const), post: fc.nat(40) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('restart' as const) }) },
);

/** A small site; post i is `p<i>.md`. */
function site(count: number): { posts: PostsDir; names: string[] } {
  const posts = new PostsDir();
  const names: string[] = [];
  for (let i = 0; i < count; i++) names.push(write(posts, `p${i}.md`, i, `t${i % 3}`, 'first'));
  return { posts, names };
}

function write(posts: PostsDir, name: string, i: number, tag: string, version: string): string {
  posts.post(`2024-03-${String((i % 28) + 1).padStart(2, '0')}-${name}`, {
    title: `Post ${i} (${version})`,
    tags: [tag, '城市'],
    categories: i % 2 ? 'news' : 'tech',
    body: `<p>${version} text of ${i}. ${'Body & <more>. '.repeat(8)}</p>`,
  });
  return `2024-03-${String((i % 28) + 1).padStart(2, '0')}-${name}`;
}

/** Every document whole: path, validators, headers, and the hash of its bytes. */
function digest(snapshot: Snapshot | undefined): string[] {
  assert.ok(snapshot);
  return [...snapshot.entries].map(([p, { body, ...rest }]) => `${p} ${JSON.stringify(rest)} ${createHash('sha256').update(body.bytes()).digest('hex')}`);
}

/** What a rescan says, without its times and generation. */
function outcome(r: RescanResult): unknown {
  return { ok: r.ok, files: r.files, posts: r.posts, documents: r.documents, changed: r.changed, parsed: r.parsed, rendered: r.rendered, problems: r.problems };
}

/** The files a start compares, in an order of their own. */
function table(warm: WarmStart): string[] {
  return warm.files.paths.map((p, i) => `${p} ${warm.files.sizes[i]} ${warm.files.mtimes[i]}`).sort();
}

const sortedEntries = (m: ReadonlyMap<string, unknown>): [string, unknown][] => [...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

interface Running {
  rescanner: Rescanner;
  cache: WarmCache;
}

function cacheAt(root: string, posts: PostsDir, warnings: string[], journalShare?: number): WarmCache {
  return new WarmCache({
    root,
    configHash: 'journal',
    postsDir: posts.dir,
    version: 'test',
    build: 'b',
    warn: (m) => warnings.push(m),
    ...(journalShare === undefined ? {} : { journalShare }),
  });
}

/** A start as the service makes it (service.ts warmStart): serve at once if the files are as cached, take over the rest. */
async function warmStart(posts: PostsDir, cache: WarmCache): Promise<{ rescanner: Rescanner; warm: WarmStart; state: WarmState; served: boolean }> {
  const rescanner = new Rescanner({ config: testConfig(posts.dir), store: new SnapshotStore() });
  const warm = await cache.load();
  assert.ok(warm, 'the cache is read');
  const served = await rescanner.serveCached(warm, await rescanner.listFiles());
  const state = await warm.rest();
  assert.ok(state, 'its records are read');
  await rescanner.restore(state);
  return { rescanner, warm, state, served };
}

/**
 * A rescan as the service follows it (service.ts): its state saved when it parsed or rendered anything (a
 * touch alone is not saved), and the write waited for.
 */
async function rescan(run: Running, reason: string, paths?: string[]): Promise<RescanResult> {
  const r = await run.rescanner.trigger(reason, paths);
  assert.ok(r.ok, JSON.stringify(r.problems));
  const state = r.parsed > 0 || r.rendered > 0 ? run.rescanner.warmState() : undefined;
  if (state) {
    run.cache.save(state);
    saved = state;
  }
  await run.cache.idle();
  return r;
}

/** The state last saved: what the cache file and its journal hold. */
let saved: WarmState | undefined;
let servedAtOnce = 0;

let framesApplied = 0;
let frameWrites = 0;

test('a start from the file and its journal serves what a start from a whole write serves, and a cold build; later rescans agree', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 6 }), fc.constantFrom(0.25, 1000), async (ops, share) => {
      const { posts, names } = site(24);
      const root = cacheRoot();
      const warnings: string[] = [];
      let run: Running = {
        rescanner: new Rescanner({ config: testConfig(posts.dir), store: new SnapshotStore() }),
        cache: cacheAt(root, posts, warnings, share),
      };
      const version = { n: 0 };
      try {
        await rescan(run, 'start');
        for (const o of ops) {
          const live = names.filter((n) => fs.existsSync(posts.path(n)));
          if (o.op === 'restart') {
            await run.rescanner.close();
            const next = cacheAt(root, posts, warnings, share);
            const started = await warmStart(posts, next);
            run = { rescanner: started.rescanner, cache: next };
            await rescan(run, 'start');
            continue;
          }
          let rel: string | undefined;
          if (o.op === 'add') {
            const i = names.length;
            rel = write(posts, `p${i}.md`, i, `t${o.tag}`, 'added');
            names.push(rel);
          } else if (live.length > 1) {
            const name = live[o.post % live.length] as string;
            const i = Number(/-p(\d+)\.md$/.exec(name)?.[1]);
            rel = name;
            if (o.op === 'edit') write(posts, `p${i}.md`, i, `t${o.tag}`, `v${++version.n}`);
            else if (o.op === 'delete') posts.remove(name);
            else {
              const t = new Date(Date.UTC(2021, 0, 1) + ++version.n * 1000);
              fs.utimesSync(posts.path(name), t, t);
            }
          }
          if (rel) await rescan(run, 'watch', [rel]);
        }
        frameWrites += run.cache.status().journal.frames;
        const served = digest(run.rescanner.warmState()?.snapshot);
        const final = saved;
        assert.ok(final);
        await run.rescanner.close();

        // A: the file and its journal. B: the same state written whole. C: a cold build.
        const journalCache = cacheAt(root, posts, warnings, share);
        const fromJournal = await warmStart(posts, journalCache);
        framesApplied += journalCache.status().atStart.frames ?? 0;
        const wholeCache = cacheAt(cacheRoot(), posts, warnings, share);
        wholeCache.save(final);
        await wholeCache.idle();
        assert.equal(wholeCache.status().lastAttempt?.ok && wholeCache.status().journal.frames, 0, 'the first write is whole');
        const fromWhole = await warmStart(posts, cacheAt(path.dirname(path.dirname(wholeCache.file)), posts, warnings, share));
        const cold: Running = {
          rescanner: new Rescanner({ config: testConfig(posts.dir), store: new SnapshotStore() }),
          cache: cacheAt(cacheRoot(), posts, warnings),
        };
        await rescan(cold, 'start');
        try {
          const coldDigest = digest(cold.rescanner.warmState()?.snapshot);
          assert.deepEqual(served, coldDigest, 'the running service served what a cold build does');
          assert.deepEqual(digest(fromJournal.warm.snapshot), digest(fromWhole.warm.snapshot));
          assert.deepEqual(digest(fromJournal.warm.snapshot), coldDigest);
          const { entries: _a, ...fieldsA } = fromJournal.warm.snapshot;
          const { entries: _b, ...fieldsB } = fromWhole.warm.snapshot;
          assert.deepEqual(fieldsA, fieldsB);
          assert.deepEqual([fromJournal.warm.dueAt, fromJournal.served], [fromWhole.warm.dueAt, fromWhole.served]);
          if (fromJournal.served) servedAtOnce++;
          assert.deepEqual(table(fromJournal.warm), table(fromWhole.warm));
          assert.deepEqual(sortedEntries(fromJournal.state.records), sortedEntries(fromWhole.state.records));
          assert.deepEqual(sortedEntries(fromJournal.state.contents), sortedEntries(fromWhole.state.contents));
          assert.deepEqual(sortedEntries(fromJournal.state.items), sortedEntries(fromWhole.state.items));

          // The first rescan after each start, then an edit and an addition heard by name: the same results, the same bytes.
          const a: Running = { rescanner: fromJournal.rescanner, cache: cacheAt(cacheRoot(), posts, warnings) };
          const b: Running = { rescanner: fromWhole.rescanner, cache: cacheAt(cacheRoot(), posts, warnings) };
          const firstA = await rescan(a, 'start');
          const firstB = await rescan(b, 'start');
          assert.deepEqual(outcome(firstA), outcome(firstB));
          assert.deepEqual([firstA.parsed, firstA.rendered], [0, 0]);
          const live = names.filter((n) => fs.existsSync(posts.path(n)));
          const edited = live[0] as string;
          write(posts, `p${/-p(\d+)\.md$/.exec(edited)?.[1]}.md`, Number(/-p(\d+)\.md$/.exec(edited)?.[1]), 't9', 'after');
          const added = write(posts, `p${names.length}.md`, names.length, 't8', 'after');
          const afterA = await rescan(a, 'watch', [edited, added]);
          const afterB = await rescan(b, 'watch', [edited, added]);
          const afterC = await rescan(cold, 'watch', [edited, added]);
          assert.deepEqual(outcome(afterA), outcome(afterB));
          assert.deepEqual(outcome(afterA), outcome(afterC));
          const fresh: Running = {
            rescanner: new Rescanner({ config: testConfig(posts.dir), store: new SnapshotStore() }),
            cache: cacheAt(cacheRoot(), posts, warnings),
          };
          await rescan(fresh, 'start');
          const want = digest(fresh.rescanner.warmState()?.snapshot);
          await fresh.rescanner.close();
          assert.deepEqual(digest(a.rescanner.warmState()?.snapshot), want);
          assert.deepEqual(digest(b.rescanner.warmState()?.snapshot), want);
          assert.deepEqual(digest(cold.rescanner.warmState()?.snapshot), want);
          assert.deepEqual(warnings, []);
        } finally {
          await Promise.all([fromJournal.rescanner.close(), fromWhole.rescanner.close(), cold.rescanner.close()]);
        }
      } finally {
        await run.rescanner.close().catch(() => undefined);
        posts.cleanup();
      }
    }),
    { numRuns: 25 },
  );
  // Not a test of whole writes only: frames were written and applied.
  assert.ok(frameWrites > 0, `${frameWrites} frames written`);
  assert.ok(framesApplied > 0, `${framesApplied} frames applied at a start`);
  assert.ok(servedAtOnce > 0, `${servedAtOnce} starts served the cache at once`);
});
