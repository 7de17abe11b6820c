import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Problem } from '../../src/errors.js';
import type { Post, PostBody } from '../../src/posts/post.js';
import { readPost, type ReadResult } from '../../src/posts/read-post.js';
import type { ReadOptions } from '../../src/posts/options.js';
import { charClass, XML_FORBIDDEN } from '../../src/posts/text.js';
import { bodyText } from '../../src/render/content.js';
import { FOLDER_DEFAULTS } from '../helpers/read-options.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/posts');
const SITE = 'https://news.example.cn/';

const OPTIONS: ReadOptions = {
  timeZone: 'Asia/Shanghai',
  siteUrl: SITE,
  permalink: '/:categories/:year/:month/:day/:title/',
  markdown: ['md', 'markdown', 'txt'],
  ...FOLDER_DEFAULTS,
};

function fixture(name: string): Buffer {
  return readFileSync(path.join(FIXTURES, name));
}

function hashOf(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Reads `bytes` as the post at `rel` (the fixture's own name unless given). */
function read(name: string, options: Partial<ReadOptions> = {}, rel = name, bytes: Uint8Array = fixture(name)): ReadResult {
  return readPost({ path: rel, bytes, hash: hashOf(bytes) }, { ...OPTIONS, ...options });
}

/** The post, failing the test when the file was not published. */
function postOf(result: ReadResult): Post {
  if (result.kind !== 'post') assert.fail(`expected a post, got ${result.kind}: ${JSON.stringify(result.problems)}`);
  return result.post;
}

/** The body, kept beside the post. */
/** A body as text and format, to compare with what the file says. */
function bodyView(body: PostBody): { text: string; format: string } {
  return { text: bodyText(body), format: body.format };
}

function bodyOf(result: ReadResult): PostBody {
  if (result.kind !== 'post') assert.fail(`expected a post, got ${result.kind}: ${JSON.stringify(result.problems)}`);
  return result.body;
}

function problemsOf(result: ReadResult): readonly Problem[] {
  return result.problems;
}

describe('readPost: front-matter fields', () => {
  test('every field of a full post', () => {
    const bytes = fixture('full-front-matter.md');
    const result = read('full-front-matter.md');
    assert.deepEqual(bodyView(bodyOf(result)), { text: '## 检修经过\n\n大桥于去年十二月封闭，今天上午恢复通车。\n', format: 'markdown' });
    assert.deepEqual(
      { ...result, body: undefined },
      {
        kind: 'post',
        problems: [],
        body: undefined,
        post: {
          path: 'full-front-matter.md',
          hash: hashOf(bytes),
          title: '桥梁检修完成 & 通车',
          date: Date.UTC(2022, 2, 5, 6, 30),
          updated: Date.UTC(2022, 2, 6, 2, 0),
          categories: ['城市', 'Transport'],
          tags: ['桥梁', 'traffic'],
          author: { name: '陈晓', email: 'chen.xiao@news.example.cn', url: 'https://news.example.cn/authors/chen/' },
          excerpt: '检修历时三个月，今天恢复通车。',
          link: 'https://news.example.cn/%E5%9F%8E%E5%B8%82/transport/2022/03/05/full-front-matter/',
          id: 'tag:news.example.cn,2022:bridge-reopens',
          image: 'https://news.example.cn/images/bridge.jpg',
        },
      },
    );
  });

  test('date `+0800`, and the permalink takes its day in the site zone', () => {
    const post = postOf(read('date-plus0800.md'));
    assert.equal(post.date, Date.UTC(2022, 0, 11, 1, 13, 28));
    assert.equal(post.updated, post.date);
    assert.equal(post.link, 'https://news.example.cn/2022/01/11/date-plus0800/');
  });

  test('date with Z: the permalink day is the Shanghai day', () => {
    const post = postOf(read('date-zulu.md'));
    assert.equal(post.date, Date.UTC(2022, 0, 11, 1, 13, 28));
    assert.equal(post.link, 'https://news.example.cn/2022/01/11/date-zulu/');
  });

  test('a date-time without offset is read in the configured zone', () => {
    assert.equal(postOf(read('date-no-offset.md')).date, Date.UTC(2022, 0, 11, 1, 13, 28));
    assert.equal(postOf(read('date-no-offset.md', { timeZone: 'UTC' })).date, Date.UTC(2022, 0, 11, 9, 13, 28));
  });

  test('a date-only value is midnight in the configured zone, not UTC midnight', () => {
    const post = postOf(read('date-only.md'));
    assert.equal(new Date(post.date).toISOString(), '2022-01-10T16:00:00.000Z');
    assert.equal(post.link, 'https://news.example.cn/2022/01/11/date-only/');
  });

  test('no date in front matter: the YYYY-MM-DD- prefix of the file name, read in the zone', () => {
    const post = postOf(read('2022-01-11-date-from-file-name.md'));
    assert.equal(new Date(post.date).toISOString(), '2022-01-10T16:00:00.000Z');
    assert.equal(post.link, 'https://news.example.cn/2022/01/11/date-from-file-name/');
  });

  test('the file-name prefix is read in the zone, also in a subfolder', () => {
    const post = postOf(read('2022-01-11-date-from-file-name.md', { timeZone: 'America/New_York' }, '2022/2022-01-11-date-from-file-name.md'));
    assert.equal(post.date, Date.UTC(2022, 0, 11, 5, 0));
  });

  test('updated later than date', () => {
    assert.equal(postOf(read('full-front-matter.md')).updated, Date.UTC(2022, 2, 6, 2, 0));
  });

  test('last_modified_at is an alias of updated', () => {
    const result = read('last-modified-at.md');
    assert.equal(postOf(result).updated, Date.UTC(2022, 3, 2, 12, 15));
    assert.deepEqual(problemsOf(result), []);
  });

  test('updated earlier than date: a warning on its line, and updated = date', () => {
    const result = read('updated-before-date.md');
    const post = postOf(result);
    assert.equal(post.date, Date.UTC(2022, 4, 10, 2, 0));
    assert.equal(post.updated, post.date);
    assert.deepEqual(problemsOf(result), [
      {
        path: 'updated-before-date.md',
        line: 4,
        code: 'FW_POST_UPDATED_BEFORE_DATE',
        severity: 'warning',
        reason: 'updated is earlier than date; date is used for both: updated 2022-05-09 10:00:00 +0800',
      },
    ]);
  });

  test('an unreadable updated is a warning and ignored', () => {
    const result = read('bad-updated.md');
    const post = postOf(result);
    assert.equal(post.updated, post.date);
    assert.equal(problemsOf(result).length, 1);
    assert.deepEqual(
      problemsOf(result).map((p) => [p.code, p.severity, p.line]),
      [['FW_POST_BAD_DATE', 'warning', 4]],
    );
  });

  test('categories as a string are split on whitespace', () => {
    assert.deepEqual(postOf(read('categories-string.md')).categories, ['新闻', 'Tech', '本地']);
  });

  test('categories as a list are taken item by item', () => {
    assert.deepEqual(postOf(read('categories-list.md')).categories, ['城市 生活', 'Open Source', '新闻']);
  });

  test('singular category and tag win and are not split', () => {
    const post = postOf(read('category-singular.md'));
    assert.deepEqual(post.categories, ['常州 日报']);
    assert.deepEqual(post.tags, ['Machine Learning']);
  });

  test('tag scalars become strings; empty and repeated names go', () => {
    assert.deepEqual(postOf(read('tags-scalars.md')).tags, ['2022', 'true', '3.5', 'JavaScript', '春节']);
  });

  test('a map among the tags is left out with a warning on the tags line', () => {
    const result = read('tags-map.md');
    assert.deepEqual(postOf(result).tags, ['正常']);
    assert.deepEqual(problemsOf(result), [
      {
        path: 'tags-map.md',
        line: 4,
        code: 'FW_POST_BAD_FIELD',
        severity: 'warning',
        reason: 'a front matter field has a type that cannot be used: tags: {"name":"映射"} is not a name; left out',
      },
    ]);
  });

  test('author as a string', () => {
    assert.deepEqual(postOf(read('author-string.md')).author, { name: '林一' });
  });

  test('author as a map, with a relative url made absolute', () => {
    assert.deepEqual(postOf(read('full-front-matter.md')).author, {
      name: '陈晓',
      email: 'chen.xiao@news.example.cn',
      url: 'https://news.example.cn/authors/chen/',
    });
  });

  test('author as a list: a warning, and no author', () => {
    const result = read('author-list.md');
    assert.equal(postOf(result).author, undefined);
    assert.deepEqual(
      problemsOf(result).map((p) => [p.code, p.line]),
      [['FW_POST_BAD_FIELD', 4]],
    );
  });

  test('no author', () => {
    assert.equal(postOf(read('date-plus0800.md')).author, undefined);
  });

  test('excerpt', () => {
    assert.equal(postOf(read('full-front-matter.md')).excerpt, '检修历时三个月，今天恢复通车。');
  });

  test('description is the excerpt when there is none, before summary; whitespace folded and trimmed', () => {
    assert.equal(postOf(read('description-as-excerpt.md')).excerpt, '区里新开了一家社区图书馆， 周末也开放。');
  });

  test('summary is the excerpt when there is neither excerpt nor description', () => {
    assert.equal(postOf(read('summary-as-excerpt.md')).excerpt, 'The ferry now runs every twenty minutes.');
  });

  test('no excerpt', () => {
    assert.equal(postOf(read('date-plus0800.md')).excerpt, undefined);
  });

  test('an excerpt with inline tags in CJK text gets no spaces where the tags were', () => {
    assert.equal(postOf(read('excerpt-inline-html-cjk.md')).excerpt, '常州日报新闻');
  });

  test('an excerpt whose tags are stripped as HTML also has its entities decoded', () => {
    assert.equal(postOf(read('excerpt-entities.md')).excerpt, 'Rock & roll at the <old> theatre');
  });

  test('permalink in front matter wins over the site pattern', () => {
    assert.equal(postOf(read('permalink-custom.md')).link, 'https://news.example.cn/archive/2022/permalink-custom.html');
  });

  test('image: a path is resolved against the site', () => {
    assert.equal(postOf(read('full-front-matter.md')).image, 'https://news.example.cn/images/bridge.jpg');
  });

  test('image: {path} with a protocol-relative URL takes the site scheme', () => {
    assert.equal(postOf(read('image-protocol-relative.md')).image, 'https://cdn.example.cn/photos/lantern.png');
    assert.equal(postOf(read('image-protocol-relative.md', { siteUrl: 'http://news.example.cn/' })).image, 'http://cdn.example.cn/photos/lantern.png');
  });

  test('draft: true is excluded', () => {
    assert.deepEqual(read('draft.md'), { kind: 'excluded', why: 'draft', problems: [] });
  });

  test('published: false is excluded', () => {
    assert.deepEqual(read('unpublished.md'), { kind: 'excluded', why: 'unpublished', problems: [] });
  });
});

describe('readPost: title', () => {
  test('a number title becomes text', () => {
    const bytes = Buffer.from('---\ntitle: 2046\ndate: 2022-01-11\n---\n正文');
    assert.equal(postOf(read('x.md', {}, 'x.md', bytes)).title, '2046');
  });

  test("no title: Jekyll's titleized slug from the file name", () => {
    assert.equal(postOf(read('2022-01-11-no-title-given.md')).title, 'No Title Given');
  });

  test('a title that is a map: a warning on its line, and the file-name title', () => {
    const result = read('2022-01-11-title-is-a-map.md');
    assert.equal(postOf(result).title, 'Title Is A Map');
    assert.deepEqual(problemsOf(result), [
      {
        path: '2022-01-11-title-is-a-map.md',
        line: 2,
        code: 'FW_POST_BAD_FIELD',
        severity: 'warning',
        reason: 'a front matter field has a type that cannot be used: title: expected text, found a map; the file name is used',
      },
    ]);
  });

  test("no title: Jekyll's titleize capitalizes each word and lower-cases the rest (String#capitalize)", () => {
    assert.equal(postOf(read('front-matter-empty.md', {}, '2022-01-11-iOS-and-HTTP.md')).title, 'Ios And Http');
  });

  test('a file-name title never carries characters XML forbids', () => {
    const title = postOf(read('front-matter-empty.md', {}, '2022-01-11-\u0007.md')).title;
    assert.doesNotMatch(title, new RegExp(charClass(XML_FORBIDDEN)));
  });
});

describe('readPost: link and id', () => {
  test('link is the site URL plus the expanded permalink', () => {
    assert.equal(postOf(read('categories-string.md')).link, 'https://news.example.cn/%E6%96%B0%E9%97%BB/tech/%E6%9C%AC%E5%9C%B0/2022/01/11/categories-string/');
  });

  test('link keeps the path of a site URL with a base path', () => {
    assert.equal(postOf(read('date-plus0800.md', { siteUrl: 'https://example.cn/blog/' })).link, 'https://example.cn/blog/2022/01/11/date-plus0800/');
  });

  test('link follows the configured pattern', () => {
    assert.equal(postOf(read('date-plus0800.md', { permalink: '/:year/:slug:output_ext' })).link, 'https://news.example.cn/2022/date-plus0800.html');
  });

  test('id defaults to the link', () => {
    const post = postOf(read('date-plus0800.md'));
    assert.equal(post.id, post.link);
    assert.equal(post.id, 'https://news.example.cn/2022/01/11/date-plus0800/');
  });

  test('an id that is a path is resolved against the site URL', () => {
    assert.equal(postOf(read('id-path.md')).id, 'https://news.example.cn/posts/1024');
    assert.equal(postOf(read('id-path.md', { siteUrl: 'https://example.cn/blog/' })).id, 'https://example.cn/blog/posts/1024');
  });

  test('a tag: URI id is kept', () => {
    assert.equal(postOf(read('id-tag-uri.md')).id, 'tag:news.example.cn,2022:canal-market');
  });

  test('a urn: id is kept', () => {
    assert.equal(postOf(read('id-urn.md')).id, 'urn:uuid:6f1c2a9e-3b7d-4e21-9c55-0d2f8a7e1b34');
  });

  test('the id does not change when only the body text changes', () => {
    const before = fixture('date-plus0800.md');
    const after = Buffer.concat([before, Buffer.from('\n补充：早市周一休息。\n')]);
    const ra = read('date-plus0800.md', {}, 'date-plus0800.md', before);
    const rb = read('date-plus0800.md', {}, 'date-plus0800.md', after);
    const [a, b] = [postOf(ra), postOf(rb)];
    assert.notEqual(a.hash, b.hash);
    assert.notEqual(bodyText(bodyOf(ra)), bodyText(bodyOf(rb)));
    assert.equal(b.id, a.id);
    assert.equal(b.link, a.link);
  });
});

describe('readPost: body format', () => {
  test('.html bodies are html and pass through', () => {
    assert.deepEqual(bodyView(bodyOf(read('body.html'))), { text: '<p>这是一段 <b>HTML</b> 正文。</p>\n', format: 'html' });
  });

  test('.md, .markdown and .txt bodies are markdown', () => {
    assert.equal(bodyOf(read('date-plus0800.md')).format, 'markdown');
    assert.deepEqual(bodyView(bodyOf(read('body.markdown'))), { text: '**加粗**的文字。\n', format: 'markdown' });
    assert.deepEqual(bodyView(bodyOf(read('body.txt'))), { text: '*Plain* text files are Markdown.\n', format: 'markdown' });
  });

  test('the extension is matched without regard to case', () => {
    assert.equal(bodyOf(read('body.txt', {}, 'BODY.TXT')).format, 'markdown');
    assert.equal(bodyOf(read('body.html', {}, 'BODY.HTML')).format, 'html');
  });

  test('a BOM and CRLF line endings parse, and the body has LF endings', () => {
    const bytes = fixture('bom-crlf.md');
    // Guard: the fixture must keep its BOM and CRLFs for this test to mean anything.
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.ok(bytes.includes('\r\n'));
    const result = read('bom-crlf.md');
    const post = postOf(result);
    assert.equal(post.title, '带 BOM 和 CRLF');
    assert.equal(post.date, Date.UTC(2022, 0, 11, 1, 13, 28));
    assert.deepEqual(post.tags, ['Windows', '记事本']);
    assert.deepEqual(bodyView(bodyOf(result)), { text: '第一行\n第二行\n', format: 'markdown' });
    assert.deepEqual(problemsOf(result), []);
  });

  test('characters XML forbids are removed from the body', () => {
    const bytes = Buffer.from('---\ntitle: x\ndate: 2022-01-11\n---\nA\u0001B\uFFFEC 😀\n');
    assert.equal(bodyText(bodyOf(read('x.md', {}, 'x.md', bytes))), 'ABC 😀\n');
  });
});

describe('readPost: files that are not posts', () => {
  test('neither a front-matter date nor a file-name prefix: rejected with FW_POST_NO_DATE', () => {
    assert.deepEqual(read('no-date.md'), {
      kind: 'rejected',
      problems: [
        {
          path: 'no-date.md',
          line: 1,
          code: 'FW_POST_NO_DATE',
          severity: 'error',
          reason: 'no date in front matter and no YYYY-MM-DD- prefix in the file name',
        },
      ],
    });
  });

  test('a date that does not exist: rejected with FW_POST_BAD_DATE on its line', () => {
    assert.deepEqual(read('bad-date.md'), {
      kind: 'rejected',
      problems: [
        {
          path: 'bad-date.md',
          line: 3,
          code: 'FW_POST_BAD_DATE',
          severity: 'error',
          reason: 'the date cannot be read: day 30 does not exist in 2022-02',
        },
      ],
    });
  });

  test('a file-name prefix that is not a date: rejected with FW_POST_BAD_DATE', () => {
    const result = read('front-matter-empty.md', {}, '2022-13-45-x.md');
    assert.equal(result.kind, 'rejected');
    assert.deepEqual(
      problemsOf(result).map((p) => [p.code, p.reason]),
      [['FW_POST_BAD_DATE', 'the date cannot be read: file name: month 13 does not exist']],
    );
  });

  test('bad YAML: FW_POST_BAD_YAML with the 1-based line of the file', () => {
    const result = read('bad-yaml.md');
    assert.equal(result.kind, 'rejected');
    const [p, ...rest] = problemsOf(result);
    assert.deepEqual(rest, []);
    assert.equal(p?.code, 'FW_POST_BAD_YAML');
    assert.equal(p?.severity, 'error');
    assert.equal(p?.line, 6);
    assert.match(p?.reason ?? '', /^the front matter is not valid YAML: /);
  });

  test('bad YAML after a BOM and CRLFs is reported on the same line', () => {
    const crlf = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(fixture('bad-yaml.md').toString('utf8').replaceAll('\n', '\r\n'))]);
    const result = read('bad-yaml.md', {}, 'bad-yaml.md', crlf);
    assert.deepEqual(
      problemsOf(result).map((p) => [p.code, p.line]),
      [['FW_POST_BAD_YAML', 6]],
    );
  });

  test('front matter never closed: FW_POST_UNCLOSED_FRONT_MATTER', () => {
    assert.deepEqual(read('unclosed-front-matter.md'), {
      kind: 'rejected',
      problems: [
        {
          path: 'unclosed-front-matter.md',
          line: 1,
          code: 'FW_POST_UNCLOSED_FRONT_MATTER',
          severity: 'error',
          reason: 'the front matter is never closed by a line of ---',
        },
      ],
    });
  });

  test('no front matter: FW_POST_NO_FRONT_MATTER, a warning', () => {
    assert.deepEqual(read('no-front-matter.md'), {
      kind: 'rejected',
      problems: [
        {
          path: 'no-front-matter.md',
          line: 1,
          code: 'FW_POST_NO_FRONT_MATTER',
          severity: 'warning',
          reason: 'the file has no front matter, so it is not a post (as in Jekyll)',
        },
      ],
    });
  });

  test('an empty file: FW_POST_EMPTY', () => {
    assert.equal(fixture('empty.md').length, 0);
    assert.deepEqual(read('empty.md'), {
      kind: 'rejected',
      problems: [{ path: 'empty.md', code: 'FW_POST_EMPTY', severity: 'error', reason: 'the file is empty' }],
    });
  });

  test('front matter that is a YAML list: FW_POST_FRONT_MATTER_NOT_MAP', () => {
    assert.deepEqual(read('front-matter-list.md'), {
      kind: 'rejected',
      problems: [
        {
          path: 'front-matter-list.md',
          line: 2,
          code: 'FW_POST_FRONT_MATTER_NOT_MAP',
          severity: 'error',
          reason: 'the front matter is not a map of keys to values: found a list',
        },
      ],
    });
  });

  test('NUL bytes: FW_POST_BINARY when the bytes are not UTF-8 or mostly NULs; a stray NUL in text is removed', () => {
    const codes = (bytes: Buffer): string[] => problemsOf(read('date-plus0800.md', {}, 'date-plus0800.md', bytes)).map((p) => p.code);
    const text = fixture('date-plus0800.md');
    assert.deepEqual(codes(Buffer.concat([text, Buffer.from([0, 0xff])])), ['FW_POST_BINARY']);
    assert.deepEqual(codes(Buffer.from(text.toString('utf8'), 'utf16le')), ['FW_POST_BINARY']);
    const stray = read('date-plus0800.md', {}, 'date-plus0800.md', Buffer.concat([text, Buffer.from([0])]));
    assert.equal(stray.kind, 'post');
    assert.deepEqual(problemsOf(stray), []);
  });

  test('invalid UTF-8 keeps the post with a warning', () => {
    const bytes = Buffer.concat([fixture('date-plus0800.md'), Buffer.from([0xff, 0x0a])]);
    const result = read('date-plus0800.md', {}, 'date-plus0800.md', bytes);
    assert.equal(postOf(result).title, '运河边的早市');
    assert.deepEqual(
      problemsOf(result).map((p) => [p.code, p.severity]),
      [['FW_POST_INVALID_UTF8', 'warning']],
    );
  });
});
