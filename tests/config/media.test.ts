// The config's media and podcasts sections (src/config/media.ts, podcast-owner.ts): defaults, and bad
// values named by key.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { appleCategory } from '../../src/config/media.js';
import { loadConfig } from '../../src/config/load.js';
import { NEWSROOM } from '../helpers/newsroom.js';

function load(yaml: string): ReturnType<typeof loadConfig> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fw-media-config-'));
  const file = path.join(dir, 'feedwright.yaml');
  writeFileSync(file, yaml);
  return loadConfig({ env: {}, cwd: dir, overrides: { configPath: file } });
}

const rejects = (yaml: string, message: RegExp): void => assert.throws(() => load(yaml), message);
const SHOW = 'podcasts:\n  - scope: category\n    name: 音频\n    image: /images/show.png\n    category: News\n';
const AUTHOR = 'site:\n  author: { name: 编辑部, email: desk@news.example.cn }\n';

test('defaults: author feeds and Media RSS on, the first image off, no podcast, no media folder for a folder of posts', () => {
  const c = load('');
  assert.equal(c.feeds.authors, true);
  assert.deepEqual(c.media, { mediaRss: true, firstImage: false, dir: undefined });
  assert.deepEqual(c.podcasts, []);
  assert.equal(c.feeds.labels.author, 'Author');
});

test("media.dir is relative to the config file; a Jekyll site's files are its root", () => {
  const c = load('media:\n  dir: ../site\n');
  assert.ok(path.isAbsolute(c.media.dir ?? ''));
  assert.equal(path.basename(c.media.dir ?? ''), 'site');
  const jekyll = loadConfig({ env: {}, cwd: NEWSROOM, overrides: { siteDir: NEWSROOM } });
  assert.equal(jekyll.media.dir, NEWSROOM);
});

test("a label left out keeps the language's: configs from before author feeds name only category and tag", () => {
  assert.deepEqual(load('site:\n  language: zh-CN\nfeeds:\n  labels: { category: 栏目, tag: 话题 }\n').feeds.labels, {
    category: '栏目',
    tag: '话题',
    author: '作者',
  });
  assert.equal(load('feeds:\n  labels: { category: C, tag: T, author: Byline }\n').feeds.labels.author, 'Byline');
});

test("a podcast: Apple's categories, an owner's address, one show a scope; each mistake names its key", () => {
  const c = load(`${AUTHOR}${SHOW}`);
  assert.deepEqual(c.podcasts[0]?.category, ['News']);
  assert.equal(c.podcasts[0]?.explicit, false);
  rejects(`${SHOW}`, /podcasts\.0\.owner\.email: a podcast needs its owner's e-mail address/);
  rejects(`${AUTHOR}${SHOW.replace('News', 'Breaking News')}`, /podcasts\.0\.category\.0: must be one of Apple's podcast categories/);
  rejects(
    `${AUTHOR}${SHOW.replace('category: News', 'category: [News > Tech News, Technology > Gadgets]')}`,
    /podcasts\.0\.category\.1: must be one of Apple's/,
  );
  rejects(`${AUTHOR}${SHOW.replace('    name: 音频\n', '')}`, /podcasts\.0\.name: a category or tag podcast names its category or tag/);
  rejects(`${AUTHOR}${SHOW.replace('/images/show.png', 'show.png')}`, /podcasts\.0\.image: must be a path from the site root/);
  rejects(`${AUTHOR}${SHOW}${SHOW.replace('podcasts:\n', '').replace('音频', '音頻')}`.replace('音頻', '音频'), /podcasts: must not name one scope twice/);
  rejects(`${AUTHOR}${SHOW}    guid: not-a-uuid\n`, /podcasts\.0\.guid/);
  rejects(`${AUTHOR}${SHOW}    owner: { email: nobody }\n`, /podcasts\.0\.owner\.email/);
});

test('appleCategory: Top or Top > Sub, as Apple lists them', () => {
  assert.deepEqual(appleCategory('News > Daily News'), ['News', 'Daily News']);
  assert.deepEqual(appleCategory('  True Crime '), ['True Crime', undefined]);
  assert.equal(appleCategory('News > Technology'), undefined);
  assert.equal(appleCategory('News > Daily News > More'), undefined);
  assert.equal(appleCategory('toString'), undefined);
});

test('feeds.aliases may name author scopes', () => {
  const c = load("feeds:\n  aliases:\n    - { path: '/author/:slug/feed', scope: author, format: rss }\n");
  assert.equal(c.feeds.aliases[0]?.scope, 'author');
  rejects(
    "feeds:\n  aliases:\n    - { path: '/authors/:slug/atom.xml', scope: author, format: atom }\n",
    /feeds\.aliases\.0\.path: .*each scope's own atom\.xml/,
  );
});
