// The contract every feed format obeys, run against each of them by formats.test.ts.
import { describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { validateFeeds } from '../helpers/validate.js';
import { docFrom, type Doc, type SourcePost } from './models.js';

export interface ParsedItem {
  readonly id: string;
  readonly link: string;
  readonly title: string;
  readonly published: number;
  /** undefined where the format has no per-item updated time (RSS). */
  readonly updated: number | undefined;
}

export interface ParsedFeed {
  readonly title: string;
  /** The feed's own updated time; undefined where the format has none (JSON Feed). */
  readonly updated: number | undefined;
  readonly selfUrl: string;
  readonly items: readonly ParsedItem[];
}

export interface FormatUnderTest {
  readonly name: string;
  /** File name inside a scope's folder (rss.xml, atom.xml, feed.json). */
  readonly file: string;
  /** The whole document, as served. */
  readonly render: (doc: Doc) => string;
  /** Parses the output with a real parser; throws when it is not well-formed. */
  readonly parse: (output: string) => ParsedFeed;
}

const SITE = 'https://news.example.cn/';
const NOW = Date.UTC(2030, 0, 1);

// Six published posts and one in the future; two share a date (ties go by path); the oldest was
// updated last, so the feed's updated time is not the newest item's published time.
const SOURCES: readonly SourcePost[] = [
  { path: '2022-03-01-older.md', text: '---\ntitle: 旧闻\ndate: 2022-03-01 08:00:00 +0800\ncategories: 新闻\ntags: [C++]\n---\n旧闻正文。' },
  { path: 'same/b-tie.md', text: '---\ntitle: 同时发布乙\ndate: 2022-03-02 09:00:00 +0800\ntags: [C++]\n---\n乙。' },
  { path: 'same/a-tie.md', text: '---\ntitle: 同时发布甲\ndate: 2022-03-02 09:00:00 +0800\n---\n甲。' },
  {
    path: '2022-02-20-updated-last.md',
    text: '---\ntitle: Updated last\nupdated: 2022-03-10 12:00:00 +0800\nid: tag:news.example.cn,2022:updated-last\n---\nRevised.',
  },
  { path: '2022-03-03-newest.md', text: '---\ntitle: 最新消息\ndate: 2022-03-03T02:00:00Z\ntags: [C++]\n---\n<p>最新。</p>' },
  { path: '2022-03-04-Q&A-问答.md', text: '---\ntitle: Q&A：问答\ndate: 2022-03-04 10:00:00 +0800\n---\n问与答。' },
  { path: '2031-01-01-future.md', text: '---\ntitle: 未来\ntags: [C++]\n---\n还没到时间。' },
];

const EXPECTED_LINKS = [
  `${SITE}2022/03/04/Q&A-%E9%97%AE%E7%AD%94/`,
  `${SITE}2022/03/03/newest/`,
  `${SITE}2022/03/02/a-tie/`,
  `${SITE}2022/03/02/b-tie/`,
  `${SITE}%E6%96%B0%E9%97%BB/2022/03/01/older/`,
  `${SITE}2022/02/20/updated-last/`,
];
const EXPECTED_IDS = [...EXPECTED_LINKS.slice(0, 5), 'tag:news.example.cn,2022:updated-last'];
const EXPECTED_PUBLISHED = [
  Date.UTC(2022, 2, 4, 2),
  Date.UTC(2022, 2, 3, 2),
  Date.UTC(2022, 2, 2, 1),
  Date.UTC(2022, 2, 2, 1),
  Date.UTC(2022, 2, 1, 0),
  Date.UTC(2022, 1, 19, 16),
];
const EXPECTED_UPDATED = Date.UTC(2022, 2, 10, 4);

// Content and names that trip `feed` 6.0.0 (see feed-quirks.test.ts), for the validator.
const NASTY: readonly SourcePost[] = [
  {
    path: '2022-04-01-nasty.md',
    text: [
      '---',
      'title: "AT&amp;T 与 <R&D> 的 ]]> 标题"',
      'date: 2022-04-01 09:00:00 +0800',
      'categories: ["新\\u0001闻", "a<b"]',
      'tags: [常州日报新闻, C++, C#, C, "Q&A", "\\uFFFE"]',
      'author: 无邮箱作者',
      'image: //cdn.example.cn/p/lantern.png',
      '---',
      '第一段 ]]> 又一个 ]]> 结束，灯笼 🏮。\u0001\uFFFF',
      '',
      '<p><a href="//cdn.example.cn/x">协议相对</a> <img src="rel.png" srcset="a.png 1x, b.png 2x"></p>',
    ].join('\n'),
  },
  {
    path: '2022-04-02-with-mail.md',
    text: '---\ntitle: a < b & c\nauthor: {name: Li Lei, email: li.lei@news.example.cn}\ntags: [C++]\n---\n[相对](../x) 😀',
  },
];

/** Runs `fn` with the clock (Date) set to `time`. */
function at<T>(time: number, fn: () => T, t: TestContext): T {
  t.mock.timers.enable({ apis: ['Date'], now: time });
  try {
    return fn();
  } finally {
    t.mock.timers.reset();
  }
}

function scopeModel(sources: readonly SourcePost[], key: string): Doc {
  return docFrom(sources, key, NOW);
}

export function feedContract(format: FormatUnderTest): void {
  describe(`feed contract: ${format.name}`, () => {
    const site = scopeModel(SOURCES, 'site:');
    const out = format.render(site);
    const parsed = format.parse(out);

    test('every published post is an item; future posts are not', () => {
      assert.equal(parsed.items.length, 6);
      assert.deepEqual([...parsed.items.map((i) => i.title)].sort(), ['Q&A：问答', 'Updated last', '同时发布乙', '同时发布甲', '旧闻', '最新消息']);
    });

    test('newest first, equal dates by path', () => {
      assert.deepEqual(
        parsed.items.map((i) => i.link),
        EXPECTED_LINKS,
      );
      assert.deepEqual(
        parsed.items.map((i) => i.published),
        EXPECTED_PUBLISHED,
      );
    });

    test('links are absolute URLs on the site, exactly as the posts have them', () => {
      for (const item of parsed.items) assert.equal(new URL(item.link).href, item.link);
      assert.ok(parsed.items.every((i) => i.link.startsWith(SITE)));
    });

    test('ids are absolute (a scheme), front-matter ids kept', () => {
      assert.deepEqual(
        parsed.items.map((i) => i.id),
        EXPECTED_IDS,
      );
      for (const item of parsed.items) assert.match(item.id, /^[a-z][a-z0-9+.-]*:/);
    });

    test("the feed's updated time is the newest item's updated time", () => {
      const updated = parsed.updated ?? Math.max(...parsed.items.map((i) => i.updated ?? -Infinity));
      assert.equal(updated, EXPECTED_UPDATED);
    });

    test('the self URL is the feed’s own absolute URL', () => {
      assert.equal(parsed.selfUrl, `${SITE}${format.file}`);
    });

    test('a tag feed names its scope and links to itself', () => {
      const tag = format.parse(format.render(scopeModel(SOURCES, 'tag:c-plus-plus')));
      assert.equal(tag.title, '测试站 — 标签: C++');
      assert.equal(tag.selfUrl, `${SITE}tags/c-plus-plus/${format.file}`);
      assert.deepEqual(
        tag.items.map((i) => i.link),
        [`${SITE}2022/03/03/newest/`, `${SITE}2022/03/02/b-tie/`, `${SITE}%E6%96%B0%E9%97%BB/2022/03/01/older/`],
      );
    });

    test('no build time: the same model rendered years apart gives identical bytes', (t) => {
      const early = at(Date.UTC(2001, 0, 1), () => format.render(scopeModel(SOURCES, 'site:')), t);
      const late = at(Date.UTC(2029, 11, 31, 23, 59, 59), () => format.render(scopeModel(SOURCES, 'site:')), t);
      assert.equal(late, early);
      assert.equal(early, out);
    });

    test('an empty feed carries no build time either', (t) => {
      const early = at(Date.UTC(2001, 0, 1), () => format.render(scopeModel([], 'site:')), t);
      const late = at(Date.UTC(2029, 11, 31), () => format.render(scopeModel([], 'site:')), t);
      assert.equal(late, early);
      assert.equal(format.parse(early).items.length, 0);
    });

    test('the same posts read in another order give identical bytes', () => {
      assert.equal(format.render(scopeModel([...SOURCES].reverse(), 'site:')), out);
    });

    test('the feed validator finds no error in the site feed and in a feed of nasty posts', () => {
      const nasty = format.render(scopeModel(NASTY, 'site:'));
      const nastyTag = format.render(scopeModel(NASTY, 'tag:c-plus-plus'));
      const report = validateFeeds({ [`site-${format.file}`]: out, [`nasty-${format.file}`]: nasty, [`nasty-tag-${format.file}`]: nastyTag });
      assert.equal(report.errors, 0, report.output);
      assert.ok(report.ok, report.output);
    });

    test('the nasty feed keeps its text: title, tags and emoji', () => {
      const nasty = format.parse(format.render(scopeModel(NASTY, 'site:')));
      assert.deepEqual(
        nasty.items.map((i) => i.title),
        // Entities in a front-matter title are decoded, as readers of jekyll-feed's type="html" titles saw them.
        ['a < b & c', 'AT&T 与 <R&D> 的 ]]> 标题'],
      );
      assert.match(format.render(scopeModel(NASTY, 'site:')), /🏮/);
    });
  });
}
