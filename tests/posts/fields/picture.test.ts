// readPicture (src/posts/fields/picture.ts): jekyll-seo-tag's image map beyond its URL.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { codes, postAndProblems, readText, SITE } from '../../helpers/read-text.js';

test('path, alt, width and height; the image URL as it always was', () => {
  const { post, problems } = postAndProblems(readText('title: 标题\nimage:\n  path: /images/a.jpg\n  alt: 公交车驶过专用道\n  width: 1200\n  height: "800"'));
  assert.deepEqual(problems, []);
  assert.equal(post.image, `${SITE}images/a.jpg`);
  assert.deepEqual(post.media?.picture, { alt: '公交车驶过专用道', width: 1200, height: 800 });
});

test('a plain image string adds nothing to the post unless media.dir is set (then it is one of the site files)', () => {
  assert.equal('media' in postAndProblems(readText('title: 标题\nimage: /images/a.jpg')).post, false);
  const { post } = postAndProblems(readText('title: 标题\nimage: /images/a.jpg', { mediaDir: '/srv/site' }));
  assert.deepEqual(post.media?.picture, { local: 'images/a.jpg' });
  // Another host's picture is not one of the site's files.
  assert.equal(postAndProblems(readText('title: 标题\nimage: https://cdn.example.cn/a.jpg', { mediaDir: '/srv/site' })).post.media, undefined);
});

test('a size that is not a number of pixels is reported and ignored', () => {
  const { post, problems } = postAndProblems(readText('title: 标题\nimage: { path: /a.jpg, width: wide, height: 0 }'));
  assert.deepEqual(codes(problems), ['FW_POST_BAD_FIELD', 'FW_POST_BAD_FIELD']);
  assert.equal(post.media, undefined);
});
