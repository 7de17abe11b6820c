// Issue 6, property: whatever strings, dates, lists and maps front matter holds (control characters,
// `]]>`, lone surrogates, emoji, right-to-left text, YAML syntax), every feed the rescan publishes is
// UTF-8 with only XML characters, well-formed XML or valid JSON with unique ids, and has exactly the
// items the posts call for. A bounded number of runs keeps it fast; a failure prints its seed.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import fc from 'fast-check';
import yaml from 'js-yaml';
import { SnapshotStore } from '../../src/snapshot/store.js';
import { Rescanner } from '../../src/rescan/rescanner.js';
import { testConfig } from '../helpers/config.js';
import { checkDocuments, DocumentSet, entryIds } from '../helpers/feed-checks.js';
import { PostsDir } from '../helpers/posts-dir.js';
import { validateFeeds } from '../helpers/validate.js';

const NOW = Date.parse('2025-01-01T00:00:00Z');
const LIMIT = 5;
/** FC_RUNS=2000 npm test -- tests/property hunts longer; FC_SEED replays a failure. */
const RUNS = Number(process.env.FC_RUNS ?? 60);
const SEED = process.env.FC_SEED === undefined ? {} : { seed: Number(process.env.FC_SEED) };

const nasty = fc.constantFrom(
  ']]>',
  ']]]]>>',
  '<script>alert(1)</script>',
  '&amp;',
  '&',
  '<',
  '"\'',
  '\u0000',
  '\u0001\u0008\u000B\u000C\u001B\u007F\u0085',
  '\uFFFE\uFFFF',
  '\uD800',
  '\uDC00x',
  '😀👩\u200D💻🇨🇳',
  '\u202Eevil\u202C',
  'مرحبا بالعالم',
  'שלום',
  '常州日报',
  'ＡＢＣ',
  '---',
  '\n---\n',
  '...',
  ': ',
  '- ',
  '#',
  '%',
  '{[*&!|>',
  '\t',
  '\r\n',
  '',
  ' ',
);
/** Pieces of nasty and random text, any code point included (lone surrogates too). */
const text = fc
  .array(fc.oneof(nasty, fc.string({ unit: 'binary', maxLength: 12 }), fc.string({ unit: 'grapheme', maxLength: 12 })), { maxLength: 4 })
  .map((parts) => parts.join(''));
const scalar = fc.oneof(text, fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
/** What a field may hold: scalars, lists and maps, nested. */
const value: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('v'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(text, fc.constantFrom('name', 'title')), tie('v'), { maxKeys: 3 }),
  ),
})).v;

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
/** A date that reads, in one of the forms posts use; always before NOW. */
const goodDate = fc
  .tuple(fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2024-12-01T00:00:00Z'), noInvalidDate: true }), fc.nat(4))
  .map(([d, form]) => {
    const day = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
    const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
    return [d.toISOString(), `${day} ${time} +0800`, day, `${day} ${time} Z`, `${day}T${time}-05:30`][form] ?? day;
  });

interface PostInput {
  readonly title: unknown;
  readonly date: { readonly ok: true; readonly text: string } | { readonly ok: false; readonly text: string };
  readonly tags: unknown;
  readonly categories: unknown;
  readonly id: unknown;
  readonly draft: boolean;
  readonly body: string;
}

const post: fc.Arbitrary<PostInput> = fc.record({
  title: value,
  date: fc.oneof(
    { weight: 5, arbitrary: goodDate.map((t) => ({ ok: true as const, text: t })) },
    { weight: 1, arbitrary: text.map((t) => ({ ok: false as const, text: `not a date ${t}` })) },
  ),
  tags: value,
  categories: value,
  // A few shared ids, so duplicates are common; else anything.
  id: fc.oneof(fc.constantFrom(undefined, 'tag:news.example.cn,2024:same', 'same/path'), value),
  draft: fc.boolean(),
  // NUL bytes make a short file binary (tests/fixtures/hostile/ has both kinds); YAML escapes them.
  body: text.map((t) => t.replaceAll('\u0000', '')),
});

/** Front matter written by a YAML writer that quotes every string, so no value can end the block. */
function fileOf(p: PostInput): string {
  const data: Record<string, unknown> = { title: p.title, date: p.date.text, tags: p.tags, categories: p.categories };
  if (p.id !== undefined) data.id = p.id;
  if (p.draft) data.draft = true;
  return `---\n${yaml.dump(data, { forceQuotes: true, quotingType: '"', lineWidth: -1, noRefs: true })}---\n${p.body}\n`;
}

/** A post is published when its date reads and is past, and it is no draft. */
function isPublished(p: PostInput): boolean {
  return p.date.ok && !p.draft;
}

const validated = new DocumentSet();
const dirs: PostsDir[] = [];
after(() => {
  for (const d of dirs) d.cleanup();
});

test('random front matter: every feed well-formed, ids unique, the right number of items', async () => {
  let run = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(post, { minLength: 1, maxLength: 7 }), async (inputs) => {
      const posts = new PostsDir();
      dirs.push(posts);
      for (const [i, p] of inputs.entries()) posts.write(`p${i}.md`, fileOf(p));
      const store = new SnapshotStore();
      const result = await new Rescanner({ config: testConfig(posts.dir, { feeds: { limit: LIMIT } }), store, now: () => NOW }).trigger('property');
      assert.equal(result.ok, true);
      const snapshot = store.current;
      assert.ok(snapshot);

      const published = inputs.filter(isPublished).length;
      assert.equal(snapshot.posts, published);
      // Parses every document, checks characters and unique ids; the last runs are also validated.
      const docs = checkDocuments(snapshot, `run${run}-`, run++ >= RUNS - 10 ? validated : new DocumentSet());
      assert.ok(docs.size > 0);
      for (const file of ['/rss.xml', '/atom.xml', '/feed.json']) {
        const body: Buffer | undefined = snapshot.entries.get(file)?.body.bytes();
        assert.ok(body, file);
        assert.equal(entryIds(file, body).length, Math.min(LIMIT, published), file);
      }
      for (const scope of snapshot.scopes.filter((s) => s.kind !== 'site')) {
        assert.ok(scope.posts >= 1, `${scope.dir} has no post`);
        for (const file of ['rss.xml', 'atom.xml', 'feed.json']) {
          const body: Buffer | undefined = snapshot.entries.get(scope.dir + file)?.body.bytes();
          assert.ok(body, scope.dir + file);
          assert.equal(entryIds(file, body).length, Math.min(LIMIT, scope.posts), scope.dir + file);
        }
      }
      posts.cleanup();
    }),
    { numRuns: RUNS, ...SEED },
  );
});

test('the feeds of the last runs pass the feed validator', () => {
  assert.ok(validated.size > 0);
  const report = validateFeeds(validated.bodies);
  assert.ok(
    report.ok,
    report.output
      .split('\n')
      .filter((l) => /ERROR|error/.test(l))
      .slice(0, 30)
      .join('\n'),
  );
});
