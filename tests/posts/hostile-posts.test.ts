// Issue 6, posts that must not hurt: each fixture in tests/fixtures/hostile/ (or a case the setup makes:
// links, odd names, files that vanish) next to two good posts, through the real rescan. Each test checks
// the report (path, line, code, severity, reason), what of the fixture is published and how, that both
// good posts are still published, and that every feed parses with unique ids; the last test runs the
// feed validator over every document of every case.
import assert from 'node:assert/strict';
import fs, { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test, type TestContext } from 'node:test';
import type { ConfigInput } from '../../src/config/schema.js';
import type { ProblemCode, Severity } from '../../src/errors.js';
import { charClass, XML_DISCOURAGED, XML_FORBIDDEN } from '../../src/posts/text.js';
import type { Snapshot } from '../../src/snapshot/snapshot.js';
import { SnapshotStore } from '../../src/snapshot/store.js';
import { Rescanner, type RescanResult } from '../../src/rescan/rescanner.js';
import { testConfig } from '../helpers/config.js';
import { checkDocuments, DocumentSet, jsonItems, type JsonItem } from '../helpers/feed-checks.js';
import { PostsDir } from '../helpers/posts-dir.js';
import { validateFeeds } from '../helpers/validate.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/hostile');
const SITE = 'https://news.example.cn';
const NOW = Date.parse('2025-01-01T00:00:00Z');
const GOOD = ['Good one', 'Good two'];

interface Expected {
  readonly path: string;
  readonly line: number | undefined;
  readonly code: ProblemCode;
  readonly severity: Severity;
  readonly reason: RegExp;
}
const error = (file: string, line: number | undefined, code: ProblemCode, reason: RegExp): Expected => ({ path: file, line, code, severity: 'error', reason });
const warning = (file: string, line: number | undefined, code: ProblemCode, reason: RegExp): Expected => ({
  path: file,
  line,
  code,
  severity: 'warning',
  reason,
});

/** What a published fixture post looks like in the site's JSON Feed; `check` looks at the rest. */
interface Published {
  readonly title: string;
  readonly url?: string;
  readonly date?: string;
  readonly tags?: readonly string[];
  readonly check?: (item: JsonItem, snapshot: Snapshot) => void;
}

interface Case {
  readonly name: string;
  /** Fixture files copied beside the good posts. */
  readonly files?: readonly string[];
  /** Makes what a committed file cannot hold: links, names with newlines, files that vanish. */
  readonly setup?: (posts: PostsDir, t: TestContext) => void;
  readonly config?: ConfigInput;
  readonly problems: readonly Expected[];
  readonly published: readonly Published[];
}

const fixture = (file: string, problems: readonly Expected[], published: readonly Published[] = []): Case => ({
  name: file,
  files: [file],
  problems,
  published,
});
const NOT_XML = new RegExp(charClass([...XML_FORBIDDEN, ...XML_DISCOURAGED]));
const noControls = (item: JsonItem): void => assert.doesNotMatch(item.title + item.content_html, NOT_XML);
const isWireUrl = (url: string): void => {
  assert.equal(new URL(url).href, url, `${url} is not in its normal form`);
  assert.match(url, /^[\x21-\x7E]+$/, `${url} has characters that are not percent-encoded`);
};

const CASES: readonly Case[] = [
  // Front matter that does not work.
  fixture('bad-yaml.md', [error('bad-yaml.md', 5, 'FW_POST_BAD_YAML', /not valid YAML: missed comma between flow collection entries/)]),
  fixture('bad-yaml-indentation.md', [error('bad-yaml-indentation.md', 4, 'FW_POST_BAD_YAML', /bad indentation of a mapping entry/)]),
  fixture('unclosed-front-matter.md', [error('unclosed-front-matter.md', 1, 'FW_POST_UNCLOSED_FRONT_MATTER', /never closed/)]),
  fixture('empty.md', [error('empty.md', undefined, 'FW_POST_EMPTY', /the file is empty/)]),
  fixture('whitespace-only.md', [error('whitespace-only.md', undefined, 'FW_POST_EMPTY', /the file is empty/)]),
  // Its tag's feeds hold only this empty post: RSS must still declare the dc namespace of dc:creator.
  // No blank content_html (validators warn of blank content): the summary, empty too, as content_text.
  fixture(
    'only-front-matter.md',
    [],
    [{ title: 'Only front matter', tags: ['empty-body'], check: (item) => assert.deepEqual([item.content_html, item.content_text], [undefined, '']) }],
  ),
  fixture('no-front-matter.md', [warning('no-front-matter.md', 1, 'FW_POST_NO_FRONT_MATTER', /not a post \(as in Jekyll\)/)]),
  fixture('front-matter-is-a-list.md', [error('front-matter-is-a-list.md', 2, 'FW_POST_FRONT_MATTER_NOT_MAP', /found a list/)]),
  fixture('front-matter-is-a-string.md', [error('front-matter-is-a-string.md', 2, 'FW_POST_FRONT_MATTER_NOT_MAP', /found string/)]),

  // Bytes and encodings.
  fixture('utf8-bom.md', [], [{ title: 'BOM 开头', url: `${SITE}/2024/03/03/utf8-bom/` }]),
  fixture(
    'crlf-line-endings.md',
    [],
    [{ title: 'CRLF endings', tags: ['crlf'], check: (item) => assert.equal(item.content_html, '<p>Line one.</p>\n<p>Line two.</p>') }],
  ),
  fixture('crlf-bad-yaml.md', [error('crlf-bad-yaml.md', 5, 'FW_POST_BAD_YAML', /unexpected end of the stream within a flow collection/)]),
  fixture(
    'invalid-utf8.md',
    [warning('invalid-utf8.md', 7, 'FW_POST_INVALID_UTF8', /not valid UTF-8; invalid bytes were replaced/)],
    [{ title: 'Invalid UTF-8', check: (item) => assert.match(item.content_html ?? '', /Bad bytes: \uFFFD+\( end\./) }],
  ),
  fixture('binary-named-md.md', [error('binary-named-md.md', undefined, 'FW_POST_BINARY', /looks binary/)]),
  fixture('utf16-text.md', [error('utf16-text.md', undefined, 'FW_POST_BINARY', /looks binary/)]),
  fixture('nul-byte-in-body.md', [], [{ title: 'A stray NUL', check: (item) => assert.equal(item.content_html, '<p>Beforeafter, and a secondone.</p>') }]),
  {
    name: 'a file over the default size limit (5 MiB)',
    setup: (posts) => void posts.write('too-large.md', `---\ntitle: Huge\ndate: 2024-03-03\n---\n${'x'.repeat(5 * 1024 * 1024)}`),
    problems: [error('too-large.md', undefined, 'FW_POST_TOO_LARGE', /larger than posts\.maxBytes: 5242917 bytes, the limit is 5242880$/)],
    published: [],
  },

  // Text that breaks XML, HTML or JSON.
  fixture(
    'xml-breakers.md',
    [],
    [
      {
        // The title's script element is stripped and its entities decoded (posts/fields/title.ts).
        title: ']]> & < "quoted" &',
        tags: ['<b>bold</b>', 'a&b'],
        check: (item, s) => {
          assert.match(item.content_html ?? '', /a &lt; b &amp; c &gt; d, \]\]&gt; and again \]\]&gt;/);
          assert.ok((item.content_html ?? '').includes('<p title="x]]>y">]]></p>'));
          // The HTML pages that list the post and its tags show the title and names as text.
          const pages = [...s.entries.values()].filter((e) => e.contentType.startsWith('text/html'));
          assert.ok(pages.length > 0);
          for (const page of pages) {
            const html = page.body.bytes().toString('utf8');
            assert.ok(!html.includes('<script>alert(1)</script>') && !html.includes('<b>bold</b>'), `${page.path} has raw markup from a title or tag`);
          }
        },
      },
    ],
  ),
  fixture('control-characters.md', [], [{ title: 'Belland tab', tags: ['tagone'], check: noControls }]),
  fixture(
    'emoji-and-rtl.md',
    [],
    [
      {
        title: '👩\u200d💻 مرحبا بالعالم 🎉 \u202Eevil\u202C שלום',
        tags: ['עברית', '🏳️\u200d🌈'],
        check: (item) => assert.ok((item.content_html ?? '').includes('👨\u200d👩\u200d👧\u200d👦 𝒳 🇨🇳')),
      },
    ],
  ),
  fixture(
    'title-10000-characters.md',
    [warning('title-10000-characters.md', 2, 'FW_POST_OVER_LIMIT', /title: 10000 characters, cut to 500/)],
    [
      {
        // Cut at the last word break within 499 characters, then the ellipsis.
        title: `${'Long title 长标题 '.repeat(34).slice(0, 494)}…`,
        check: (item) => assert.ok([...item.title].length <= 500),
      },
    ],
  ),

  // Fields of the wrong type.
  fixture('title-is-a-number.md', [], [{ title: '2024' }]),
  fixture('title-is-a-boolean.md', [], [{ title: 'false' }]),
  fixture('title-is-null.md', [], [{ title: 'Title Is Null' }]),
  fixture(
    'title-is-a-map.md',
    [warning('title-is-a-map.md', 2, 'FW_POST_BAD_FIELD', /title: expected text, found a map; the file name is used/)],
    [{ title: 'Title Is A Map' }],
  ),
  fixture('title-is-a-list.md', [warning('title-is-a-list.md', 2, 'FW_POST_BAD_FIELD', /title: expected text, found a list/)], [{ title: 'Title Is A List' }]),
  fixture('tags-numbers-booleans-null.md', [], [{ title: 'Scalar tags', tags: ['42', '3.14', 'true', 'false', 'scalar'] }]),
  fixture(
    'tags-list-of-maps.md',
    [
      warning('tags-list-of-maps.md', 4, 'FW_POST_BAD_FIELD', /tags: \{"name":"a"\} is not a name; left out/),
      warning('tags-list-of-maps.md', 4, 'FW_POST_BAD_FIELD', /tags: \{"name":"b","slug":"b"\} is not a name/),
    ],
    [{ title: 'Tags as maps', tags: ['kept'] }],
  ),
  fixture(
    'categories-nested-map.md',
    [warning('categories-nested-map.md', 4, 'FW_POST_BAD_FIELD', /categories: \{"news":\{"sub":"deep"\}\} is not a name/)],
    [{ title: 'Nested categories', tags: [], url: `${SITE}/2024/03/03/categories-nested-map/` }],
  ),
  fixture(
    'categories-a-number.md',
    [],
    [
      {
        title: 'Numeric category',
        tags: ['2024'],
        url: `${SITE}/2024/2024/03/03/categories-a-number/`,
        check: (_, s) => assert.ok(s.entries.has('/categories/2024/atom.xml')),
      },
    ],
  ),
  fixture(
    'tags-500.md',
    [warning('tags-500.md', 4, 'FW_POST_OVER_LIMIT', /tags: 500 names; the first 100 are kept/)],
    [
      {
        title: 'Five hundred tags',
        check: (item, s) => {
          assert.equal(item.tags?.length, 100);
          assert.ok(s.entries.has('/tags/t100/rss.xml'));
          assert.ok(!s.entries.has('/tags/t101/rss.xml'));
        },
      },
    ],
  ),
  fixture(
    'tag-name-300-characters.md',
    [warning('tag-name-300-characters.md', 4, 'FW_POST_OVER_LIMIT', /tags: names cut to 100 characters: 1/)],
    [
      {
        title: 'A very long tag',
        tags: [`${'标签'.repeat(50).slice(0, 99)}…`],
        check: (_, s) => assert.ok([...s.entries.keys()].every((p) => encodeURI(p).length < 1000)),
      },
    ],
  ),
  fixture(
    'tag-only-punctuation.md',
    [],
    [
      {
        title: 'Punctuation tags',
        tags: ['+++', '!!!', '・・・'],
        check: (_, s) => {
          const tagDirs = s.scopes.filter((sc) => sc.kind === 'tag').map((sc) => sc.slug);
          assert.ok(tagDirs.includes('plus-plus-plus'));
          // Names with no letter or digit get a hashed slug each, never one shared feed.
          assert.equal(tagDirs.filter((slug) => /^_[0-9a-f]{8}$/.test(slug)).length, 2);
        },
      },
    ],
  ),
  {
    name: 'tag-full-width.md + tag-lower-case.md: ＡＢＣ and abc are one scope',
    files: ['tag-full-width.md', 'tag-lower-case.md'],
    problems: [],
    published: [
      { title: 'Full width', tags: ['ＡＢＣ'] },
      {
        title: 'Lower case',
        tags: ['abc'],
        check: (_, s) =>
          assert.deepEqual(
            jsonItems(s, '/tags/abc/feed.json').map((i) => i.title),
            ['Lower case', 'Full width'],
          ),
      },
    ],
  },

  // Dates.
  fixture('date-invalid-unquoted.md', [error('date-invalid-unquoted.md', 3, 'FW_POST_BAD_DATE', /month 13 does not exist/)]),
  fixture('date-invalid-quoted.md', [error('date-invalid-quoted.md', 3, 'FW_POST_BAD_DATE', /month 13 does not exist/)]),
  fixture('date-impossible-offset-unquoted.md', [error('date-impossible-offset-unquoted.md', 3, 'FW_POST_BAD_DATE', /"\+2500" is not a UTC offset/)]),
  fixture('date-impossible-offset-quoted.md', [error('date-impossible-offset-quoted.md', 3, 'FW_POST_BAD_DATE', /"\+14:30" is not a UTC offset/)]),
  fixture('date-is-a-number.md', [error('date-is-a-number.md', 3, 'FW_POST_BAD_DATE', /expected a date, found number 20220111/)]),
  fixture('date-year-0999.md', [error('date-year-0999.md', 3, 'FW_POST_BAD_DATE', /year 999 is outside 1000-9999/)]),
  fixture('date-year-1000.md', [], [{ title: 'Year 1000', date: '1000-01-01T12:00:00.000Z', url: `${SITE}/1000/01/01/date-year-1000/` }]),
  // In the future: not published, and nothing to report (it is how posts are scheduled).
  fixture('date-year-9999.md', [], []),
  fixture(
    'updated-before-date.md',
    [warning('updated-before-date.md', 4, 'FW_POST_UPDATED_BEFORE_DATE', /updated 2024-03-01 10:00:00 \+0800/)],
    [{ title: 'Updated before date', check: (item) => assert.equal(item.date_modified, item.date_published) }],
  ),
  // timezone is Asia/Shanghai (UTC+8): a bare date is midnight there, the evening before in UTC.
  fixture('date-only-shanghai.md', [], [{ title: 'Date only', date: '2022-01-10T16:00:00.000Z', url: `${SITE}/2022/01/11/date-only-shanghai/` }]),
  fixture(
    'date-only-shanghai-quoted.md',
    [],
    [{ title: 'Date only quoted', date: '2022-01-11T16:00:00.000Z', url: `${SITE}/2022/01/12/date-only-shanghai-quoted/` }],
  ),
  fixture(
    'date-before-midnight-shanghai.md',
    [],
    [{ title: 'Before midnight', date: '2022-01-11T15:59:59.000Z', url: `${SITE}/2022/01/11/date-before-midnight-shanghai/` }],
  ),
  // A space before Z is a valid YAML timestamp (Hugo reads it as year 1).
  fixture('date-space-before-z-unquoted.md', [], [{ title: 'Space before Z', date: '2022-01-11T01:13:28.000Z' }]),
  fixture('date-space-before-z-quoted.md', [], [{ title: 'Space before Z quoted', date: '2022-01-11T01:13:28.000Z' }]),

  // Duplicates: both published, both reported, ids made unique.
  {
    name: 'duplicate-id-first.md + duplicate-id-second.md',
    files: ['duplicate-id-first.md', 'duplicate-id-second.md'],
    problems: [
      warning(
        'duplicate-id-first.md',
        undefined,
        'FW_POST_DUPLICATE_ID',
        /tag:news\.example\.cn,2024:same, also the id of duplicate-id-second\.md; this post keeps it/,
      ),
      warning(
        'duplicate-id-second.md',
        undefined,
        'FW_POST_DUPLICATE_ID',
        /also the id of duplicate-id-first\.md; this post is published with id tag:news\.example\.cn,2024:same#fw-[0-9a-f]{8}$/,
      ),
    ],
    published: [
      { title: 'Same id, first', check: (item) => assert.equal(item.id, 'tag:news.example.cn,2024:same') },
      { title: 'Same id, second', check: (item) => assert.match(item.id, /^tag:news\.example\.cn,2024:same#fw-[0-9a-f]{8}$/) },
    ],
  },
  {
    name: 'duplicate-permalink-a.md + duplicate-permalink-b.md',
    files: ['duplicate-permalink-a.md', 'duplicate-permalink-b.md'],
    problems: [
      warning(
        'duplicate-permalink-a.md',
        undefined,
        'FW_POST_DUPLICATE_LINK',
        /https:\/\/news\.example\.cn\/same\/, also the link of duplicate-permalink-b\.md/,
      ),
      warning('duplicate-permalink-b.md', undefined, 'FW_POST_DUPLICATE_LINK', /also the link of duplicate-permalink-a\.md/),
      warning(
        'duplicate-permalink-b.md',
        undefined,
        'FW_POST_DUPLICATE_ID',
        /this post is published with id https:\/\/news\.example\.cn\/same\/#fw-[0-9a-f]{8}/,
      ),
    ],
    published: [
      { title: 'Same permalink A', url: `${SITE}/same/`, check: (item) => assert.equal(item.id, `${SITE}/same/`) },
      { title: 'Same permalink B', url: `${SITE}/same/`, check: (item) => assert.match(item.id, /\/same\/#fw-[0-9a-f]{8}$/) },
    ],
  },

  // File names and permalinks that need escaping: links are valid, percent-encoded URLs.
  fixture('name with spaces.md', [], [{ title: 'Spaces in the name', url: `${SITE}/2024/03/04/name-with-spaces/`, check: (i) => isWireUrl(i.url) }]),
  fixture(
    '2024-03-04-春节快乐.md',
    [],
    [{ title: '春节快乐', url: `${SITE}/2024/03/04/%E6%98%A5%E8%8A%82%E5%BF%AB%E4%B9%90/`, check: (i) => isWireUrl(i.url) }],
  ),
  fixture('hash#in-name.md', [], [{ title: 'Hash in the name', url: `${SITE}/2024/03/04/hash-in-name/`, check: (i) => isWireUrl(i.url) }]),
  fixture('100%-done.md', [], [{ title: 'Percent in the name', url: `${SITE}/2024/03/04/100-done/`, check: (i) => isWireUrl(i.url) }]),
  fixture(
    'permalink-with-spaces-and-percent.md',
    [],
    [{ title: 'Odd permalink', url: `${SITE}/a%20b/100%25/%E4%B8%AD%E6%96%87/`, check: (i) => isWireUrl(i.url) }],
  ),
  // Issue 23: a post's own `permalink: /:title/../../../../etc/` gave every such post the link /etc/, and a
  // category `..` climbed out of the site's path. Dots are sanitised as Jekyll does: each keeps its own link.
  {
    name: 'dots in a permalink, a title or a category never climb',
    setup: (posts) => {
      for (const name of ['climb-a', 'climb-b'])
        posts.post(`${name}.md`, { title: name, date: '2024-03-04 10:00:00 +0800', extra: 'permalink: /:title/../../../../etc/' });
      posts.post('2024-03-04-...md', { title: 'Dots only', date: '2024-03-04 11:00:00 +0800', extra: 'permalink: /:title/x/' });
      posts.post('2024-03-04-up.md', { title: 'Category up', date: '2024-03-04 12:00:00 +0800', categories: ['..', '../../outside'] });
    },
    config: { site: { url: `${SITE}/blog/` } },
    problems: [
      warning('climb-a.md', 4, 'FW_POST_PERMALINK_DOTS', /removed as Jekyll removes them: "\/:title\/\.\.\/\.\.\/\.\.\/\.\.\/etc\/" gives "\/climb-a\/etc\/"/),
      warning('climb-b.md', 4, 'FW_POST_PERMALINK_DOTS', /gives "\/climb-b\/etc\/"/),
    ],
    published: [
      { title: 'climb-a', url: `${SITE}/blog/climb-a/etc/` },
      { title: 'climb-b', url: `${SITE}/blog/climb-b/etc/` },
      { title: 'Dots only', url: `${SITE}/blog/x/` },
      { title: 'Category up', url: `${SITE}/blog/outside/2024/03/04/up/` },
    ],
  },
  {
    name: 'a newline in a file name',
    setup: (posts) => void posts.post('line\nbreak.md', { title: 'Newline in the name', date: '2024-03-04 10:00:00 +0800' }),
    problems: [],
    published: [{ title: 'Newline in the name', url: `${SITE}/2024/03/04/line-break/`, check: (i) => isWireUrl(i.url) }],
  },

  // Symbolic links.
  {
    name: 'a link to a file inside the posts folder is followed',
    setup: (posts) => {
      posts.post('_shared/linked-target.md', { title: 'Reached through a link', date: '2024-03-04 10:00:00 +0800' });
      symlinkSync('_shared/linked-target.md', posts.path('linked-inside.md'));
    },
    problems: [],
    published: [{ title: 'Reached through a link', url: `${SITE}/2024/03/04/linked-inside/` }],
  },
  {
    name: 'a link to a file outside the posts folder is reported and not followed',
    setup: (posts) => {
      const outside = mkdtempSync(path.join(os.tmpdir(), 'fw-outside-'));
      writeFileSync(path.join(outside, 'secret.md'), '---\ntitle: Outside\ndate: 2024-03-04\n---\nsecret');
      symlinkSync(path.join(outside, 'secret.md'), posts.path('linked-outside.md'));
    },
    problems: [warning('linked-outside.md', undefined, 'FW_POST_SYMLINK_OUTSIDE', /points outside the posts folder/)],
    published: [],
  },
  {
    name: 'links that loop or point nowhere are reported',
    setup: (posts) => {
      symlinkSync('loop.md', posts.path('loop.md'));
      symlinkSync('pong.md', posts.path('ping.md'));
      symlinkSync('ping.md', posts.path('pong.md'));
      symlinkSync('missing.md', posts.path('dangling.md'));
    },
    problems: [
      error('dangling.md', undefined, 'FW_POST_SYMLINK_LOOP', /ENOENT/),
      error('loop.md', undefined, 'FW_POST_SYMLINK_LOOP', /ELOOP/),
      error('ping.md', undefined, 'FW_POST_SYMLINK_LOOP', /ELOOP/),
      error('pong.md', undefined, 'FW_POST_SYMLINK_LOOP', /ELOOP/),
    ],
    published: [],
  },
  {
    name: 'folder links: to a folder walked anyway (once), to a parent (no loop), to a hidden folder (followed)',
    setup: (posts) => {
      posts.post('sub/2024-03-05-in-sub.md', { title: 'In sub' });
      symlinkSync('sub', posts.path('again'));
      symlinkSync('..', posts.path('sub/up'));
      posts.post('_hidden/2024-03-05-hidden.md', { title: 'Hidden' });
      symlinkSync('_hidden', posts.path('more'));
    },
    problems: [],
    published: [{ title: 'In sub' }, { title: 'Hidden' }],
  },

  // Files that change between listing and reading (the read is intercepted to make it deterministic).
  {
    name: 'a file deleted between listing and reading',
    setup: (posts, t) => {
      posts.post('vanishing.md', { title: 'Vanishing' });
      interceptRead(t, 'vanishing.md', () => void rmSync(posts.path('vanishing.md')));
    },
    problems: [error('vanishing.md', undefined, 'FW_POST_UNREADABLE', /ENOENT/)],
    published: [],
  },
  {
    name: 'a file made unreadable between listing and reading',
    setup: (posts, t) => {
      posts.post('locked.md', { title: 'Locked' });
      interceptRead(t, 'locked.md', () => makeUnreadable(posts.path('locked.md')));
    },
    problems: [error('locked.md', undefined, 'FW_POST_UNREADABLE', /EACCES/)],
    published: [],
  },
];

/**
 * Runs `before` just before the scan reads `name`, so the change happens between listing and reading;
 * when `before` returns an error, the read fails with it.
 */
function interceptRead(t: TestContext, name: string, before: () => Error | undefined): void {
  // The scan opens each file with openSync and reads it into one shared buffer.
  const open = fs.openSync as (...args: unknown[]) => number;
  t.mock.method(fs, 'openSync', (file: unknown, ...rest: unknown[]) => {
    const failure = typeof file === 'string' && path.basename(file) === name ? before() : undefined;
    if (failure) throw failure;
    return open(file, ...rest);
  });
}

/** chmod 000 stops every user but root; as root (containers, CI) the read fails as it would for others. */
function makeUnreadable(file: string): Error | undefined {
  chmodSync(file, 0);
  if (process.getuid?.() !== 0) return undefined;
  return Object.assign(new Error(`EACCES: permission denied, open '${file}'`), { code: 'EACCES' });
}

function writeGoodPosts(posts: PostsDir): void {
  posts.post('2024-03-01-good-one.md', { title: 'Good one', date: '2024-03-01 09:00:00 +0800', categories: 'news', tags: ['good'] });
  posts.post('2024-03-02-good-two.md', { title: 'Good two', date: '2024-03-02 09:00:00 +0800', categories: 'news', tags: ['good', '好'] });
}

async function rescanCase(c: Case, t: TestContext): Promise<{ result: RescanResult; snapshot: Snapshot }> {
  const posts = new PostsDir();
  after(() => posts.cleanup());
  writeGoodPosts(posts);
  for (const file of c.files ?? []) posts.write(file, readFileSync(path.join(FIXTURES, file)));
  c.setup?.(posts, t);
  const store = new SnapshotStore();
  const result = await new Rescanner({ config: testConfig(posts.dir, c.config), store, now: () => NOW }).trigger('test');
  assert.ok(store.current, 'a snapshot is built');
  return { result, snapshot: store.current };
}

function assertProblems(result: RescanResult, expected: readonly Expected[]): void {
  const shape = (p: { path: string; line?: number | undefined; code: string; severity: string }): unknown[] => [p.path, p.line, p.code, p.severity];
  assert.deepEqual(result.problems.map(shape), expected.map(shape), JSON.stringify(result.problems, null, 1));
  for (const [i, p] of result.problems.entries()) assert.match(p.reason, expected[i]?.reason ?? /^$/);
}

function assertPublished(snapshot: Snapshot, published: readonly Published[]): void {
  const items = jsonItems(snapshot, '/feed.json');
  assert.deepEqual(items.map((i) => i.title).sort(), [...GOOD, ...published.map((p) => p.title)].sort());
  assert.deepEqual(
    jsonItems(snapshot, '/tags/good/feed.json').map((i) => i.title),
    ['Good two', 'Good one'],
  );
  for (const p of published) {
    const item = items.find((i) => i.title === p.title);
    assert.ok(item, p.title);
    if (p.url !== undefined) assert.equal(item.url, p.url);
    if (p.date !== undefined) assert.equal(item.date_published, p.date);
    if (p.tags !== undefined) assert.deepEqual(item.tags ?? [], p.tags);
    p.check?.(item, snapshot);
  }
}

describe('hostile posts beside good ones', () => {
  const documents = new DocumentSet();

  test('every fixture file is used by a case', () => {
    const used = new Set(CASES.flatMap((c) => c.files ?? []));
    assert.deepEqual(
      readdirSync(FIXTURES).filter((f) => !used.has(f)),
      [],
    );
  });

  CASES.forEach((c, n) => {
    test(c.name, async (t) => {
      const { result, snapshot } = await rescanCase(c, t);
      assert.equal(result.ok, true);
      assertProblems(result, c.problems);
      assertPublished(snapshot, c.published);
      checkDocuments(snapshot, `case${n}`, documents);
    });
  });

  test('a file that cannot be read for a moment keeps the version read before', async (t) => {
    const posts = new PostsDir();
    after(() => posts.cleanup());
    writeGoodPosts(posts);
    posts.post('flaky.md', { title: 'Flaky, first version', date: '2024-03-03 09:00:00 +0800' });
    const store = new SnapshotStore();
    const rescanner = new Rescanner({ config: testConfig(posts.dir), store, now: () => NOW });
    await rescanner.trigger('first');
    posts.post('flaky.md', { title: 'Flaky, second version', date: '2024-03-03 09:00:00 +0800' });
    interceptRead(t, 'flaky.md', () => makeUnreadable(posts.path('flaky.md')));
    const result = await rescanner.trigger('second');
    assertProblems(result, [warning('flaky.md', undefined, 'FW_POST_UNREADABLE', /EACCES; the version read before is kept/)]);
    assert.ok(store.current);
    assertPublished(store.current, [{ title: 'Flaky, first version' }]);
  });

  test('all fixtures in one folder: the same reports, every good post published', async (t) => {
    const files = CASES.flatMap((c) => c.files ?? []);
    const all: Case = { name: 'all', files, problems: [], published: [] };
    const { result, snapshot } = await rescanCase(all, t);
    const expected = CASES.filter((c) => c.files).flatMap((c) => c.problems);
    const key = (p: { path: string; line?: number | undefined; code: string }): string => `${p.path}:${p.line ?? ''}:${p.code}`;
    assert.deepEqual(result.problems.map(key).sort(), expected.map(key).sort());
    const titles = jsonItems(snapshot, '/feed.json').map((i) => i.title);
    assert.equal(titles.length, 20, 'feeds.limit items');
    assert.ok(snapshot.posts > 20);
    assert.deepEqual(
      jsonItems(snapshot, '/tags/good/feed.json').map((i) => i.title),
      ['Good two', 'Good one'],
    );
    checkDocuments(snapshot, 'all', documents);
  });

  test('every feed of every case validates', () => {
    assert.ok(documents.size > 300, `only ${documents.size} documents`);
    const report = validateFeeds(documents.bodies);
    assert.ok(
      report.ok,
      report.output
        .split('\n')
        .filter((l) => /error|ERROR/.test(l))
        .slice(0, 40)
        .join('\n'),
    );
  });
});

// Not a fixture: made here because a folder that must not be read cannot be committed. The listing is
// intercepted, as root reads any folder.
test('a sub-folder that cannot be read is one problem; what was read in it before stays published', async (t) => {
  const posts = new PostsDir();
  after(() => posts.cleanup());
  writeGoodPosts(posts);
  mkdirSync(posts.path('closed'));
  posts.post('closed/inside.md', { title: 'Inside' });
  const readdir = fs.readdirSync as (...args: unknown[]) => unknown;
  let closed = true;
  t.mock.method(fs, 'readdirSync', (dir: unknown, ...rest: unknown[]) => {
    if (closed && typeof dir === 'string' && path.basename(dir) === 'closed') throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    return readdir(dir, ...rest);
  });
  const store = new SnapshotStore();
  const rescanner = new Rescanner({ config: testConfig(posts.dir), store, now: () => NOW });
  const first = await rescanner.trigger('never read');
  const closedProblem = error(
    'closed',
    undefined,
    'FW_POST_UNREADABLE',
    /^the file could not be read: folder: EACCES; what earlier rescans read in it stays published$/,
  );
  assertProblems(first, [closedProblem]);
  assert.ok(store.current);
  assertPublished(store.current, []);

  closed = false;
  assertProblems(await rescanner.trigger('readable'), []);
  closed = true;
  const again = await rescanner.trigger('closed again');
  assertProblems(again, [closedProblem]);
  assertPublished(store.current, [{ title: 'Inside' }]);
});
