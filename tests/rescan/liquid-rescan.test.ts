// Rescans of a Jekyll site whose posts use Liquid (issue 24): a change to _data/, _includes/, _config.yml
// or another post re-renders exactly the posts whose rendering read it, and nothing else; the warm cache
// keeps what each post read. And the bad input the issue lists: one problem each, with file, line and
// construct, the post published, every other post as it was, the service answering throughout.
import assert from 'node:assert/strict';
import http from 'node:http';
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { loadConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/schema.js';
import type { ContentSite } from '../../src/content/render-body.js';
import type { Problem } from '../../src/errors.js';
import type { Post } from '../../src/posts/post.js';
import { scanOptionsFrom } from '../../src/posts/options.js';
import type { ScanDelta } from '../../src/posts/scan.js';
import type { ContentAnswer } from '../../src/sources/contents.js';
import { FolderSource, type PostSource } from '../../src/sources/post-source.js';
import { ArchiveCache } from '../../src/archives/archive-cache.js';
import { Rescanner } from '../../src/rescan/rescanner.js';
import type { Service } from '../../src/service.js';
import { SnapshotStore } from '../../src/snapshot/store.js';
import { startTestService } from '../helpers/service.js';
import { atomEntries, list, type XmlNode } from '../helpers/xml.js';

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A Jekyll site in a temporary folder, with feedwright's own keys for a test (no cron, port 0, silent). */
function site(files: Record<string, string>): { dir: string; write: (rel: string, text: string) => void; config: () => Config } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fw-liquid-rescan-'));
  dirs.push(dir);
  const write = (rel: string, text: string): void => {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  };
  for (const [rel, text] of Object.entries(files)) write(rel, text);
  return { dir, write, config: () => loadConfig({ env: { TZ: 'UTC' }, cwd: dir, overrides: { siteDir: dir } }) };
}

const CONFIG = [
  'title: Rescans',
  'url: https://example.org',
  'timezone: UTC',
  'download_base: https://dl.example.org',
  'feed: { posts_limit: 50 }',
  'feedwright:',
  '  server: { host: 127.0.0.1, port: 0 }',
  '  rescan: { minIntervalMs: 0 }',
  '  log: { level: silent }',
  '  posts: { workers: 0 }',
  '',
].join('\n');

const post = (title: string, body: string, front = ''): string => `---\ntitle: ${title}\n${front}---\n${body}\n`;

/** The folder, remembering which posts it was asked to render. */
class Recording implements PostSource {
  rendered: string[] = [];
  constructor(readonly inner: FolderSource) {}
  scan(signal?: AbortSignal): Promise<ScanDelta> {
    return this.inner.scan(signal);
  }
  async contents(posts: readonly Post[], signal?: AbortSignal, site?: ContentSite): Promise<ContentAnswer[]> {
    this.rendered.push(...posts.map((p) => p.path));
    return this.inner.contents(posts, signal, site);
  }
  reset(): void {
    this.inner.reset();
  }
  records() {
    return this.inner.records();
  }
  restore(records: Parameters<FolderSource['restore']>[0]) {
    return this.inner.restore(records);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
  /** What the rescan since the last call rendered, sorted. */
  take(): string[] {
    const out = [...this.rendered].sort();
    this.rendered = [];
    return out;
  }
}

function entryContent(store: SnapshotStore, title: string): string {
  const atom = store.current?.entries.get('/atom.xml');
  assert.ok(atom);
  const xml = Buffer.concat(atom.body.chunks as Buffer[]).toString('utf8');
  const entry = atomEntries(xml).find((e) => JSON.stringify(e.title).includes(title));
  assert.ok(entry, `no entry ${title}`);
  const content = entry.content as XmlNode | string;
  return typeof content === 'string' ? content : String(content['#text'] ?? '');
}

describe('rescans re-render exactly the posts whose inputs changed', () => {
  const s = site({
    '_config.yml': CONFIG,
    '_data/releases.yml': '- version: 1.0\n  url: https://dl.example.org/1.0.tgz\n',
    '_includes/note.html': '<div class="note">{{ include.text }}</div>',
    '_posts/2024-01-01-data.md': post('Data', 'Latest: {{ site.data.releases[0].version }}.'),
    '_posts/2024-01-02-include.md': post('Include', '{% include note.html text="hi" %}'),
    '_posts/2024-01-03-target.md': post('Target', 'The target.'),
    '_posts/2024-01-04-linker.md': post('Linker', 'See [it]({% post_url 2024-01-03-target %}).'),
    '_posts/2024-01-05-plain.md': post('Plain', 'No Liquid at all.'),
    '_posts/2024-01-06-lister.md': post('Lister', '{% for p in site.posts %}{{ p.title }};{% endfor %}'),
    '_posts/2024-01-07-titled.md': post('Titled', 'On {{ site.title }}.'),
    '_posts/2024-01-08-based.md': post('Based', 'From {{ site.download_base }}.'),
  });
  const config = s.config();
  const source = new Recording(new FolderSource(scanOptionsFrom(config), config));
  const store = new SnapshotStore();
  const rescanner = new Rescanner({ config, store, source });
  after(() => rescanner.close());

  test('the first rescan renders every post; one with nothing changed renders none', async () => {
    const first = await rescanner.trigger('test');
    assert.equal(first.ok, true, JSON.stringify(first.problems));
    assert.deepEqual(first.problems, []);
    assert.equal(source.take().length, 8);
    assert.match(entryContent(store, 'Data'), /Latest: 1\.0\./);
    assert.match(entryContent(store, 'Linker'), /href="https:\/\/example\.org\/2024\/01\/03\/target\.html"/);
    await rescanner.trigger('test');
    assert.deepEqual(source.take(), []);
  });

  test('a data file: the post that reads it', async () => {
    s.write('_data/releases.yml', '- version: 2.0\n  url: https://dl.example.org/2.0.tgz\n');
    const r = await rescanner.trigger('test');
    assert.equal(r.ok, true);
    assert.deepEqual(source.take(), ['_posts/2024-01-01-data.md']);
    assert.match(entryContent(store, 'Data'), /Latest: 2\.0\./);
  });

  test('an include: the post that includes it', async () => {
    s.write('_includes/note.html', '<aside>{{ include.text }}</aside>');
    await rescanner.trigger('test');
    assert.deepEqual(source.take(), ['_posts/2024-01-02-include.md']);
    assert.match(entryContent(store, 'Include'), /<aside>hi<\/aside>/);
  });

  test('_config.yml: only the posts that read the key that changed', async () => {
    s.write('_config.yml', CONFIG.replace('download_base: https://dl.example.org', 'download_base: https://mirror.example.org'));
    await rescanner.trigger('test');
    assert.deepEqual(source.take(), ['_posts/2024-01-08-based.md']);
    assert.match(entryContent(store, 'Based'), /mirror\.example\.org/);
    s.write('_config.yml', `${CONFIG.replace('download_base: https://dl.example.org', 'download_base: https://mirror.example.org')}unrelated: 1\n`);
    await rescanner.trigger('test');
    assert.deepEqual(source.take(), [], 'a key no post reads renders nothing');
  });

  test('a renamed post: the post that links it, the post that lists posts, and the renamed one', async () => {
    renameSync(path.join(s.dir, '_posts/2024-01-03-target.md'), path.join(s.dir, '_posts/2024-01-03-moved.md'));
    const r = await rescanner.trigger('test');
    assert.deepEqual(source.take(), ['_posts/2024-01-03-moved.md', '_posts/2024-01-04-linker.md', '_posts/2024-01-06-lister.md']);
    const missing = r.problems.find((p) => p.code === 'FW_LIQUID_MISSING_POST');
    assert.deepEqual(missing && [missing.path, missing.line], ['_posts/2024-01-04-linker.md', 4]);
    s.write('_posts/2024-01-04-linker.md', post('Linker', 'See [it]({% post_url 2024-01-03-moved %}).'));
    const fixed = await rescanner.trigger('test');
    assert.deepEqual(source.take(), ['_posts/2024-01-04-linker.md']);
    assert.equal(fixed.problems.length, 0);
    assert.match(entryContent(store, 'Linker'), /2024\/01\/03\/moved\.html/);
  });

  test('a new post: the posts that list posts, and the new one', async () => {
    s.write('_posts/2024-01-09-new.md', post('New', 'Just text.'));
    await rescanner.trigger('test');
    assert.deepEqual(source.take(), ['_posts/2024-01-06-lister.md', '_posts/2024-01-09-new.md']);
    assert.match(entryContent(store, 'Lister'), /New;/);
  });
});

/** While `until` runs: how many /healthz requests (from this process, one at a time) were answered. */
async function heldDuring<T>(url: string, until: Promise<T>): Promise<{ value: T; answers: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  let done = false;
  let answers = 0;
  const poll = (async () => {
    while (!done) {
      await new Promise<void>((resolve, reject) => {
        http.get(`${url}healthz`, { agent }, (res) => res.resume().on('end', resolve)).on('error', reject);
      });
      answers++;
    }
  })();
  try {
    const value = await until.finally(() => (done = true));
    await poll;
    return { value, answers };
  } finally {
    agent.destroy();
  }
}

describe('bad input: one problem each, the post published, every other post untouched, the service answering', () => {
  const GOOD = ['one', 'two', 'three'];
  const files: Record<string, string> = {
    '_config.yml': CONFIG,
    '_includes/self.html': 'again {% include self.html %}',
    '_data/good.yml': 'name: good\n',
  };
  for (const [i, name] of GOOD.entries()) files[`_posts/2024-02-0${i + 1}-${name}.md`] = post(name, `Good {{ site.data.good.name }} post ${name}.`);
  const s = site(files);
  let service: Service;
  after(() => service?.close());

  // Each bad post: its file, the construct, the line (the body starts on line 4), the code.
  const BAD: readonly { file: string; body: string; code: Problem['code']; line: number; says: RegExp }[] = [
    { file: '_posts/2024-03-01-unknown-tag.md', body: 'Hi\n{% avatar user %} there', code: 'FW_LIQUID_UNKNOWN_TAG', line: 5, says: /avatar/ },
    { file: '_posts/2024-03-02-unknown-filter.md', body: '{{ "x" | shout }} ok', code: 'FW_LIQUID_UNKNOWN_FILTER', line: 4, says: /shout/ },
    { file: '_posts/2024-03-03-unclosed.md', body: 'Start\n\n{% if true %}never closed', code: 'FW_LIQUID_SYNTAX', line: 6, says: /not closed/ },
    {
      file: '_posts/2024-03-04-missing-include.md',
      body: '{% include nowhere.html %} after',
      code: 'FW_LIQUID_MISSING_INCLUDE',
      line: 4,
      says: /nowhere\.html/,
    },
    {
      file: '_posts/2024-03-05-bad-post-url.md',
      body: 'A\nB\n[x]({% post_url 2020-01-01-nothing %})',
      code: 'FW_LIQUID_MISSING_POST',
      line: 6,
      says: /2020-01-01-nothing/,
    },
    {
      file: '_posts/2024-03-06-loop.md',
      body: '{% for i in (1..1000000) %}{% for j in (1..100) %}x{% endfor %}{% endfor %}',
      code: 'FW_LIQUID_OVER_BUDGET',
      line: 4,
      says: /budget|blocks|limit/,
    },
    { file: '_posts/2024-03-07-self-include.md', body: 'Before {% include self.html %}', code: 'FW_LIQUID_OVER_BUDGET', line: 4, says: /nested more than 16/ },
    {
      file: '_posts/2024-03-08-long-loop.md',
      body: 'x\n{% for i in (1..2000000) %}{% if i %}{% endif %}{% endfor %}',
      code: 'FW_LIQUID_OVER_BUDGET',
      line: 5,
      says: /budget|blocks|limit/,
    },
    {
      file: '_posts/2024-03-10-assign-loop.md',
      body: '{% for i in (1..999999) %}{% assign x = i | plus: 1 %}{% capture y %}{{ x }}{% endcapture %}{% endfor %}',
      code: 'FW_LIQUID_OVER_BUDGET',
      line: 4,
      says: /budget|blocks|limit/,
    },
    {
      file: '_posts/2024-03-09-big-output.md',
      body: '{% for i in (1..300000) %}0123456789012345678901234567890123456789{% endfor %}',
      code: 'FW_LIQUID_OVER_BUDGET',
      line: 4,
      says: /characters of output/,
    },
  ];

  test('the first rescan publishes every post; then each bad one is added', async () => {
    service = await startTestService(s.config());
    const before = service.store.current;
    assert.ok(before);
    const good = new Map(GOOD.map((name) => [name, entryContent(service.store, name)]));
    for (const bad of BAD) s.write(bad.file, post(path.basename(bad.file, '.md').slice(11), bad.body));
    s.write('_data/broken.yml', 'key: [unclosed\n');
    // Newer quick posts come first in the rescan's work: its slices grow to many posts each before the bombs.
    for (let i = 10; i < 40; i++) s.write(`_posts/2024-04-${(i % 28) + 1}-quick-${i}.md`, post(`quick ${i}`, 'Quick {{ site.title }}.'));
    const { value: r, answers } = await heldDuring(service.url, service.rescanner.trigger('test'));
    assert.equal(r.ok, true);
    assert.equal(r.posts, GOOD.length + BAD.length + 30, 'every post is published');
    for (const bad of BAD) {
      const mine = r.problems.filter((p) => p.path === bad.file);
      assert.equal(mine.length, 1, `${bad.file}: one problem, not ${JSON.stringify(mine)}`);
      const [p] = mine as [Problem];
      assert.equal(p.code, bad.code, bad.file);
      assert.equal(p.line, bad.line, `${bad.file}: line`);
      assert.match(p.reason, bad.says, bad.file);
      assert.equal(p.severity, 'warning');
    }
    const data = r.problems.filter((p) => p.code === 'FW_DATA_BAD');
    // The line is where the parser stopped: the end of the unclosed list.
    assert.deepEqual(
      data.map((p) => [p.path, p.line]),
      [['_data/broken.yml', 2]],
    );
    for (const [name, content] of good) assert.equal(entryContent(service.store, name), content, `${name} is as it was`);
    // Each bomb costs at most one post's budget, alone in its slice: the thread is let go between them, so
    // /healthz is answered during the rescan (rendered together, they held it until the end).
    assert.ok(answers >= 2, `only ${answers} answers to /healthz during the rescan`);
    // Published as Jekyll would not have it: the unknown tag renders nothing, the rest renders.
    assert.match(entryContent(service.store, 'unknown-tag'), /Hi\s*there/);
    assert.doesNotMatch(entryContent(service.store, 'unknown-tag'), /avatar/);
  });

  test('a post that breaks keeps its last good rendering; fixed, it renders again', async () => {
    const file = '_posts/2024-02-01-one.md';
    s.write(file, post('one', 'Broken {% if %}'));
    const broken = await service.rescanner.trigger('test');
    assert.equal(
      broken.problems
        .filter((p) => p.path === file)
        .map((p) => p.code)
        .join(),
      'FW_LIQUID_SYNTAX',
    );
    assert.match(entryContent(service.store, 'one'), /Good good post one\./, 'the last good rendering');
    s.write(file, post('one', 'Mended {{ site.data.good.name }}.'));
    const fixed = await service.rescanner.trigger('test');
    assert.equal(fixed.problems.filter((p) => p.path === file).length, 0);
    assert.match(entryContent(service.store, 'one'), /Mended good\./);
  });

  test('every later rescan reports the same problems and renders nothing again', async () => {
    const a = await service.rescanner.trigger('test');
    const b = await service.rescanner.trigger('test');
    assert.deepEqual(b.problems, a.problems);
    assert.equal(b.rendered, 0);
    assert.ok(list(b.problems).length >= BAD.length);
  });
});

describe('warm restarts keep what each post read', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'fw-liquid-cache-'));
  dirs.push(root);
  const s = site({
    '_config.yml': `${CONFIG}  diskCache: { dir: ${JSON.stringify(root)} }\n`,
    '_data/v.yml': 'n: 1\n',
    '_posts/2024-01-01-reads.md': post('Reads', 'Version {{ site.data.v.n }}.'),
    '_posts/2024-01-02-plain.md': post('Plain', 'Nothing to read.'),
  });

  test('a restart over an unchanged site renders nothing; a data file changed while stopped is rendered again', async () => {
    const first = await startTestService(s.config());
    assert.match(entryContent(first.store, 'Reads'), /Version 1\./);
    await first.close();

    const same = await startTestService(s.config());
    try {
      const r = same.rescanner.last;
      assert.deepEqual([r?.ok, r?.parsed, r?.rendered], [true, 0, 0], 'every content (and its dependencies) from the cache');
      assert.equal(same.store.generation, 2, 'served from the cache at once, then the first rescan swapped in the same bytes');
    } finally {
      await same.close();
    }

    s.write('_data/v.yml', 'n: 2\n');
    const changed = await startTestService(s.config());
    try {
      assert.equal(changed.rescanner.last?.parsed, 0, 'no post file changed');
      // The documents were not served at once: they were rendered with the data as it was.
      assert.equal(changed.store.generation, 1);
      assert.match(entryContent(changed.store, 'Reads'), /Version 2\./, 'what the post read was kept and checked');
    } finally {
      await changed.close();
    }
  });
});

describe("archive pages render their posts' Liquid with the snapshot's site", () => {
  test('a post past the feeds, on the archive page; a data change renders the page again', async () => {
    const s = site({
      '_config.yml': CONFIG.replace('feed: { posts_limit: 50 }', 'feed: { posts_limit: 1 }').replace(
        'feedwright:',
        'feedwright:\n  feeds: { archive: { pageSize: 2 } }',
      ),
      '_data/v.yml': 'n: 1\n',
      '_posts/2024-01-01-old.md': post('Old', 'Old reads {{ site.data.v.n }}.'),
      '_posts/2024-01-02-older.md': post('Older', 'Plain.'),
      '_posts/2024-01-03-new.md': post('New', 'New.'),
    });
    const config = s.config();
    const store = new SnapshotStore();
    const rescanner = new Rescanner({ config, store });
    try {
      await rescanner.trigger('test');
      const cache = new ArchiveCache(config);
      const page = async (): Promise<string> => {
        const snapshot = store.current;
        assert.ok(snapshot);
        const entry = await cache.find(snapshot, '/archive/1/atom.xml');
        assert.ok(entry, 'no archive page 1');
        return Buffer.concat(entry.body.chunks as Buffer[]).toString('utf8');
      };
      assert.match(await page(), /Old reads 1\./);
      s.write('_data/v.yml', 'n: 2\n');
      await rescanner.trigger('test');
      assert.match(await page(), /Old reads 2\./, 'not the page kept from before the change');
    } finally {
      await rescanner.close();
    }
  });
});
