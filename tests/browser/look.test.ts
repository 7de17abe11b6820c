// How the pages look, in Chromium, over the bundled posts (English and Chinese): the index, a category, the
// tag list, a tag and a page of older posts, at a phone's width and a desktop's, light and dark. Each is
// saved to artifacts/screenshots/look-*.png for a person to look at, and checked for what made them hard
// to read before: text too faint or too small, a page wider than the screen, a feed address cut off, tap
// targets too small for a finger, lines too long to follow, a dark mode that is not dark.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { Service } from '../../src/service.js';
import { launchChromium, screenshot, watch, type Browser } from '../helpers/browser.js';
import { testConfig } from '../helpers/config.js';
import { startTestService } from '../helpers/service.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const PAGES = [
  ['index', ''],
  ['category', 'categories/citynews/'],
  ['tags', 'tags/'],
  ['tag', 'tags/c-plus-plus/'],
  ['older', 'archive/1/'],
] as const;
const WIDTHS = [
  ['phone', 375],
  ['desktop', 1280],
] as const;
const SCHEMES = ['light', 'dark'] as const;

/** What a page measures of itself (run in the page: a string, since the DOM's types are not in this build). */
interface Measured {
  readonly overflow: boolean;
  readonly background: number;
  /** Visible text whose contrast with what is behind it is under WCAG AA (4.5, or 3 for large text). */
  readonly faint: string[];
  /** Visible text under 12 px; and the body text's size. */
  readonly tiny: string[];
  readonly bodySize: number;
  /** Links and buttons a finger aims at that are under 24 px tall (WCAG 2.5.8). */
  readonly small: string[];
  /** Feed addresses whose text does not fit their box (cut off). */
  readonly clipped: string[];
  /** The widest paragraph of running text, in characters of its font size (about 2 per em). */
  readonly longestLine: number;
}

const MEASURE = `(() => {
  const lum = (c) => {
    const [r, g, b] = c.match(/[\\d.]+/g).slice(0, 3).map(Number).map((v) => v / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const alpha = (c) => { const m = c.match(/[\\d.]+/g); return m.length > 3 ? Number(m[3]) : 1; };
  const behind = (el) => {
    for (let e = el; e; e = e.parentElement) { const bg = getComputedStyle(e).backgroundColor; if (alpha(bg) > 0.5) return bg; }
    return getComputedStyle(document.documentElement).backgroundColor;
  };
  const visible = (el) => { const r = el.getBoundingClientRect(); const s = getComputedStyle(el); return r.width > 0 && r.height > 0 && s.visibility !== 'hidden'; };
  const label = (el) => el.tagName.toLowerCase() + (el.className ? '.' + el.className : '') + ' "' + el.textContent.trim().slice(0, 30) + '"';
  const texts = [...document.body.querySelectorAll('*')].filter((el) => visible(el) && [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim() !== ''));
  const faint = [], tiny = [];
  for (const el of texts) {
    const s = getComputedStyle(el);
    const size = parseFloat(s.fontSize);
    const [a, b] = [lum(s.color), lum(behind(el))];
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    const large = size >= 24 || (size >= 18.66 && Number(s.fontWeight) >= 700);
    if (ratio < (large ? 3 : 4.5)) faint.push(label(el) + ' ' + ratio.toFixed(2));
    if (size < 12) tiny.push(label(el) + ' ' + size + 'px');
  }
  const targets = [...document.querySelectorAll('.formats a, .subscribe a, .pager a, button, .scopes .name, .items h3 a, input')].filter(visible);
  const small = targets.filter((el) => el.getBoundingClientRect().height < 24).map((el) => label(el) + ' ' + el.getBoundingClientRect().height.toFixed(1));
  const clipped = [...document.querySelectorAll('.feed-url')].filter((el) => el.scrollWidth > el.clientWidth + 1).map(label);
  // Running text only (not the small print of dates and counts), at about 2 characters an em.
  const longestLine = Math.max(0, ...[...document.querySelectorAll('main p:not(.meta)')].filter(visible).map((p) => p.clientWidth / parseFloat(getComputedStyle(p).fontSize) * 2));
  return {
    overflow: document.documentElement.scrollWidth > window.innerWidth,
    background: lum(getComputedStyle(document.body).backgroundColor),
    faint, tiny, small, clipped, longestLine,
    bodySize: parseFloat(getComputedStyle(document.body).fontSize),
  };
})()`;

describe('how the pages look (Chromium, bundled posts)', () => {
  let service: Service;
  let browser: Browser;

  before(async () => {
    // The bundled demo's words and posts, with a window small enough that older posts have pages.
    service = await startTestService(
      testConfig(path.join(ROOT, 'posts'), {
        site: {
          title: 'Jiangnan Morning Post',
          language: 'en',
          description: 'City news, technology and culture, in English and Chinese · 城市新闻、科技与文化报道',
        },
        feeds: { limit: 6, archive: { pageSize: 5 } },
      }),
    );
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await service?.close();
  });

  async function look(path: string, width: number, scheme: 'light' | 'dark'): Promise<{ page: Page; measured: Measured; errors: string[] }> {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width, height: 800 });
    await page.emulateMedia({ colorScheme: scheme });
    const seen = watch(page);
    const res = await page.goto(service.url + path);
    assert.equal(res?.status(), 200, path);
    // goto waits for the load event, after the deferred script has added its Copy buttons: measured with them.
    return { page, measured: (await page.evaluate(MEASURE)) as Measured, errors: seen.errors };
  }

  for (const [name, path] of PAGES) {
    for (const [device, width] of WIDTHS) {
      for (const scheme of SCHEMES) {
        test(`${name}, ${device}, ${scheme}: readable, fits the screen, every address whole`, async () => {
          const { page, measured: m, errors } = await look(path, width, scheme);
          await screenshot(page, `look-${name}-${device}-${scheme}`);
          assert.deepEqual(errors, [], 'no console error or CSP violation');
          assert.equal(m.overflow, false, 'nothing wider than the screen');
          assert.deepEqual(m.faint, [], 'every text at WCAG AA contrast against what is behind it');
          assert.deepEqual(m.tiny, [], 'no text under 12 px');
          assert.ok(m.bodySize >= 16, `body text ${m.bodySize} px`);
          assert.deepEqual(m.clipped, [], 'feed addresses shown whole');
          if (device === 'phone') assert.deepEqual(m.small, [], 'tap targets at least 24 px tall');
          else assert.ok(m.longestLine <= 100, `lines of at most ~100 characters, not ${m.longestLine.toFixed(0)}`);
          if (scheme === 'dark') assert.ok(m.background < 0.05, 'a dark background in dark mode');
          else assert.ok(m.background > 0.9, 'a light background in light mode');
          await page.close();
        });
      }
    }
  }
});
