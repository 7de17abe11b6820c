// What post_url, link and the include tags name (src/content/liquid/targets.ts), found as Jekyll finds it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { includeName, linkTarget, postNamed, relativeInclude } from '../../../src/content/liquid/targets.js';
import type { SiteFiles } from '../../../src/content/liquid/site.js';
import { testPost, testSite } from './helpers.js';

test('include names: what Jekyll accepts, nothing that climbs out', () => {
  assert.equal(includeName(' note.html '), 'note.html');
  assert.equal(includeName('cards/person.html'), 'cards/person.html');
  for (const bad of ['../x', 'a/../b', './x', 'a//b', '/etc/passwd', 'a b.html', '']) assert.equal(includeName(bad), undefined, bad);
  assert.equal(relativeInclude(testPost(), 'snippet.txt'), '_posts/snippet.txt');
  assert.equal(relativeInclude(testPost(), '../x.txt'), undefined);
});

test('post_url: by date and slug, with the folders under _posts (or above it) before them', () => {
  const a = testPost({ path: '_posts/releases/2024-12-20-ruby-3-3-12-released.md' });
  const b = testPost({ path: 'news/_posts/2024-07-11-folder.md' });
  const c = testPost({ path: '_posts/2024-01-02-x.md', date: Date.UTC(2024, 0, 1, 20), front: { slug: 'custom' } });
  const site = testSite({}, [a, b, c]);
  assert.equal(postNamed('releases/2024-12-20-ruby-3-3-12-released', site), a);
  assert.equal(postNamed('news/2024-07-11-folder', site), b);
  assert.equal(postNamed('2024-12-20-ruby-3-3-12-released', site), undefined, 'the folder is part of the name');
  // Jekyll's older rule: the slug on that day (in the site's zone: 2024-01-02 04:00 in Shanghai).
  assert.equal(postNamed('2024-01-02-custom', site), c);
  assert.equal(postNamed('no-date', site), undefined);
});

test("link: a post, a page by its permalink or by Jekyll's rule, a static file, or nothing", () => {
  const post = testPost();
  const files: SiteFiles = {
    read: (rel) => ({ 'about.md': '---\npermalink: /about/\n---\n', 'faq.md': '---\n---\n', 'docs/index.md': '---\n---\n' })[rel],
    exists: (rel) => rel === 'assets/x.pdf',
  };
  const site = testSite({}, [post]);
  assert.equal(linkTarget(post.path, site, files), '/2024/01/02/hello-world.html');
  assert.equal(linkTarget('about.md', site, files), '/about/');
  assert.equal(linkTarget('faq.md', site, files), '/faq.html');
  assert.equal(linkTarget('docs/index.md', site, files), '/docs/');
  assert.equal(linkTarget('assets/x.pdf', site, files), '/assets/x.pdf');
  assert.equal(linkTarget('nothing.md', site, files), undefined);
  assert.equal(linkTarget('faq.md', testSite({ config: { permalink: 'pretty' } }, [post]), files), '/faq/');
});
