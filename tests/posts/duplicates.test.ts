// uniquePosts (src/posts/duplicates.ts): which post keeps a shared id, and that the new ids are stable.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { uniquePosts } from '../../src/posts/duplicates.js';
import type { Post } from '../../src/posts/post.js';

function post(path: string, date: string, id: string, link = `https://s.example/${path}/`): Post {
  const ms = Date.parse(date);
  return { path, hash: path, title: path, date: ms, updated: ms, categories: [], tags: [], author: undefined, excerpt: undefined, link, id, image: undefined };
}

test('posts without shared ids or links come back as they were, with no problem', () => {
  const posts = [post('a.md', '2024-01-01', 'urn:a'), post('b.md', '2024-01-02', 'urn:b')];
  const out = uniquePosts(posts);
  assert.deepEqual(out.problems, []);
  assert.ok(out.posts.every((p, i) => p === posts[i]));
});

test('the earliest post keeps a shared id, whatever the path order; the others get a stable one', () => {
  const old = post('z-old.md', '2020-01-01', 'tag:s.example,2020:x');
  const copy = post('a-copy.md', '2024-01-01', 'tag:s.example,2020:x');
  const out = uniquePosts([copy, old]);
  const [copyOut, oldOut] = out.posts;
  assert.equal(oldOut?.id, 'tag:s.example,2020:x');
  assert.match(copyOut?.id ?? '', /^tag:s\.example,2020:x#fw-[0-9a-f]{8}$/);
  // Stable: editing the copy (its hash, its title) or adding an unrelated post keeps its new id.
  const again = uniquePosts([{ ...copy, hash: 'edited', title: 'Edited' }, old, post('m.md', '2022-01-01', 'urn:m')]);
  assert.equal(again.posts[0]?.id, copyOut?.id);
  assert.deepEqual(
    out.problems.map((p) => [p.path, p.code]),
    [
      ['a-copy.md', 'FW_POST_DUPLICATE_ID'],
      ['z-old.md', 'FW_POST_DUPLICATE_ID'],
    ],
  );
});

test('three posts with one id get three distinct ids; an id with a fragment keeps one fragment', () => {
  const id = 'https://s.example/p/#top';
  const out = uniquePosts([post('a.md', '2024-01-01', id), post('b.md', '2024-01-01', id), post('c.md', '2024-01-01', id)]);
  const ids = out.posts.map((p) => p.id);
  assert.equal(new Set(ids).size, 3);
  assert.equal(ids[0], id);
  for (const other of ids.slice(1)) assert.match(other, /^https:\/\/s\.example\/p\/#top-fw-[0-9a-f]{8}$/);
  assert.ok(ids.every((i) => URL.canParse(i)));
});

test('a new id never takes one that another post already has', () => {
  const shared = post('b.md', '2024-01-02', 'urn:x');
  const first = uniquePosts([post('a.md', '2024-01-01', 'urn:x'), shared]);
  const squatter = post('c.md', '2024-01-03', first.posts[1]?.id ?? '');
  const out = uniquePosts([post('a.md', '2024-01-01', 'urn:x'), shared, squatter]);
  assert.equal(new Set(out.posts.map((p) => p.id)).size, 3);
  assert.equal(out.posts[2]?.id, squatter.id);
});

test('same link: both reported as duplicate links; the id made from the link is reported once, where it changed', () => {
  const link = 'https://s.example/same/';
  const out = uniquePosts([post('a.md', '2024-01-01', link, link), post('b.md', '2024-01-02', link, link)]);
  assert.deepEqual(
    out.problems.map((p) => [p.path, p.code]),
    [
      ['a.md', 'FW_POST_DUPLICATE_LINK'],
      ['b.md', 'FW_POST_DUPLICATE_LINK'],
      ['b.md', 'FW_POST_DUPLICATE_ID'],
    ],
  );
  assert.deepEqual(
    out.posts.map((p) => p.link),
    [link, link],
  );
});
