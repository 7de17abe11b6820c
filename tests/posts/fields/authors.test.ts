// readAuthors (src/posts/fields/authors.ts): every author a post names, the same person however named.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Author } from '../../../src/config/schema.js';
import { AUTHORS_PER_POST } from '../../../src/posts/fields/authors.js';
import { codes, postAndProblems, readText } from '../../helpers/read-text.js';

const PEOPLE: Record<string, Author> = {
  liming: { name: '李明', email: 'liming@news.example.cn', url: 'https://news.example.cn/about/liming/' },
  wangfang: { name: '王芳', email: 'wangfang@news.example.cn' },
};
const ON = { authorFeeds: true, authors: PEOPLE };

test('off (feeds.authors false): posts carry no authors, whatever they name', () => {
  const { post, problems } = postAndProblems(readText('title: 标题\nauthor: nobody-here', { authors: PEOPLE }));
  assert.equal(post.authors, undefined);
  assert.equal('authors' in post, false);
  assert.deepEqual(problems, []);
});

test('a key, a name and an address of the authors data are one person', () => {
  for (const front of ['author: liming', 'author: 李明', 'author: { name: 李老师, email: LiMing@news.example.cn }', 'authors: [李明]']) {
    const { post, problems } = postAndProblems(readText(`title: 标题\n${front}`, ON));
    assert.deepEqual(post.authors, [{ ...PEOPLE.liming, key: 'liming', known: true }], front);
    assert.deepEqual(problems, [], front);
  }
});

test('author and authors together, repeats once; a guest keeps the details the post gives', () => {
  const front = 'title: 标题\nauthor: wangfang\nauthors:\n  - liming\n  - 王芳\n  - name: 赵磊\n    url: /guests/zhaolei/\n    avatar: /img/zl.png';
  const { post } = postAndProblems(readText(front, ON));
  assert.deepEqual(
    post.authors?.map((a) => [a.key, a.name, a.known]),
    [
      ['wangfang', '王芳', true],
      ['liming', '李明', true],
      ['赵磊', '赵磊', false],
    ],
  );
  assert.equal(post.authors?.[2]?.url, 'https://news.example.cn/guests/zhaolei/');
  assert.equal(post.authors?.[2]?.avatar, 'https://news.example.cn/img/zl.png');
  // The item's own author is still jekyll-feed's: `author`, looked up in the data.
  assert.equal(post.author?.name, '王芳');
});

test('a key that is not in the data: published under the name as written, with one warning', () => {
  const { post, problems } = postAndProblems(readText('title: 标题\nauthor: limng', ON));
  assert.deepEqual(post.authors, [{ key: 'limng', known: false, name: 'limng' }]);
  assert.deepEqual(codes(problems), ['FW_POST_UNKNOWN_AUTHOR']);
  assert.equal(problems[0]?.line, 3);
  // A name that does not look like a key (a guest's) is no mistake; nor is any name without authors data.
  assert.deepEqual(codes(postAndProblems(readText('title: 标题\nauthor: 孙悦', ON)).problems), []);
  assert.deepEqual(codes(postAndProblems(readText('title: 标题\nauthor: limng', { authorFeeds: true })).problems), []);
});

test('a value that names nobody is a bad field; past the per-post limit the rest are left out', () => {
  // Reported once, whether the item's author (author.ts) reads the value too or not.
  assert.deepEqual(codes(postAndProblems(readText('title: 标题\nauthors: [[a, b]]', ON)).problems), ['FW_POST_BAD_FIELD']);
  assert.deepEqual(codes(postAndProblems(readText('title: 标题\nauthors: [李明, [a, b]]', ON)).problems), ['FW_POST_BAD_FIELD']);
  const many = Array.from({ length: AUTHORS_PER_POST + 5 }, (_, i) => `作者${i}`);
  const { post, problems } = postAndProblems(readText(`title: 标题\nauthors: [${many.join(', ')}]`, ON));
  assert.equal(post.authors?.length, AUTHORS_PER_POST);
  assert.deepEqual(codes(problems), ['FW_POST_OVER_LIMIT']);
});

test('10,000 people in the authors data: each post looks its authors up in an index made once', () => {
  const people = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`reporter${i}`, { name: `记者${i}`, email: `r${i}@news.example.cn` }]));
  const options = { authorFeeds: true, authors: people };
  for (let i = 0; i < 2000; i++) {
    const { post } = postAndProblems(readText(`title: 标题\nauthor: 记者${i * 5}`, options));
    assert.equal(post.authors?.[0]?.key, `reporter${i * 5}`);
  }
});

test('a name is cut to the length a category name may have: it titles feeds and names a folder', () => {
  const { post } = postAndProblems(readText(`title: 标题\nauthor: ${'长'.repeat(5000)}`, ON));
  assert.equal([...(post.authors?.[0]?.name ?? '')].length, 100);
});
