import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { alternateUrl, publicUrl, relativeUrl } from '../../src/render/urls.js';
import { testConfig } from '../helpers/config.js';

describe('relativeUrl', () => {
  test('the shortest relative link between two documents, percent-encoded', () => {
    assert.equal(relativeUrl('/', '/rss.xsl'), 'rss.xsl');
    assert.equal(relativeUrl('/', '/'), './');
    assert.equal(relativeUrl('/', '/tags/常州/'), 'tags/%E5%B8%B8%E5%B7%9E/');
    assert.equal(relativeUrl('/tags/x/', '/tags/x/rss.xml'), 'rss.xml');
    assert.equal(relativeUrl('/tags/x/', '/tags/x/'), './');
    assert.equal(relativeUrl('/tags/x/', '/'), '../../');
    assert.equal(relativeUrl('/tags/x/', '/atom.xsl'), '../../atom.xsl');
    assert.equal(relativeUrl('/tags/x/', '/tags/y/'), '../y/');
    assert.equal(relativeUrl('/categories/a/', '/assets/site.css'), '../../assets/site.css');
  });

  test('resolves from a page to the document it names, also under a mount point', () => {
    for (const base of ['https://a.example/', 'https://a.example/feeds/']) {
      for (const [from, to] of [
        ['/tags/x/', '/rss.xsl'],
        ['/', '/tags/c-plus-plus/'],
        ['/tags/x/', '/categories/y/feed.json'],
      ] as const) {
        const page = new URL(from.slice(1), base);
        assert.equal(new URL(relativeUrl(from, to), page).href, new URL(to.slice(1), base).href);
      }
    }
  });
});

describe('alternateUrl', () => {
  test("feedwright's own scope page by default; the site for the site", () => {
    const config = testConfig('/tmp', { feeds: { baseUrl: 'https://feeds.example.cn/' } });
    assert.equal(alternateUrl({ kind: 'site', slug: '', name: '' }, config), 'https://news.example.cn/');
    assert.equal(alternateUrl({ kind: 'tag', slug: 'c-plus-plus', name: 'C++' }, config), 'https://feeds.example.cn/tags/c-plus-plus/');
    assert.equal(publicUrl(config, '/tags/常州/'), 'https://feeds.example.cn/tags/%E5%B8%B8%E5%B7%9E/');
  });

  test('a configured pattern, with :slug or :name encoded, resolved against site.url', () => {
    const config = testConfig('/tmp', {
      site: { url: 'https://news.example.cn/blog/' },
      feeds: { alternate: { category: '/category/:slug.html', tag: '/search?tag=:name' } },
    });
    assert.equal(alternateUrl({ kind: 'category', slug: 'tech', name: 'Tech' }, config), 'https://news.example.cn/blog/category/tech.html');
    assert.equal(
      alternateUrl({ kind: 'tag', slug: 'c-plus-plus', name: 'C++ & Q/A' }, config),
      'https://news.example.cn/blog/search?tag=C%2B%2B%20%26%20Q%2FA',
    );
    assert.equal(alternateUrl({ kind: 'tag', slug: '常州', name: '常州' }, config), 'https://news.example.cn/blog/search?tag=%E5%B8%B8%E5%B7%9E');
    const absolute = testConfig('/tmp', { feeds: { alternate: { tag: 'https://other.example/t/:slug/' } } });
    assert.equal(alternateUrl({ kind: 'tag', slug: 'x', name: 'X' }, absolute), 'https://other.example/t/x/');
    // A category pattern does not apply to tags.
    const categoryOnly = testConfig('/tmp', { feeds: { alternate: { category: '/category/:name/' } } });
    assert.equal(alternateUrl({ kind: 'tag', slug: 'x', name: 'X' }, categoryOnly), 'https://news.example.cn/tags/x/');
    assert.equal(alternateUrl({ kind: 'category', slug: 'x', name: 'X' }, categoryOnly), 'https://news.example.cn/category/X/');
  });
});
