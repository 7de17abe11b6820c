// The pages and styled feeds in a real browser (headless Chromium): what a person sees, the filter box,
// the copy buttons, and that a hostile name stays text. Screenshots go to artifacts/screenshots/.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { Service } from '../../src/service.js';
import { launchChromium, screenshot, watch, type Browser, type Misbehaviour } from '../helpers/browser.js';
import { testConfig } from '../helpers/config.js';
import { PostsDir } from '../helpers/posts-dir.js';
import { startTestService } from '../helpers/service.js';

const HOSTILE = '<img src=x onerror=alert(1)>';
const HOSTILE_TITLE = '"><script>alert(2)</script> 标题 & <b>bold</b>';
// What readers and pages show of it: markup is stripped from titles (the script with its text), as jekyll-feed does.
const SHOWN_TITLE = '"> 标题 & bold';
// Front matter excerpts lose whole tags (`<…>`), not a lone `<`.
const EXCERPT = `"Q&A" 'x' <script src=x`;
const MANY = Array.from({ length: 24 }, (_, i) => `topic-${String(i).padStart(2, '0')}`);

describe('in Chromium', () => {
  const posts = new PostsDir();
  let service: Service;
  let browser: Browser;
  let base = '';

  before(async () => {
    posts.post('2024-03-01-metro.md', {
      title: '地铁5号线南延段开始试运行',
      date: '2024-03-01 10:00:00 +0800',
      categories: 'citynews',
      tags: ['常州日报新闻', '交通', ...MANY.slice(0, 12)],
      extra: 'excerpt: "今天早上七点，地铁5号线南延段开始空载试运行。"',
    });
    posts.post('2024-03-02-cpp.md', { title: 'C++ 模块化实践', date: '2024-03-02 10:00:00 +0800', categories: 'tech', tags: ['C++', 'C#', ...MANY.slice(12)] });
    posts.post('2024-03-03-hostile.md', {
      title: HOSTILE_TITLE,
      date: '2024-03-03 10:00:00 +0800',
      categories: 'citynews',
      tags: [HOSTILE, '交通'],
      extra: `excerpt: ${JSON.stringify(EXCERPT)}`,
    });
    service = await startTestService(testConfig(posts.dir));
    base = service.url;
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await service?.close();
    posts.cleanup();
  });

  async function open(path: string, width = 1000): Promise<{ page: Page; seen: Misbehaviour }> {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width, height: 800 });
    const seen = watch(page);
    const res = await page.goto(base + path);
    assert.equal(res?.status(), 200, path);
    return { page, seen };
  }

  const clean = (seen: Misbehaviour): void => {
    assert.deepEqual(seen.dialogs, [], 'no dialog opened');
    assert.deepEqual(seen.errors, [], 'no console error, CSP violation or exception');
  };

  test('the index lists the site feeds and every category and tag, with autodiscovery', async () => {
    const { page, seen } = await open('');
    assert.equal(await page.title(), '测试站');
    const alternates = await page.locator('link[rel=alternate]').evaluateAll((links) => links.map((l) => [l.getAttribute('type'), l.getAttribute('href')]));
    assert.deepEqual(alternates, [
      ['application/rss+xml', 'https://news.example.cn/rss.xml'],
      ['application/atom+xml', 'https://news.example.cn/atom.xml'],
      ['application/feed+json', 'https://news.example.cn/feed.json'],
    ]);
    assert.deepEqual(await page.locator('#site-feeds ~ .subscribe .feed-url').allTextContents(), [
      'https://news.example.cn/rss.xml',
      'https://news.example.cn/atom.xml',
      'https://news.example.cn/feed.json',
    ]);
    assert.deepEqual(await page.locator('#categories .name').allTextContents(), ['citynews', 'tech']);
    const tags = await page.locator('#tags .name').allTextContents();
    assert.equal(tags.length, 2 + 2 + 1 + MANY.length); // C++, C#, 交通, 常州日报新闻, the hostile one, 24 topics
    assert.ok(tags.includes('常州日报新闻') && tags.includes('C++'));
    const row = page.locator('#categories li', { hasText: 'citynews' });
    assert.match((await row.locator('.meta').textContent()) ?? '', /^2 篇 · 最新 2024-03-03$/);
    // Every feed link on the page resolves to a feed the server has.
    for (const href of await page.locator('#categories .formats a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''))) {
      assert.equal((await page.request.get(new URL(href, page.url()).href)).status(), 200, href);
    }
    await screenshot(page, 'index');
    clean(seen);
  });

  test('mobile width: one column, nothing wider than the screen', async () => {
    const { page, seen } = await open('', 375);
    // (Expressions run in the page are strings: the DOM's types are not part of this project's build.)
    assert.equal(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth'), true);
    await screenshot(page, 'index-mobile');
    clean(seen);
  });

  test('the filter box filters categories and tags as you type (NFKC, any case)', async () => {
    const { page, seen } = await open('');
    const filter = page.locator('#filter');
    assert.ok(await filter.isVisible(), 'the script reveals the filter box');
    const visible = (): Promise<string[]> => page.locator('li[data-filter]:visible .name').allTextContents();
    await filter.fill('Ｃ＋＋'); // full-width, folds to c++
    assert.deepEqual(await visible(), ['C++']);
    assert.equal(await page.locator('#filter-status').textContent(), `显示 1 / ${2 + 5 + MANY.length}`);
    assert.ok(await page.locator('#categories').isHidden(), 'a section with no match hides');
    await filter.fill('TOPIC-1');
    assert.deepEqual(
      await visible(),
      MANY.filter((t) => t.startsWith('topic-1')),
    );
    await screenshot(page, 'index-filtered');
    await filter.fill('no such thing');
    assert.deepEqual(await visible(), []);
    assert.ok(await page.locator('#filter-none').isVisible());
    await filter.fill('');
    assert.equal((await visible()).length, 2 + 5 + MANY.length);
    clean(seen);
  });

  test('/tags/ lists every tag with its own filter box; the crumb on a tag page leads back to it', async () => {
    const { page, seen } = await open('tags/');
    assert.equal(await page.locator('h1').textContent(), `标签 (${5 + MANY.length})`);
    const names = page.locator('li[data-filter] .name');
    assert.equal(await names.count(), 5 + MANY.length);
    await page.locator('#filter').fill('ｃ＃');
    assert.deepEqual(await page.locator('li[data-filter]:visible .name').allTextContents(), ['C#']);
    await page.locator('li[data-filter]:visible .name').click();
    await page.waitForURL(/\/tags\/c-sharp\/$/);
    await page.locator('.crumbs a').nth(1).click();
    await page.waitForURL(/\/tags\/$/);
    await screenshot(page, 'tags-list');
    clean(seen);
  });

  test('a scope page lists its newest items and its feeds; Copy puts the address on the clipboard', async () => {
    const { page, seen } = await open('');
    await page.locator('#categories a.name', { hasText: 'citynews' }).click();
    await page.waitForURL(`${base}categories/citynews/`);
    assert.equal(await page.locator('h1').textContent(), 'citynews');
    assert.deepEqual(await page.locator('.items h3 a').allTextContents(), [SHOWN_TITLE, '地铁5号线南延段开始试运行']);
    assert.equal(await page.locator('.items h3 a').nth(1).getAttribute('href'), 'https://news.example.cn/citynews/2024/03/01/metro/');
    assert.equal(await page.locator('.items .summary').nth(1).textContent(), '今天早上七点，地铁5号线南延段开始空载试运行。');
    assert.equal(await page.locator('.items time').nth(1).textContent(), '2024-03-01');
    const atom = page.locator('.subscribe li', { hasText: 'Atom' });
    assert.equal(await atom.locator('.feed-url').textContent(), 'https://news.example.cn/categories/citynews/atom.xml');
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
    await atom.locator('button').click();
    // The button says so once the copy is done: the click handler awaits the clipboard, and click() does
    // not wait for that (reading the text at once raced it: '复制' under load).
    await atom.locator('button', { hasText: '已复制' }).waitFor();
    assert.equal(await atom.locator('button').textContent(), '已复制');
    assert.equal(await page.evaluate('navigator.clipboard.readText()'), 'https://news.example.cn/categories/citynews/atom.xml');
    assert.deepEqual(
      await page.locator('link[rel=alternate]').evaluateAll((links) => links.map((l) => l.getAttribute('href'))),
      ['rss.xml', 'atom.xml', 'feed.json'].map((f) => `https://news.example.cn/categories/citynews/${f}`),
    );
    await screenshot(page, 'scope-page');
    clean(seen);
  });

  test('a hostile tag name and title show as text and never run, on pages and in styled feeds', async () => {
    const slug = 'lt-img-src-eq-x-onerror-eq-alert-1-gt';
    for (const path of ['', `tags/${slug}/`, `tags/${slug}/rss.xml`, `tags/${slug}/atom.xml`, 'categories/citynews/']) {
      const { page, seen } = await open(path);
      assert.equal(await page.locator('img, script:not([src])').count(), 0, `${path}: no element made from a name`);
      const text = (await page.locator('body').textContent()) ?? '';
      assert.ok(text.includes(SHOWN_TITLE) || text.includes(HOSTILE), `${path}: the name shows as text`);
      if (path === `tags/${slug}/`) {
        assert.equal(await page.locator('h1').textContent(), HOSTILE);
        assert.equal(await page.locator('.summary').textContent(), EXCERPT);
        await screenshot(page, 'hostile-tag');
      }
      clean(seen);
    }
  });

  test('the query form on a scope page opens the feed narrowed by what was filled in, styled, no script needed', async () => {
    const { page, seen } = await open('categories/citynews/');
    await page.locator('form.narrow input[name=q]').fill('地铁');
    await page.locator('form.narrow button', { hasText: 'Atom' }).click();
    await page.waitForURL(/\/categories\/citynews\/atom\.xml\?q=/);
    // The empty fields go too, and change nothing; the feed has only the post with the word.
    assert.match(page.url(), /atom\.xml\?q=%E5%9C%B0%E9%93%81&tag=&since=&limit=$/);
    assert.deepEqual(await page.locator('.items h3 a').allTextContents(), ['地铁5号线南延段开始试运行']);
    assert.equal(await page.locator('h1').textContent(), '测试站 — 分类: citynews (q: 地铁)');
    await screenshot(page, 'query-feed');
    clean(seen);
  });

  test('a feed opened in the browser renders through its stylesheet, CJK intact', async () => {
    for (const [path, title] of [
      ['rss.xml', '测试站'],
      [`tags/${encodeURIComponent('常州日报新闻')}/atom.xml`, '测试站 — 标签: 常州日报新闻'],
    ] as const) {
      const { page, seen } = await open(path);
      assert.equal(await page.locator('h1').textContent(), title);
      assert.equal(await page.title(), title);
      assert.match((await page.locator('.notice').textContent()) ?? '', /要订阅，请把本页地址复制到你的阅读器里。/);
      assert.equal(await page.locator('.feed-address').textContent(), `https://news.example.cn/${path}`);
      const items = page.locator('.items li');
      assert.ok((await items.count()) >= 1);
      assert.equal(await items.last().locator('h3 a').textContent(), '地铁5号线南延段开始试运行');
      assert.equal(await items.last().locator('.summary').textContent(), '今天早上七点，地铁5号线南延段开始空载试运行。');
      assert.equal(await items.last().locator('time').textContent(), '2024-03-01 02:00 UTC');
      // The page's style sheet applies (it is found relative to the feed).
      assert.equal(await page.evaluate("getComputedStyle(document.querySelector('.notice')).borderLeftStyle"), 'solid');
      await screenshot(page, path.endsWith('rss.xml') ? 'feed-rss' : 'feed-atom-cjk');
      clean(seen);
    }
  });
});
