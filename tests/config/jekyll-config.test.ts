// A Jekyll site's _config.yml read as feedwright's config (src/config/jekyll.ts, load.ts): which keys are
// taken and how, how a site is found, what wins, and the one-line errors that name the file and key.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { configFromJekyll } from '../../src/config/jekyll.js';
import { loadConfig, loadExplainedConfig, type LoadOptions } from '../../src/config/load.js';
import { ConfigError } from '../../src/errors.js';

/** A site folder with these files (path → text). */
function site(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fw-jekyll-cfg-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

const load = (dir: string, options: LoadOptions = {}): ReturnType<typeof loadConfig> => loadConfig({ env: { TZ: 'Europe/Berlin' }, cwd: dir, ...options });

function rejects(files: Record<string, string>, pattern: RegExp): void {
  const dir = site(files);
  assert.throws(
    () => load(dir, { overrides: { siteDir: dir } }),
    (err: unknown) => {
      assert.ok(err instanceof ConfigError, String(err));
      assert.match(err.message, pattern);
      assert.doesNotMatch(err.message, /\n\s+at /, 'no stack trace');
      return true;
    },
  );
}

const CONFIG = [
  'title: Ann’s notes',
  'description: Things & stuff',
  'url: https://example.org',
  'baseurl: /blog',
  'lang: en_GB',
  'timezone: Asia/Shanghai',
  'author:',
  '  name: Ann',
  '  email: ann@example.org',
  '  uri: https://ann.example.org/',
  'permalink: pretty',
  'exclude: [drafts-old/, vendor]',
  'future: true',
  'show_drafts: true',
  'plugins: [jekyll-feed, jekyll-seo-tag]',
  'sass: { style: compressed }',
  'collections: { recipes: { output: true } }',
  'feed:',
  '  posts_limit: 15',
  '  excerpt_only: true',
  '  categories: [news, 随笔]',
  '  tags:',
  '    except: [draft]',
  '    path: /feed/tags/',
  '',
].join('\n');

describe('a Jekyll site as config', () => {
  test('every key feeds need, as Jekyll reads it; keys feeds do not need are ignored', () => {
    const dir = site({ '_config.yml': CONFIG, '_data/authors.yml': 'bob:\n  name: Bob B\n  email: bob@example.org\nzoe:\n  uri: https://zoe.example/\n' });
    const c = load(dir, { overrides: { siteDir: dir } });
    assert.equal(c.site.title, 'Ann’s notes');
    assert.equal(c.site.description, 'Things & stuff');
    // baseurl is where the whole site is mounted: part of every absolute URL.
    assert.equal(c.site.url, 'https://example.org/blog/');
    assert.equal(c.feeds.baseUrl, 'https://example.org/blog/');
    assert.equal(c.site.language, 'en-GB');
    assert.equal(c.timezone, 'Asia/Shanghai');
    assert.deepEqual(c.site.author, { name: 'Ann', email: 'ann@example.org', url: 'https://ann.example.org/' });
    assert.equal(c.feeds.permalink, '/:categories/:year/:month/:day/:title/');
    assert.equal(c.posts.dir, dir);
    assert.equal(c.posts.layout, 'jekyll');
    assert.ok(c.posts.exclude.includes('drafts-old') && c.posts.exclude.includes('drafts-old/**'));
    assert.ok(c.posts.exclude.includes('node_modules/**'), "Jekyll's own default excludes");
    assert.equal(c.posts.future, true);
    assert.equal(c.posts.drafts, true);
    assert.equal(c.feeds.limit, 15);
    assert.equal(c.feeds.excerptOnly, true);
    assert.equal(c.feeds.ids, 'jekyll');
    assert.equal(c.feeds.titles, 'jekyll');
    assert.deepEqual(c.authors.bob, { name: 'Bob B', email: 'bob@example.org' });
    assert.deepEqual(c.authors.zoe, { name: 'zoe', url: 'https://zoe.example/' }, 'a person without a name is named by the key');
    assert.deepEqual(
      c.feeds.aliases.map((a) => [a.path, a.scope, a.format, a.only ?? null, a.except]),
      [
        ['/feed.xml', 'site', 'atom', null, []],
        ['/feed/:name.xml', 'category', 'atom', ['news', '随笔'], []],
        ['/feed/tags/:name.xml', 'tag', 'atom', null, ['draft']],
      ],
    );
  });

  test("Jekyll's defaults: permalink date, ten entries, /feed.xml, the machine's zone, no tag feeds", () => {
    const dir = site({ '_config.yml': 'title: T\nurl: https://example.org\n' });
    const c = load(dir, { overrides: { siteDir: dir } });
    assert.equal(c.feeds.permalink, '/:categories/:year/:month/:day/:title:output_ext');
    assert.equal(c.feeds.limit, 10);
    assert.equal(c.timezone, 'Europe/Berlin', 'TZ, as Ruby reads it');
    assert.deepEqual(
      c.feeds.aliases.map((a) => a.path),
      ['/feed.xml'],
    );
    assert.equal(c.posts.future, false);
    assert.equal(c.posts.drafts, false);
  });

  test('every named permalink style; a pattern without its leading slash gets one', () => {
    const styles: Record<string, string> = {
      date: '/:categories/:year/:month/:day/:title:output_ext',
      pretty: '/:categories/:year/:month/:day/:title/',
      ordinal: '/:categories/:year/:y_day/:title:output_ext',
      weekdate: '/:categories/:year/W:week/:short_day/:title:output_ext',
      none: '/:categories/:title:output_ext',
      ':year/:title/': '/:year/:title/',
    };
    for (const [setting, pattern] of Object.entries(styles)) {
      const dir = site({ '_config.yml': `permalink: "${setting}"\n` });
      assert.equal(load(dir, { overrides: { siteDir: dir } }).feeds.permalink, pattern, setting);
    }
  });

  test("feedwright's own keys win: a feedwright: section in _config.yml, then a --config file", () => {
    const dir = site({
      '_config.yml': 'title: From Jekyll\nurl: https://example.org\nfeedwright:\n  feeds:\n    limit: 30\n  site:\n    title: From the section\n',
      'fw.yaml': 'site:\n  title: From feedwright.yaml\nserver:\n  port: 9999\n',
    });
    const c = load(dir, { overrides: { siteDir: dir } });
    assert.equal(c.site.title, 'From the section');
    assert.equal(c.feeds.limit, 30);
    assert.equal(c.site.url, 'https://example.org/', 'Jekyll keys the section does not set stay');
    const both = load(dir, { overrides: { siteDir: dir, configPath: path.join(dir, 'fw.yaml') } });
    assert.equal(both.site.title, 'From feedwright.yaml');
    assert.equal(both.server.port, 9999);
    assert.equal(both.feeds.limit, 30);
  });

  test('how a site is found: --site, --config naming a _config.yml, or a _config.yml where it runs', () => {
    const dir = site({ '_config.yml': 'title: Found\n' });
    assert.equal(load(dir, { overrides: { configPath: path.join(dir, '_config.yml') } }).site.title, 'Found');
    assert.equal(load(dir).site.title, 'Found', 'the working folder is a Jekyll site');
    assert.equal(load(dir, { env: { FEEDWRIGHT_SITE: dir } }).posts.layout, 'jekyll');
    // A feedwright config where it runs is feedwright's: the folder is not read as a Jekyll site.
    const own = site({ '_config.yml': 'title: Jekyll\n', 'config/feedwright.yaml': 'site:\n  title: Own\n' });
    assert.equal(load(own).site.title, 'Own');
    assert.equal(load(own).posts.layout, 'folder');
    // --site from a folder that has a feedwright config reads only the site (that config may be another site's).
    const other = site({ '_config.yml': 'title: The site\n' });
    assert.equal(load(own, { overrides: { siteDir: other } }).site.title, 'The site');
  });

  test('a site without _config.yml is read with Jekyll’s defaults', () => {
    const dir = site({ '_posts/2024-01-01-a.md': '---\ntitle: A\n---\n' });
    const c = load(dir, { overrides: { siteDir: dir } });
    assert.equal(c.posts.layout, 'jekyll');
    assert.equal(c.posts.dir, dir);
  });

  test('--explain origins: the file and key each setting came from', () => {
    const dir = site({ '_config.yml': 'title: T\nurl: https://example.org\nbaseurl: /b\n' });
    const { origins } = loadExplainedConfig({ env: { PORT: '1234' }, cwd: dir, overrides: { siteDir: dir } });
    const file = path.join(dir, '_config.yml');
    assert.equal(origins.get('site.title'), `${file}: title`);
    assert.equal(origins.get('site.url'), `${file}: url + baseurl`);
    assert.match(origins.get('timezone') ?? '', /machine's time zone/);
    assert.equal(origins.get('server.port'), 'PORT');
    assert.equal(origins.get('posts.dir'), "the Jekyll site's root");
  });

  test('bad input: one line naming the file, the key and why', () => {
    rejects({ '_config.yml': 'title: [unclosed\n' }, /_config\.yml:\d+: the config file is not valid YAML/);
    rejects(
      { '_config.yml': 'permalink: fancy\n' },
      /_config\.yml: invalid config\n {2}permalink: "fancy" is not a permalink style \(date, pretty, ordinal, weekdate, none\)/,
    );
    rejects(
      { '_config.yml': 'permalink: /:title/../../../../etc/\n' },
      /_config\.yml: invalid config\n {2}permalink: "\/:title\/\.\.\/\.\.\/\.\.\/\.\.\/etc\/" has a "\." or "\.\." segment/,
    );
    rejects({ '_config.yml': 'permalink: ":categories/./:title/"\n' }, /\n {2}permalink: ":categories\/\.\/:title\/" has a "\." or "\.\." segment/);
    rejects({ '_config.yml': 'timezone: Mars/Olympus\n' }, /timezone \(from .*_config\.yml: timezone\): must be an IANA time zone/);
    rejects(
      { '_config.yml': 'feed:\n  path: /atom.xml\n' },
      /feeds\.aliases\.0\.path \(from .*_config\.yml: jekyll-feed's addresses.*\): \/atom\.xml is one of feedwright's own addresses/,
    );
    rejects({ '_config.yml': 'feed:\n  posts_limit: lots\n' }, /feed\.posts_limit: must be a whole number/);
    rejects({ '_config.yml': 'feed:\n  tags: yes please\n' }, /feed\.tags: must be true or a map/);
    rejects({ '_config.yml': 'url: not a url\n' }, /\n {2}url: must be an absolute URL/);
    // Unknown keys are Jekyll's business in _config.yml, but feedwright's own section stays strict.
    rejects({ '_config.yml': 'feedwright:\n  feeds:\n    limitt: 3\n' }, /feeds\.limitt \(from .*_config\.yml: feedwright\): unknown key/);
  });

  test('configFromJekyll is pure: the same data give the same keys', () => {
    const files = { file: '/s/_config.yml', data: { title: 'X', feed: { tags: true } }, authors: undefined, machineZone: 'UTC' };
    assert.deepEqual(configFromJekyll(files).raw, configFromJekyll(files).raw);
    assert.equal(configFromJekyll(files).raw.timezone, 'UTC');
  });
});

test('a Jekyll site without timezone is read in the machine zone, and the start says so once', () => {
  const dir = site({ '_config.yml': 'title: T\nurl: https://example.org\n' });
  const notices: string[] = [];
  load(dir, { overrides: { siteDir: dir }, defaults: (m) => notices.push(m) });
  assert.equal(notices.length, 1);
  assert.match(notices[0] ?? '', /timezone is not set: dates without an offset are read in this machine's zone, Europe\/Berlin, as Jekyll does/);
  const zoned = site({ '_config.yml': 'title: T\nurl: https://example.org\ntimezone: UTC\n' });
  const none: string[] = [];
  load(zoned, { overrides: { siteDir: zoned }, defaults: (m) => none.push(m) });
  assert.deepEqual(none, []);
});
