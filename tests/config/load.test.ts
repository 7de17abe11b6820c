import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { loadConfig, loadExplainedConfig, originOf } from '../../src/config/load.js';
import { ConfigError } from '../../src/errors.js';

function withFile(text: string): { dir: string; file: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fw-cfg-'));
  const file = path.join(dir, 'feedwright.yaml');
  writeFileSync(file, text);
  return { dir, file };
}

function rejects(text: string, pattern: RegExp, env: Record<string, string> = {}): void {
  const { dir, file } = withFile(text);
  assert.throws(
    () => loadConfig({ env, cwd: dir, overrides: { configPath: file } }),
    (err: unknown) => {
      assert.ok(err instanceof ConfigError, String(err));
      assert.equal(err.code, 'FW_ERR_CONFIG_INVALID');
      assert.match(err.message, pattern);
      return true;
    },
  );
}

describe('loadConfig', () => {
  test('embedded defaults when there is no config file', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fw-cfg-'));
    const c = loadConfig({ env: {}, cwd: dir });
    assert.equal(c.site.url, 'http://localhost:8080/');
    assert.equal(c.feeds.baseUrl, 'http://localhost:8080/');
    assert.equal(c.timezone, 'UTC');
    assert.equal(c.feeds.limit, 20);
    assert.deepEqual(c.feeds.formats, ['rss', 'atom', 'json']);
    assert.equal(c.feeds.permalink, '/:categories/:year/:month/:day/:title/');
    assert.deepEqual(c.posts.include, ['**/*.{md,markdown,html,htm,txt}']);
    assert.equal(c.posts.dir, path.join(dir, 'posts'));
    assert.equal(c.cache.maxAge, 300);
    assert.equal(c.schedule, '*/5 * * * *');
    assert.equal(c.server.port, 8080);
    assert.deepEqual(c.site.author, { name: 'feedwright' });
    assert.ok(Object.isFrozen(c) && Object.isFrozen(c.site) && Object.isFrozen(c.feeds.formats));
  });

  test('the bundled config file loads, with posts resolved beside it', () => {
    const root = path.resolve(import.meta.dirname, '../..');
    const c = loadConfig({ env: {}, cwd: root });
    assert.equal(c.posts.dir, path.join(root, 'posts'));
    assert.equal(c.timezone, 'Asia/Shanghai');
    assert.deepEqual(c.feeds.labels, { category: 'Category', tag: 'Tag', author: 'Author' });
    assert.equal(c.server.host, '127.0.0.1', 'the demo is this machine only, at http://localhost:8080/');
  });

  test('an unknown key stops the start and names the key', () => {
    rejects('site:\n  titel: x\n', /site\.titel: unknown key/);
    rejects('feed:\n  limit: 3\n', /feed: unknown key/);
  });

  test('a permalink with "." or ".." segments names the key: it would not say where posts are (issue 23)', () => {
    rejects('feeds:\n  permalink: "/:title/../../../../etc/"\n', /feeds\.permalink: "\/:title\/\.\.\/\.\.\/\.\.\/\.\.\/etc\/" has a "\." or "\.\." segment/);
    for (const bad of ['/./:title/', '/:title/.', '/:categories/../:title/', '/:title..html', '/:year./:title/'])
      rejects(`feeds:\n  permalink: "${bad}"\n`, /feeds\.permalink: .* segment/);
    // Dots inside a segment, and placeholders, are fine.
    const { dir, file } = withFile('feeds:\n  permalink: "/v1.0/:title.html"\n');
    assert.equal(loadConfig({ env: {}, cwd: dir, overrides: { configPath: file } }).feeds.permalink, '/v1.0/:title.html');
  });

  test('a wrong type or value names the key and why', () => {
    rejects('feeds:\n  limit: many\n', /feeds\.limit: .*expected number/);
    rejects('site:\n  url: example.com\n', /site\.url: must be an absolute http:\/\/ or https:\/\/ URL/);
    rejects('timezone: Mars/Olympus\n', /timezone: must be an IANA time zone/);
    rejects('schedule: every minute\n', /schedule: must be a cron expression/);
    rejects('feeds:\n  formats: [rss, rss]\n', /feeds\.formats: must not repeat a format/);
    rejects('feeds:\n  formats: [rss, opml]\n', /feeds\.formats\.1: /);
    rejects('site: 3\n', /site: must be a map|site: .*expected object/);
  });

  test('pages, stylesheets and OPML: defaults, and bad values named by key', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fw-cfg-'));
    const c = loadConfig({ env: {}, cwd: dir });
    assert.equal(c.feeds.stylesheet, true);
    assert.deepEqual(c.feeds.alternate, {});
    assert.equal(c.opml.format, 'atom');
    const { file } = withFile('feeds:\n  formats: [json, rss]\n  alternate:\n    tag: /tag/:name.html\n');
    const d = loadConfig({ env: {}, overrides: { configPath: file } });
    assert.equal(d.opml.format, 'json');
    assert.deepEqual(d.feeds.alternate, { tag: '/tag/:name.html' });
    rejects('feeds:\n  alternate:\n    tag: /tags/all.html\n', /feeds\.alternate\.tag: must contain :slug or :name/);
    rejects(
      'feeds:\n  alternate:\n    category: "javascript:alert(:slug)"\n',
      /feeds\.alternate\.category: must be a path starting with \/ or an http\(s\) URL/,
    );
    rejects('feeds:\n  alternate:\n    topic: /t/:slug\n', /feeds\.alternate\.topic: unknown key/);
    rejects('feeds:\n  stylesheet: yes\n', /feeds\.stylesheet: .*expected boolean/);
    rejects('feeds:\n  formats: [rss]\nopml:\n  format: atom\n', /opml\.format: must be one of feeds\.formats \(rss\)/);
  });

  test('YAML that does not parse names the file and line', () => {
    rejects('site:\n  title: [x\n', /feedwright\.yaml:\d+: the config file is not valid YAML/);
  });

  test('an explicitly named config file that is missing is an error', () => {
    assert.throws(() => loadConfig({ env: { FEEDWRIGHT_CONFIG: '/nonexistent/fw.yaml' } }), /cannot read the config file/);
  });

  test('environment overrides: PORT, FEEDWRIGHT_POSTS_DIR, FEEDWRIGHT_SITE_URL, FEEDWRIGHT_CONFIG', () => {
    const { dir, file } = withFile('site:\n  title: T\n  url: https://a.example/\nserver:\n  port: 9000\n');
    const c = loadConfig({
      cwd: dir,
      env: { FEEDWRIGHT_CONFIG: file, PORT: '1234', FEEDWRIGHT_POSTS_DIR: 'elsewhere', FEEDWRIGHT_SITE_URL: 'https://b.example/blog' },
    });
    assert.equal(c.server.port, 1234);
    assert.equal(c.posts.dir, path.join(dir, 'elsewhere'));
    assert.equal(c.site.url, 'https://b.example/blog/');
    assert.equal(c.site.title, 'T');
    rejects('site:\n  title: T\n', /PORT: must be a whole number/, { PORT: 'eighty' });
    rejects('site:\n  title: T\n', /site\.url \(from FEEDWRIGHT_SITE_URL\): must be an absolute/, { FEEDWRIGHT_SITE_URL: 'nope' });
  });

  test('webhook, watch and websub: off by default', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fw-cfg-'));
    const c = loadConfig({ env: {}, cwd: dir });
    assert.equal(c.webhook.secret, undefined);
    assert.deepEqual(c.webhook.rateLimit, { failures: 10, windowSeconds: 60, blockSeconds: 300, addresses: 10_000 });
    assert.equal(c.watch, false);
    assert.deepEqual(c.websub.hubs, []);
  });

  test('FEEDWRIGHT_WEBHOOK_SECRET wins over webhook.secret; an empty one is unset', () => {
    const { dir, file } = withFile('webhook:\n  secret: from-the-config-file\n');
    const fromEnv = loadConfig({ cwd: dir, env: { FEEDWRIGHT_CONFIG: file, FEEDWRIGHT_WEBHOOK_SECRET: 'from-the-environment' } });
    assert.equal(fromEnv.webhook.secret, 'from-the-environment');
    const empty = loadConfig({ cwd: dir, env: { FEEDWRIGHT_CONFIG: file, FEEDWRIGHT_WEBHOOK_SECRET: '' } });
    assert.equal(empty.webhook.secret, 'from-the-config-file');
    rejects('site:\n  title: T\n', /webhook\.secret \(from FEEDWRIGHT_WEBHOOK_SECRET\): must be at least 16 characters .*FEEDWRIGHT_WEBHOOK_SECRET/, {
      FEEDWRIGHT_WEBHOOK_SECRET: 'short',
    });
  });

  test('websub hubs must be distinct absolute http(s) URLs; watch is a boolean', () => {
    const { dir, file } = withFile('websub:\n  hubs: [https://hub.example/, "http://h.example/p?a=1&b=2"]\nwatch: true\n');
    const c = loadConfig({ cwd: dir, env: {}, overrides: { configPath: file } });
    assert.deepEqual(c.websub.hubs, ['https://hub.example/', 'http://h.example/p?a=1&b=2']);
    assert.equal(c.watch, true);
    rejects('websub:\n  hubs: [hub.example]\n', /websub\.hubs\.0: must be an absolute http/);
    rejects('websub:\n  hubs: [https://a.example/, https://a.example/]\n', /websub\.hubs: must not repeat a hub/);
    rejects('websub:\n  hub: https://a.example/\n', /websub\.hub: unknown key/);
    rejects('watch: sometimes\n', /watch: .*expected boolean/);
  });
});

describe('posts.git', () => {
  test('timeoutSeconds defaults to 30; a query string in an http(s) URL is refused without quoting it', () => {
    const { dir, file } = withFile('posts:\n  git:\n    url: https://git.example.org/site.git\n');
    const c = loadConfig({ cwd: dir, env: {}, overrides: { configPath: file } });
    assert.equal(c.posts.git?.timeoutSeconds, 30);
    rejects(
      'posts:\n  git:\n    url: https://git.example.org/site.git?access_token=tok-9f2\n',
      /^(?![\s\S]*tok-9f2)[\s\S]*posts\.git\.url: must not have a query string/,
    );
    rejects('posts:\n  git:\n    url: https://git.example.org/site.git\n    timeoutSeconds: 0\n', /posts\.git\.timeoutSeconds/);
  });

  test('the checkout is named after the URL without credentials; the folder older versions used is named too', () => {
    const cache = mkdtempSync(path.join(os.tmpdir(), 'fw-cfg-cache-'));
    const load = (url: string) => {
      const { dir, file } = withFile(`posts:\n  git:\n    url: ${JSON.stringify(url)}\ndiskCache:\n  dir: ${JSON.stringify(cache)}\n`);
      return loadConfig({ cwd: dir, env: {}, overrides: { configPath: file } }).posts.git;
    };
    const clean = load('https://git.example.org/site.git');
    const withPassword = load('https://bot:pw1@git.example.org/site.git');
    const rotated = load('https://bot:pw2@git.example.org/site.git');
    assert.equal(clean?.formerCheckout, undefined);
    assert.equal(withPassword?.checkout, clean?.checkout, 'a new password finds the same checkout');
    assert.equal(rotated?.checkout, clean?.checkout);
    assert.notEqual(withPassword?.formerCheckout, withPassword?.checkout);
    assert.equal(path.dirname(withPassword?.formerCheckout ?? ''), path.join(cache, 'git'));
  });
});

describe('renamed keys', () => {
  test('rescan.minInterval still works as rescan.minIntervalMs, with a warning that names both', () => {
    const { dir, file } = withFile('rescan:\n  minInterval: 2500\n');
    const warnings: string[] = [];
    const c = loadConfig({ env: {}, cwd: dir, overrides: { configPath: file }, warn: (m) => warnings.push(m) });
    assert.equal(c.rescan.minIntervalMs, 2500);
    assert.equal(Object.hasOwn(c.rescan, 'minInterval'), false);
    assert.deepEqual(warnings, [`${file}: rescan.minInterval is renamed rescan.minIntervalMs; the old name still works for now`]);
  });

  test('the new name alone gives no warning; both names at once is an error naming the key', () => {
    const { dir, file } = withFile('rescan:\n  minIntervalMs: 10\n');
    const warnings: string[] = [];
    assert.equal(loadConfig({ env: {}, cwd: dir, overrides: { configPath: file }, warn: (m) => warnings.push(m) }).rescan.minIntervalMs, 10);
    assert.deepEqual(warnings, []);
    rejects('rescan:\n  minInterval: 10\n  minIntervalMs: 20\n', /rescan\.minInterval: renamed rescan\.minIntervalMs, which is set too/);
  });

  test('by default the warning is a process DeprecationWarning with code FW_CONFIG_DEPRECATED', async () => {
    const { dir, file } = withFile('rescan:\n  minInterval: 5\n');
    const warned = new Promise<Error & { code?: string }>((resolve) => process.once('warning', resolve));
    loadConfig({ env: {}, cwd: dir, overrides: { configPath: file } });
    const w = await warned;
    assert.deepEqual([w.name, w.code], ['DeprecationWarning', 'FW_CONFIG_DEPRECATED']);
  });
});

describe('HOST, log.requests and the defaults notice', () => {
  test('HOST sets server.host (an empty HOST is unset); --host wins over both HOST and the file', () => {
    const { dir, file } = withFile('server:\n  host: 0.0.0.0\n  port: 9000\n');
    const load = (env: Record<string, string>, host?: string) =>
      loadConfig({ env, cwd: dir, overrides: { configPath: file, ...(host ? { host } : {}) } }).server;
    assert.deepEqual(load({}), { host: '0.0.0.0', port: 9000, trustProxy: 0 });
    assert.equal(load({ HOST: '127.0.0.1' }).host, '127.0.0.1');
    assert.equal(load({ HOST: '' }).host, '0.0.0.0');
    assert.equal(load({ HOST: '127.0.0.1' }, '::1').host, '::1');
    assert.equal(load({ HOST: '127.0.0.1', PORT: '81' }).port, 81, 'PORT still applies beside HOST');
    assert.equal(loadConfig({ env: {}, cwd: mkdtempSync(path.join(os.tmpdir(), 'fw-cfg-')) }).server.host, '0.0.0.0', 'the default is as before');
  });

  test('log.requests is off by default and takes a boolean', () => {
    const { dir, file } = withFile('log:\n  requests: true\n');
    assert.equal(loadConfig({ env: {}, cwd: dir, overrides: { configPath: file } }).log.requests, true);
    assert.equal(loadConfig({ env: {}, cwd: mkdtempSync(path.join(os.tmpdir(), 'fw-cfg-')) }).log.requests, false);
    rejects('log:\n  requests: yes please\n', /log\.requests: .*expected boolean/);
  });

  test('one notice names the defaults used: no config file, site.url not set; none when both are given', () => {
    const notices = (options: Parameters<typeof loadConfig>[0]): string[] => {
      const heard: string[] = [];
      loadConfig({ ...options, defaults: (m) => heard.push(m) });
      return heard;
    };
    const empty = mkdtempSync(path.join(os.tmpdir(), 'fw-cfg-'));
    const none = notices({ env: {}, cwd: empty });
    assert.equal(none.length, 1);
    assert.match(
      none[0] ?? '',
      new RegExp(
        `^no config file at ${path.join(empty, 'config', 'feedwright.yaml')}: the built-in defaults apply \\(site\\.title "feedwright", posts\\.dir ${path.join(empty, 'posts')}`,
      ),
    );
    assert.match(
      none[0] ?? '',
      /; site\.url is not set: feeds and pages link to http:\/\/localhost:8080\/ \(set site\.url, FEEDWRIGHT_SITE_URL or --site-url\)$/,
    );

    const { dir, file } = withFile('site:\n  title: T\n');
    assert.deepEqual(notices({ env: {}, cwd: dir, overrides: { configPath: file } }), [
      'site.url is not set: feeds and pages link to http://localhost:8080/ (set site.url, FEEDWRIGHT_SITE_URL or --site-url)',
    ]);
    assert.deepEqual(notices({ env: { FEEDWRIGHT_SITE_URL: 'https://a.example/' }, cwd: dir, overrides: { configPath: file } }), []);
    assert.deepEqual(notices({ env: {}, cwd: dir, overrides: { configPath: file, siteUrl: 'https://a.example/' } }), []);
  });
});

describe('where a value came from (check --explain)', () => {
  const origin = (key: string, env: Record<string, string>, text = 'site:\n  url: https://a.example/\n'): string | undefined => {
    const { dir, file } = withFile(text);
    const { origins } = loadExplainedConfig({ env, cwd: dir, overrides: { configPath: file } });
    return originOf(key, origins);
  };

  test("the cache folder names the variable it came from, systemd's CACHE_DIRECTORY included: none is a default", () => {
    assert.equal(origin('diskCache.dir', { CACHE_DIRECTORY: '/var/cache/feedwright' }), "CACHE_DIRECTORY (systemd's CacheDirectory=)");
    assert.equal(origin('diskCache.dir', { FEEDWRIGHT_CACHE_DIR: '/tmp/c', CACHE_DIRECTORY: '/var/cache/feedwright' }), 'FEEDWRIGHT_CACHE_DIR');
    assert.equal(origin('diskCache.dir', { XDG_CACHE_HOME: '/x' }), 'XDG_CACHE_HOME');
    assert.equal(origin('diskCache.dir', { HOME: '/home/u' }), 'HOME (~/.cache/feedwright)');
    assert.equal(origin('diskCache.enabled', { FEEDWRIGHT_CACHE_DIR: 'off', HOME: '/home/u' }), 'FEEDWRIGHT_CACHE_DIR=off');
    // Set in the file: the file, whatever systemd says.
    assert.match(origin('diskCache.dir', { CACHE_DIRECTORY: '/var/cache/feedwright' }, 'diskCache:\n  dir: cache\n') ?? '', /feedwright\.yaml$/);
    assert.equal(origin('diskCache.dir', {}), undefined, 'no folder at all: nothing to name');
  });

  test('feeds.baseUrl left out is site.url, and says so', () => {
    assert.match(origin('feeds.baseUrl', {}) ?? '', /^site\.url \(.*feedwright\.yaml\)$/);
    assert.equal(origin('feeds.baseUrl', { FEEDWRIGHT_SITE_URL: 'https://b.example/' }, ''), 'site.url (FEEDWRIGHT_SITE_URL)');
  });
});
