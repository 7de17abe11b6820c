import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { compactOutcome, compactRecord } from '../../src/posts/compact-record.js';
import type { ReadOptions } from '../../src/posts/options.js';
import { hashBytes } from '../../src/posts/post-reader.js';
import { readPost } from '../../src/posts/read-post.js';
import type { FileRecord, ReadOutcome } from '../../src/posts/scanned-file.js';
import { collectGarbage } from '../helpers/gc.js';
import { FOLDER_DEFAULTS } from '../helpers/read-options.js';

const OPTIONS: ReadOptions = {
  timeZone: 'Asia/Shanghai',
  siteUrl: 'https://news.example.cn/',
  permalink: '/:categories/:year/:month/:day/:title/',
  markdown: ['md'],
  ...FOLDER_DEFAULTS,
};

/** A news post in the shape of the examples: a long CJK title, Chinese and Latin names, an HTML body. */
function file(i: number, extra = ''): string {
  return [
    '---',
    `title: "市政府召开第${i}次常务会议研究部署城市更新和老旧小区改造工作（第${i}期）"`,
    `date: 2024-03-${String((i % 28) + 1).padStart(2, '0')} 09:${String(i % 60).padStart(2, '0')}:00 +0800`,
    `categories: ["本地新闻", "section-${i % 7}"]`,
    `tags: ["城市更新", "topic-${i % 50}", "老旧小区改造工程", "topic-${(i * 7) % 50}"]`,
    extra,
    '---',
    `<p>${'会议指出，'.repeat(40)}</p> <http://example.org/${i}>`,
  ].join('\n');
}

function recordOf(rel: string, text: string): FileRecord {
  const bytes = Buffer.from(text);
  const hash = hashBytes(bytes);
  const read = readPost({ path: rel, bytes, hash }, OPTIONS);
  const result = read.kind === 'post' ? { kind: read.kind, post: read.post, problems: read.problems } : read;
  return { ...result, size: bytes.length, mtimeMs: 1_700_000_000_000.5, hash };
}

describe('compactRecord', () => {
  test('keeps every value of a post, an excluded file and a rejected one', () => {
    const records: [string, FileRecord][] = [
      ['2024/plain.html', recordOf('2024/plain.html', file(1))],
      [
        '2024/full.md',
        recordOf(
          '2024/full.md',
          file(
            2,
            'author: 李明\nauthors: [李明, Ann Lee]\nexcerpt: 摘要：会议研究部署了城市更新工作\nimage: /img/a.jpg\nid: urn:x:2\nenclosure: {url: /a.mp3, length: 100, type: audio/mpeg}',
          ),
        ),
      ],
      ['2024/warned.md', recordOf('2024/warned.md', file(3, 'image: 42'))],
      ['2024/draft.md', recordOf('2024/draft.md', file(4, 'draft: true'))],
      ['2024/rejected.md', recordOf('2024/rejected.md', '---\ntitle: [unclosed\n---\nbody')],
    ];
    assert.deepEqual(
      records.map(([, r]) => r.kind),
      ['post', 'post', 'post', 'excluded', 'rejected'],
    );
    for (const [rel, record] of records) assert.deepEqual(compactRecord(rel, record), record, rel);
  });

  test('a record without problems shares one empty list; one with problems keeps its own', () => {
    const a = compactRecord('a.md', recordOf('a.md', file(1)));
    const b = compactRecord('b.md', recordOf('b.md', file(2)));
    assert.equal(a.problems.length, 0);
    assert.equal(a.problems, b.problems);
    assert.throws(() => (a.problems as unknown[]).push(1), TypeError);
    const warned = recordOf('c.md', file(3, 'image: 42'));
    assert.equal(compactRecord('c.md', warned).problems, warned.problems);
    assert.equal(warned.problems.length, 1);
  });

  test('posts that name the same categories or tags, in the same order, share one frozen list', () => {
    const post = (record: FileRecord) => {
      if (record.kind !== 'post') assert.fail(record.kind);
      return record.post;
    };
    const a = post(compactRecord('a.md', recordOf('a.md', file(7))));
    const b = post(compactRecord('b.md', recordOf('b.md', file(14))));
    const c = post(compactRecord('c.md', recordOf('c.md', file(8))));
    assert.deepEqual(a.categories, ['本地新闻', 'section-0']);
    assert.equal(a.categories, b.categories);
    assert.notEqual(a.categories, c.categories);
    assert.deepEqual(c.categories, ['本地新闻', 'section-1']);
    assert.ok(Object.isFrozen(a.categories) && Object.isFrozen(a.tags));
    // A different order is a different list; NULs in names never make two lists one.
    const reordered = post(compactRecord('d.md', recordOf('d.md', file(7).replace('["本地新闻", "section-0"]', '["section-0", "本地新闻"]'))));
    assert.notEqual(reordered.categories, a.categories);
    const nul = post(compactRecord('e.md', recordOf('e.md', file(7).replace('["本地新闻", "section-0"]', '["本地新闻\\0section-0"]'))));
    assert.notEqual(nul.categories, a.categories);
  });

  test('an outcome is compacted only when it holds a result', () => {
    const record = recordOf('a.md', file(1));
    const read: ReadOutcome = { kind: 'read', record };
    const compact = compactOutcome('a.md', read);
    assert.deepEqual(compact, read);
    assert.notEqual(compact, read);
    const same: ReadOutcome = { kind: 'same', size: 1, mtimeMs: 2 };
    assert.equal(compactOutcome('a.md', same), same);
  });

  test('records kept compact hold well under two thirds of the memory the parser left them in', () => {
    // The heap is measured after full collections: what is kept, not how fast it was made.
    const count = 4_000;
    const texts = Array.from({ length: count }, (_, i) => [`2024/${i}.html`, file(i)] as const);
    const kept = (make: (rel: string, text: string) => FileRecord): number => {
      collectGarbage();
      const before = process.memoryUsage().heapUsed;
      const records = texts.map(([rel, text]) => make(rel, text));
      collectGarbage();
      const after = process.memoryUsage().heapUsed;
      assert.equal(records.length, count);
      return after - before;
    };
    const raw = kept(recordOf);
    const compact = kept((rel, text) => compactRecord(rel, recordOf(rel, text)));
    assert.ok(compact < raw * 0.67, `compact records hold ${compact} bytes, the parser's ${raw}`);
  });
});
