// What each key a rendering read stands for (src/content/liquid/dependencies.ts): a fingerprint that
// changes exactly when what the post would see changes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Fingerprints } from '../../../src/content/liquid/dependencies.js';
import { NO_FILES, type SiteFiles } from '../../../src/content/liquid/site.js';
import { testPost, testSite } from './helpers.js';

test('a value read changes its fingerprint; one not read does not', () => {
  const a = new Fingerprints(testSite({ data: { releases: [1], team: ['a'] } }), NO_FILES);
  const deps = a.record(['data:releases', 'config:title']);
  assert.equal(new Fingerprints(testSite({ data: { releases: [1], team: ['b'] } }), NO_FILES).current(deps), true);
  assert.equal(new Fingerprints(testSite({ data: { releases: [2], team: ['a'] } }), NO_FILES).current(deps), false);
  assert.equal(new Fingerprints(testSite({ config: { title: 'Other' }, data: { releases: [1] } }), NO_FILES).current(deps), false);
  // A key that was missing counts: it may come later.
  const missing = a.record(['data:later']);
  assert.equal(new Fingerprints(testSite({ data: { later: 1 } }), NO_FILES).current(missing), false);
});

test('includes and files beside the post: their text', () => {
  const files = (text: string): SiteFiles => ({ read: () => text, exists: () => true });
  const deps = new Fingerprints(testSite({ includes: new Map([['a.html', 'A']]) }), files('x')).record(['include:a.html', 'file:_posts/s.txt']);
  assert.equal(new Fingerprints(testSite({ includes: new Map([['a.html', 'A']]) }), files('x')).current(deps), true);
  assert.equal(new Fingerprints(testSite({ includes: new Map([['a.html', 'B']]) }), files('x')).current(deps), false);
  assert.equal(new Fingerprints(testSite({ includes: new Map([['a.html', 'A']]) }), files('y')).current(deps), false);
});

test("site.posts: a post's fields and front matter count, its body does not; post_url follows its target", () => {
  const target = testPost({ path: '_posts/2023-01-01-t.md', link: 'https://example.org/blog/t.html', front: { title: 'T' } });
  const deps = new Fingerprints(testSite({}, [target]), NO_FILES).record(['posts', 'post:2023-01-01-t']);
  const check = (post: typeof target): boolean => new Fingerprints(testSite({}, [post]), NO_FILES).current(deps);
  assert.equal(check({ ...target, hash: 'edited body' }), true);
  assert.equal(check({ ...target, front: { title: 'Renamed' } }), false);
  const moved = { ...target, path: '_posts/2023-01-01-moved.md' };
  assert.equal(new Fingerprints(testSite({}, [moved]), NO_FILES).of('post:2023-01-01-t'), '-', 'no post of that name now');
});
