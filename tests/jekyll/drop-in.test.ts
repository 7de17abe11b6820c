// Issue 15's "done when": feedwright pointed at a Jekyll site folder, with no config of its own, writes and serves
// the same entries as jekyll-feed at the same paths: same ids (so readers show nothing again), links, title text,
// published and updated instants, categories, tags and author, for every feed jekyll-feed wrote; and they validate.
// Runs the built CLI (dist/cli/main.js); the reference is the real `jekyll build` (tests/helpers/jekyll.ts).
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { decodeHTML } from 'entities';
import { CLI, runCli, spawnCli } from '../helpers/cli.js';
import { JEKYLL_FIXTURE, jekyllReference, type JekyllEntry, type JekyllFeed } from '../helpers/jekyll.js';
import { get } from '../helpers/service.js';
import { until } from '../helpers/until.js';
import { validateFeeds } from '../helpers/validate.js';
import { atomEntries, list, type XmlNode } from '../helpers/xml.js';

// Not the machine's zone nor the fixture's: a date must follow _config.yml's `timezone`, whatever TZ says.
const ENV = { TZ: 'America/New_York' };

/** A fresh copy of the fixture: feedwright gets the site exactly as a user has it (no reference page, no _site). */
function siteCopy(): string {
  assert.ok(existsSync(CLI), `${CLI} is missing: build it first (npm run build)`);
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'fw-jekyll-site-')), 'site');
  cpSync(JEKYLL_FIXTURE, dir, { recursive: true });
  return dir;
}

interface OurEntry {
  readonly id: string;
  readonly link: string;
  readonly title: string;
  readonly published: string;
  readonly updated: string;
  /** `<category>` terms grouped by scheme (feedwright names the taxonomy in `scheme`), in document order. */
  readonly termsByScheme: ReadonlyMap<string, readonly string[]>;
  readonly authorName: string;
}

function textOf(node: unknown): string {
  if (typeof node === 'string') return node;
  if (node && typeof node === 'object') return '#text' in node ? String((node as XmlNode)['#text']) : '';
  return node === undefined ? '' : String(node);
}

function ourEntries(xml: string): OurEntry[] {
  return atomEntries(xml).map((e) => {
    const title = e.title;
    const titleType = title && typeof title === 'object' ? (title as XmlNode)['@type'] : undefined;
    const alternate = list(e.link).find((l) => (l['@rel'] ?? 'alternate') === 'alternate');
    const termsByScheme = new Map<string, string[]>();
    for (const c of list(e.category)) {
      const scheme = String(c['@scheme'] ?? '');
      termsByScheme.set(scheme, [...(termsByScheme.get(scheme) ?? []), String(c['@term'] ?? '')]);
    }
    return {
      id: textOf(e.id),
      link: alternate ? String(alternate['@href'] ?? '') : '',
      title: titleType === 'html' || titleType === 'xhtml' ? decodeHTML(textOf(title)) : textOf(title),
      published: textOf(e.published),
      updated: textOf(e.updated),
      termsByScheme,
      authorName: textOf(list(e.author)[0]?.name),
    };
  });
}

const sorted = (xs: readonly string[]): string[] => [...xs].sort();
const instant = (s: string, what: string): number => {
  const t = Date.parse(s);
  assert.ok(Number.isFinite(t), `${what}: not a date: ${JSON.stringify(s)}`);
  return t;
};

/** Every entry of jekyll-feed's `reference` has its counterpart in `ours` (same id), equal field by field. */
function assertSameEntries(reference: JekyllFeed, oursXml: string, where: string): void {
  const posts = new Map(jekyllReference().posts.map((p) => [p.id, p]));
  const ours = ourEntries(oursXml);
  assert.deepEqual(sorted(ours.map((e) => e.id)), sorted(reference.entries.map((e) => e.id)), `${where}: the same set of entry ids`);
  const byId = new Map(ours.map((e) => [e.id, e]));
  for (const want of reference.entries) assertSameEntry(want, byId.get(want.id), posts.get(want.id)?.categories ?? [], `${where} ${want.id}`);
}

function assertSameEntry(want: JekyllEntry, got: OurEntry | undefined, categories: readonly string[], where: string): void {
  assert.ok(got, `${where}: missing`);
  assert.equal(got.link, want.link, `${where}: link`);
  assert.equal(got.title, want.title, `${where}: title text`);
  assert.equal(instant(got.published, where), instant(want.published, where), `${where}: published ${got.published} vs ${want.published}`);
  assert.equal(instant(got.updated, where), instant(want.updated, where), `${where}: updated ${got.updated} vs ${want.updated}`);
  assert.equal(got.authorName, want.authorName, `${where}: author name`);
  // jekyll-feed writes categories and tags alike as <category term>; feedwright may tell them apart by scheme.
  // One difference on purpose (docs/guides/coming-from-jekyll.md): jekyll-feed's template writes only the
  // singular `category:` when a post has one, dropping the categories its folders give it; feedwright
  // writes all of the post's categories, as Jekyll itself has them (page.categories). Elsewhere the two
  // lists are the same, which the first assertion checks.
  const ourTerms = [...got.termsByScheme.values()].flat();
  const jekyllTerms = [...categories, ...want.tags];
  if (sorted(want.terms).join('\0') !== sorted(jekyllTerms).join('\0')) {
    assert.ok(
      want.terms.every((t) => jekyllTerms.includes(t)),
      `${where}: jekyll-feed's terms are Jekyll's categories and tags`,
    );
  }
  assert.deepEqual(sorted(ourTerms), sorted(jekyllTerms), `${where}: categories and tags`);
  if (got.termsByScheme.size > 1 || (got.termsByScheme.size === 1 && !got.termsByScheme.has(''))) {
    const groups = [...got.termsByScheme.values()].map((g) => JSON.stringify(sorted(g))).sort();
    const wanted = [categories, want.tags]
      .filter((g) => g.length > 0)
      .map((g) => JSON.stringify(sorted(g)))
      .sort();
    assert.deepEqual(groups, wanted, `${where}: categories ${JSON.stringify(want.categories)} and tags ${JSON.stringify(want.tags)} apart`);
  }
}

test('feedwright build --site <Jekyll site>: every feed jekyll-feed writes, at the same path, with the same entries, valid', () => {
  const reference = jekyllReference();
  const site = siteCopy();
  const out = mkdtempSync(path.join(os.tmpdir(), 'fw-jekyll-out-'));
  const run = runCli(['build', '--site', site, '--out', out], { env: ENV });
  assert.equal(run.status, 0, `feedwright build failed:\n${run.stdout}${run.stderr}`);
  const produced: Record<string, string> = {};
  for (const [rel, feed] of reference.feeds) {
    // Paths as in Jekyll's _site: baseurl is where the site is mounted, not part of the path.
    const file = path.join(out, ...rel.split('/'));
    assert.ok(existsSync(file), `feedwright wrote no ${rel} (jekyll-feed did)`);
    const xml = readFileSync(file, 'utf8');
    assertSameEntries(feed, xml, rel);
    produced[rel] = xml;
  }
  const report = validateFeeds(produced);
  assert.equal(report.errors, 0, report.output);
  assert.equal(report.warnings, 0, report.output);
});

test('feedwright serve --site <Jekyll site>: /feed.xml answers 200 with the same entries as jekyll-feed', async () => {
  const reference = jekyllReference();
  const site = siteCopy();
  const child = spawnCli(['serve', '--site', site, '--port', '0', '--host', '127.0.0.1'], { env: { ...ENV, LOG_LEVEL: 'info' } });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const startedUrl = (): string | undefined => {
    for (const line of stdout.split('\n')) {
      if (!line.trim().startsWith('{')) continue;
      const parsed = JSON.parse(line) as { msg?: string; url?: string };
      if (parsed.msg === 'feedwright started' && parsed.url) return parsed.url;
    }
    return undefined;
  };
  try {
    await until(() => startedUrl() !== undefined || child.exitCode !== null, 'feedwright serve to start', 20_000);
    const url = startedUrl();
    assert.ok(url, `feedwright serve did not start (exit ${child.exitCode}):\n${stdout}${stderr}`);
    for (const rel of ['feed.xml', 'feed/news.xml', 'feed/by_tag/alpha.xml']) {
      const response = await get(new URL(rel.split('/').map(encodeURIComponent).join('/'), url).href);
      assert.equal(response.status, 200, `GET /${rel}`);
      const feed = reference.feeds.get(rel);
      assert.ok(feed, rel);
      assertSameEntries(feed, response.text, `served /${rel}`);
    }
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
});
