// What _config.yml asks for that feedwright does not do, said on the posts it reaches (src/content/notices.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { siteNotices } from '../../src/content/notices.js';

test('another converter: each Markdown post; a content plugin: each post it would change, at its first use', () => {
  const options = { converter: 'CommonMarkGhPages', plugins: ['jekyll-feed', 'jemoji', 'jekyll-mentions'] };
  const found = siteNotices('_posts/a.md', 'Hi\nthere :smile:\nand @octocat', true, 4, options);
  assert.deepEqual(
    found.map((p) => [p.code, p.line, p.severity]),
    [
      ['FW_CONTENT_CONVERTER', undefined, 'warning'],
      ['FW_CONTENT_PLUGIN', 5, 'warning'],
      ['FW_CONTENT_PLUGIN', 6, 'warning'],
    ],
  );
  assert.match(found[1]?.reason ?? '', /jemoji/);
  assert.deepEqual(siteNotices('_posts/b.html', 'plain text', false, 4, options), [], 'an HTML post, nothing a plugin rewrites');
  assert.deepEqual(siteNotices('_posts/c.md', 'x', true, 4, { plugins: ['jekyll-sitemap', 'jekyll-seo-tag'] }), []);
});
