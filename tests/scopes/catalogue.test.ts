// The catalogue (src/scopes/catalogue.ts) kept up to date change by change says what making it all again
// says: the same scopes as buildScopes over uniquePosts of every readable post, the same problems, the
// same future posts; checked over random sequences of edits, additions, deletions, unreadable posts and a
// clock that moves (both ways), with shared ids, links, spellings and dates.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { problem, sortProblems, type Problem } from '../../src/errors.js';
import { uniquePosts } from '../../src/posts/duplicates.js';
import type { Post } from '../../src/posts/post.js';
import type { FileResult } from '../../src/posts/scanned-file.js';
import { Catalogue } from '../../src/scopes/catalogue.js';
import { buildScopes, type Scope } from '../../src/scopes/scopes.js';

const T0 = Date.UTC(2024, 0, 1);
const HOUR = 3_600_000;
const PATHS = Array.from({ length: 12 }, (_, i) => `p/${String.fromCharCode(97 + i)}.md`);
const NAMES = ['News', 'news', 'C++', 'Tech', '科技', 'tech'];

interface Spec {
  readonly path: number;
  readonly kind: 'post' | 'excluded' | 'rejected';
  readonly date: number;
  readonly id: number;
  readonly link: number;
  readonly categories: readonly number[];
  readonly tags: readonly number[];
  readonly author: number;
  readonly warn: boolean;
  readonly edit: number;
}

function resultOf(s: Spec): FileResult {
  const path = PATHS[s.path] as string;
  const problems: Problem[] = s.warn ? [problem('FW_POST_INVALID_UTF8', path, undefined, 3, 'warning')] : [];
  if (s.kind === 'excluded') return { kind: 'excluded', why: 'draft', problems };
  if (s.kind === 'rejected') return { kind: 'rejected', problems: [...problems, problem('FW_POST_NO_DATE', path)] };
  const link = `https://x.test/${s.link}/`;
  const names = (list: readonly number[]): string[] => [...new Set(list.map((n) => NAMES[n] as string))];
  const post: Post = {
    path,
    hash: `h-${s.path}-${s.edit}`,
    title: `t${s.edit}`,
    date: T0 + s.date * HOUR,
    updated: T0 + s.date * HOUR,
    categories: names(s.categories).slice(0, 2),
    tags: names(s.tags),
    author: undefined,
    excerpt: undefined,
    link,
    id: s.id === 0 ? link : `urn:${s.id}`,
    image: undefined,
    ...(s.author > 0 ? { authors: [{ key: `a${s.author}`, known: false, name: `Author ${s.author} v${s.edit}` }] } : {}),
  };
  return { kind: 'post', post, problems };
}

const spec = fc.record({
  path: fc.integer({ min: 0, max: PATHS.length - 1 }),
  kind: fc.constantFrom('post', 'post', 'post', 'excluded', 'rejected') as fc.Arbitrary<Spec['kind']>,
  date: fc.integer({ min: 0, max: 8 }),
  id: fc.integer({ min: 0, max: 3 }),
  link: fc.integer({ min: 0, max: 4 }),
  categories: fc.array(fc.integer({ min: 0, max: NAMES.length - 1 }), { maxLength: 3 }),
  tags: fc.array(fc.integer({ min: 0, max: NAMES.length - 1 }), { maxLength: 3 }),
  author: fc.integer({ min: 0, max: 2 }),
  warn: fc.boolean(),
  edit: fc.integer({ min: 0, max: 1000 }),
});

type Step =
  | { readonly op: 'set'; readonly specs: readonly Spec[] }
  | { readonly op: 'remove'; readonly paths: readonly number[] }
  | { readonly op: 'unreadable'; readonly paths: readonly number[]; readonly failed: boolean }
  | { readonly op: 'clock'; readonly at: number }
  | { readonly op: 'mark' }
  /** A failed rescan: the catalogue forgets everything (once or twice), and the next scan names every file again. */
  | { readonly op: 'clear'; readonly twice: boolean };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ op: fc.constant('set' as const), specs: fc.array(spec, { minLength: 1, maxLength: 40 }) }),
  fc.record({ op: fc.constant('remove' as const), paths: fc.array(fc.integer({ min: 0, max: PATHS.length - 1 }), { maxLength: 4 }) }),
  fc.record({ op: fc.constant('unreadable' as const), paths: fc.array(fc.integer({ min: 0, max: PATHS.length - 1 }), { maxLength: 3 }), failed: fc.boolean() }),
  fc.record({ op: fc.constant('clock' as const), at: fc.integer({ min: 0, max: 9 }) }),
  fc.record({ op: fc.constant('mark' as const) }),
  fc.record({ op: fc.constant('clear' as const), twice: fc.boolean() }),
);

/** What the rescan used to make from every file: the reference. */
function reference(files: ReadonlyMap<string, FileResult>, unreadable: ReadonlyMap<string, string | undefined>, now: number) {
  const found: Post[] = [];
  const problems: Problem[] = [];
  let excluded = 0;
  for (const path of [...files.keys()].sort()) {
    const result = files.get(path) as FileResult;
    problems.push(...result.problems);
    if (result.kind === 'excluded') excluded++;
    if (result.kind !== 'post') continue;
    if (unreadable.has(path)) {
      const failed = unreadable.get(path);
      problems.push(
        failed === undefined
          ? problem('FW_POST_UNREADABLE', path, 'its body could not be read back; left out this time')
          : problem('FW_POST_FAILED', path, `rendering: ${failed}`),
      );
    } else found.push(result.post);
  }
  const unique = uniquePosts(found);
  return { posts: unique.posts, scopes: buildScopes(unique.posts, now), problems: [...problems, ...unique.problems], excluded };
}

const shape = (scopes: readonly Scope[]) =>
  scopes.map((s) => ({ kind: s.kind, key: s.key, name: s.name, slug: s.slug, person: s.person, posts: s.posts.map((p) => `${p.path} ${p.id} ${p.hash}`) }));

describe('Catalogue', () => {
  test('kept up to date change by change, it says what making it again from every file says', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 12 }), fc.constantFrom(0, 32), (steps, spliceLimit) => {
        const catalogue = new Catalogue({ spliceLimit });
        let marked: Map<string, string> | undefined;
        const files = new Map<string, FileResult>();
        let unreadable = new Map<string, string | undefined>();
        let now = T0 + 4 * HOUR;
        catalogue.publish(now);
        for (const s of steps) {
          if (s.op === 'clock') {
            now = T0 + s.at * HOUR;
            catalogue.publish(now);
            continue;
          }
          if (s.op === 'mark') {
            catalogue.mark();
            marked = new Map(reference(files, unreadable, now).scopes[0]?.posts.map((p) => [p.path, p.hash]));
            continue;
          }
          const changed = new Map<string, FileResult>();
          const removed: string[] = [];
          if (s.op === 'clear') {
            catalogue.clear();
            if (s.twice) catalogue.clear();
            for (const [path, result] of files) changed.set(path, result);
          }
          if (s.op === 'set') for (const one of s.specs) changed.set(PATHS[one.path] as string, resultOf(one));
          if (s.op === 'remove') for (const i of new Set(s.paths)) if (files.has(PATHS[i] as string)) removed.push(PATHS[i] as string);
          if (s.op === 'unreadable') unreadable = new Map(s.paths.map((i) => [PATHS[i] as string, s.failed ? 'it threw' : undefined]));
          for (const [path, result] of changed) files.set(path, result);
          for (const path of removed) files.delete(path);
          catalogue.update({ changed, removed }, unreadable);
          const want = reference(files, unreadable, now);
          assert.deepEqual(shape(catalogue.scopes()), shape(want.scopes));
          assert.deepEqual(sortProblems(catalogue.problems()), sortProblems(want.problems));
          assert.equal(catalogue.excluded, want.excluded);
          const published = new Set(want.scopes[0]?.posts.map((p) => p.path));
          const summary = catalogue.dropSummary();
          assert.equal(summary.before, marked?.size);
          assert.deepEqual(
            [...summary.gone].sort((a, b) => (a.path < b.path ? -1 : 1)),
            [...(marked ?? [])]
              .filter(([path]) => !published.has(path))
              .map(([path, hash]) => ({ path, hash }))
              .sort((a, b) => (a.path < b.path ? -1 : 1)),
          );
          assert.equal(catalogue.scheduledAfter(now), want.posts.filter((p) => p.date > now).length);
          for (const at of [now - 3 * HOUR, now, now + 2 * HOUR]) {
            const due = want.posts.filter((p) => p.date > at).map((p) => p.date);
            assert.equal(catalogue.nextDue(at), due.length > 0 ? Math.min(...due) : undefined);
          }
        }
      }),
      { numRuns: 600 },
    );
  });

  test('a scope that did not change is the same object, and its list is never changed once given out', () => {
    const catalogue = new Catalogue();
    catalogue.publish(T0 + 10 * HOUR);
    const a = resultOf({ path: 0, kind: 'post', date: 1, id: 0, link: 0, categories: [0], tags: [3], author: 0, warn: false, edit: 0 });
    const b = resultOf({ path: 1, kind: 'post', date: 2, id: 0, link: 1, categories: [2], tags: [], author: 0, warn: false, edit: 0 });
    catalogue.update({ changed: new Map([[PATHS[0] as string, a]]), removed: [] });
    const first = catalogue.scopes();
    const site = first[0] as Scope;
    const sitePosts = [...site.posts];
    catalogue.update({ changed: new Map([[PATHS[1] as string, b]]), removed: [] });
    const second = catalogue.scopes();
    assert.deepEqual(site.posts, sitePosts, 'the list given out earlier is as it was');
    assert.equal(
      second.find((s) => s.kind === 'tag'),
      first.find((s) => s.kind === 'tag'),
    );
    assert.notEqual(second[0], site);
    assert.equal(second[0]?.posts.length, 2);
  });

  test('the drop summary counts posts published at the mark and gone since, by path', () => {
    const catalogue = new Catalogue();
    catalogue.publish(T0 + 10 * HOUR);
    const specs = [0, 1, 2].map((i) => resultOf({ path: i, kind: 'post', date: i, id: 0, link: i, categories: [], tags: [], author: 0, warn: false, edit: 0 }));
    catalogue.update({ changed: new Map(specs.map((r, i) => [PATHS[i] as string, r])), removed: [] });
    assert.equal(catalogue.dropSummary().before, undefined);
    catalogue.mark();
    const edited = resultOf({ path: 0, kind: 'post', date: 5, id: 0, link: 0, categories: [], tags: [], author: 0, warn: false, edit: 1 });
    catalogue.update({ changed: new Map([[PATHS[0] as string, edited]]), removed: [PATHS[1] as string] });
    const summary = catalogue.dropSummary();
    assert.equal(summary.before, 3);
    assert.equal(summary.after, 2);
    assert.deepEqual(summary.gone, [{ path: PATHS[1], hash: 'h-1-0' }]);
    assert.deepEqual(summary.afterPaths(), [PATHS[0], PATHS[2]]);
    catalogue.mark();
    assert.deepEqual(catalogue.dropSummary().gone, []);
  });

  test('a clear holds no request: the posts it forgets are noted for the drop guard in the next update, in slices', () => {
    const catalogue = new Catalogue();
    catalogue.publish(T0 + 10 * HOUR);
    const n = 3000;
    const results = new Map(
      Array.from({ length: n }, (_, i): [string, FileResult] => {
        const r = resultOf({ path: 0, kind: 'post', date: i % 9, id: 0, link: 0, categories: [], tags: [], author: 0, warn: false, edit: 0 });
        const path = `many/${i}.md`;
        return [path, r.kind === 'post' ? { ...r, post: { ...r.post, path, link: `https://x.test/many/${i}/`, id: `https://x.test/many/${i}/` } } : r];
      }),
    );
    catalogue.update({ changed: results, removed: [] });
    catalogue.mark();
    catalogue.clear();
    // A second failure before any update (the folder still unreadable) leaves them to be noted.
    catalogue.clear();
    // The next update notes them, in slices, even one that brings nothing.
    let yields = 0;
    const steps = catalogue.updating({ changed: new Map(), removed: [] });
    while (!steps.next().done) yields++;
    assert.ok(yields >= Math.floor(n / 256), `${yields} yields`);
    // So is the summary the guard weighs then, with every post a change since the mark.
    let summaryYields = 0;
    const summarizing = catalogue.summarizing();
    let step = summarizing.next();
    for (; !step.done; step = summarizing.next()) summaryYields++;
    assert.ok(summaryYields >= Math.floor(n / 256), `${summaryYields} yields`);
    assert.equal(step.value.gone.length, n);
    assert.equal(catalogue.dropSummary().gone.length, n);
    // What the next scan brings after a failure: every file again, but one gone.
    const again = new Map(results);
    again.delete('many/7.md');
    catalogue.update({ changed: again, removed: [] });
    const summary = catalogue.dropSummary();
    assert.deepEqual(
      summary.gone.map((p) => p.path),
      ['many/7.md'],
    );
    assert.equal(summary.before, n);
    assert.equal(summary.after, n - 1);
  });
  test('taking changes in yields between small steps (a rescan slices it), and ends where update ends', () => {
    const many = (n: number, edit: number): Map<string, FileResult> =>
      new Map(
        Array.from({ length: n }, (_, i): [string, FileResult] => {
          const r = resultOf({
            path: 0,
            kind: 'post',
            date: i % 9,
            id: 0,
            link: 0,
            categories: [i % 3],
            tags: [i % 5],
            author: i % 4,
            warn: i % 7 === 0,
            edit,
          });
          const path = `many/${i}.md`;
          return [path, r.kind === 'post' ? { ...r, post: { ...r.post, path, link: `https://x.test/many/${i}/`, id: `https://x.test/many/${i}/` } } : r];
        }),
      );
    const sliced = new Catalogue();
    const whole = new Catalogue();
    for (const c of [sliced, whole]) c.publish(T0 + 10 * HOUR);
    for (const [changed, removed] of [
      [many(3000, 0), []],
      [many(1000, 1), ['many/2000.md', 'many/2999.md']],
    ] as const) {
      let yields = 0;
      const steps = sliced.updating({ changed, removed });
      while (!steps.next().done) yields++;
      whole.update({ changed, removed });
      // Every few hundred posts: no step takes in more than a small share of them at once.
      assert.ok(yields >= changed.size / 256, `${yields} yields for ${changed.size} changes`);
      assert.deepEqual(sliced.scopes(), whole.scopes());
      assert.deepEqual(sortProblems(sliced.problems()), sortProblems(whole.problems()));
    }
  });
});
