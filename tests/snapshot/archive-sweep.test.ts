// The order `feedwright build` renders archive documents in (src/snapshot/archive-sweep.ts): every
// document once, each post prepared once and before every page that shows it, released after the last,
// and no more held at a time than the pages still filling can show, however many posts there are.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import type { Post } from '../../src/posts/post.js';
import { archiveSweep } from '../../src/snapshot/archive-sweep.js';
import { allArchiveDocuments, archiveDocumentCount, type ArchiveDocument } from '../../src/snapshot/archives.js';
import type { Snapshot } from '../../src/snapshot/snapshot.js';
import { writeCorpus } from '../../bench/corpus.js';
import { freshSnapshot } from '../helpers/build.js';
import { testConfig } from '../helpers/config.js';

const NOW = Date.parse('2026-01-01T00:00:00Z');
const dir = mkdtempSync(path.join(os.tmpdir(), 'fw-sweep-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** The generated corpus (40 categories, 400 tags) with small pages, so that most scopes have several. */
async function corpus(posts: number, limit: number, pageSize: number): Promise<Snapshot> {
  const at = path.join(dir, `${posts}-${limit}-${pageSize}`);
  writeCorpus(at, { posts });
  return (await freshSnapshot(testConfig(at, { feeds: { limit, archive: { pageSize } } }), NOW)).snapshot;
}

interface Walk {
  readonly rendered: string[];
  readonly prepared: number;
  readonly peakHeld: number;
}

/** Runs the sweep as the build does, checking each step against what came before it. */
function walk(snapshot: Snapshot, batch: number, wanted?: (document: ArchiveDocument) => boolean): Walk {
  const index = snapshot.archive ?? assert.fail('no archive index');
  const held = new Set<Post>();
  const prepared = new Set<Post>();
  const rendered: string[] = [];
  let peakHeld = 0;
  for (const step of archiveSweep(index, batch, wanted)) {
    if ('prepare' in step) {
      assert.ok(step.prepare.length <= batch);
      for (const post of step.prepare) {
        assert.ok(!prepared.has(post), `${post.path} prepared twice`);
        prepared.add(post);
        held.add(post);
      }
      peakHeld = Math.max(peakHeld, held.size);
    } else if ('release' in step) {
      for (const post of step.release) assert.ok(held.delete(post), `${post.path} released but not held`);
    } else {
      for (const post of step.render.posts) assert.ok(held.has(post), `${step.render.path}: ${post.path} not held`);
      rendered.push(step.render.path);
    }
  }
  assert.equal(held.size, 0, 'every prepared post is released by the end');
  return { rendered, prepared: prepared.size, peakHeld };
}

test('every archive document once, each post prepared once and held only while a page to come shows it', async () => {
  const snapshot = await corpus(1500, 5, 4);
  const index = snapshot.archive ?? assert.fail('no archive index');
  const all = [...allArchiveDocuments(index)];
  assert.equal(all.length, archiveDocumentCount(index));
  const archived = new Set(all.flatMap((d) => d.posts));
  for (const batch of [1, 7, 256]) {
    const { rendered, prepared, peakHeld } = walk(snapshot, batch);
    assert.deepEqual([...rendered].sort(), all.map((d) => d.path).sort(), `batch ${batch}`);
    assert.equal(new Set(rendered).size, rendered.length);
    assert.equal(prepared, archived.size, `batch ${batch}: only posts some page shows`);
    // At most a filling page per scope, plus the batch just prepared.
    const bound = [...index.scopes.values()].filter((s) => s.posts.length > 5).length * 4 + batch;
    assert.ok(peakHeld <= bound, `batch ${batch}: held ${peakHeld} > ${bound}`);
  }
});

test('what is held is bounded by the scopes, not by the number of posts', async () => {
  const snapshot = await corpus(4000, 5, 4);
  const scopes = [...(snapshot.archive?.scopes.values() ?? [])].filter((s) => s.posts.length > 5).length;
  const bound = scopes * 4 + 16;
  const { prepared, peakHeld } = walk(snapshot, 16);
  assert.ok(prepared > 2 * bound, `${prepared} posts prepared, against a bound of ${bound}`);
  assert.ok(peakHeld <= bound, `held ${peakHeld} > ${bound}`);
});

test('pages none of whose documents is wanted are passed over, and their posts are not read (a build links them)', async () => {
  const snapshot = await corpus(300, 10, 20);
  const index = snapshot.archive ?? assert.fail('no archive index');
  const all = [...allArchiveDocuments(index)];
  const wanted = all.filter((d) => d.path.startsWith('/archive/2/'));
  assert.ok(wanted.length >= 3);
  const some = walk(snapshot, 64, (d) => wanted.some((w) => w.path === d.path));
  assert.deepEqual(some.rendered.sort(), wanted.map((d) => d.path).sort());
  // The site's page 2 holds 20 posts, and no other page is rendered.
  assert.equal(some.prepared, 20);
  const none = walk(snapshot, 64, () => false);
  assert.deepEqual(none, { rendered: [], prepared: 0, peakHeld: 0 });
});
