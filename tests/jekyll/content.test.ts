// Issue 24's "done when": what subscribers READ is what Jekyll rendered. tests/fixtures/jekyll-liquid-site is
// built with Debian's real `jekyll` + jekyll-feed and with `feedwright build --site`; for every entry of every
// feed jekyll-feed wrote, the content is compared as a reader gets it (tests/helpers/html-compare.ts): the same
// text after white space is folded, the same links and image sources, the same structure, no Liquid left; and
// the summary, the image and the entry's link.
// Posts whose front matter says `fixture: kramdown` need kramdown's Markdown (typography, header ids,
// attribute lists, footnotes…): their content is compared once the kramdown engine is behind
// src/content/markdown/ (it is detected below); until then those comparisons are reported as todo.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { decodeHTML } from 'entities';
import { markdownRenderer } from '../../src/content/markdown/index.js';
import { CLI, runCli } from '../helpers/cli.js';
import { readContent } from '../helpers/html-compare.js';
import { JEKYLL_LIQUID_FIXTURE, jekyllReference, type JekyllEntry } from '../helpers/jekyll.js';
import { validateFeeds } from '../helpers/validate.js';
import { atomEntries, list, type XmlNode } from '../helpers/xml.js';

const ENV = { TZ: 'America/New_York' };

/** Whether src/content/markdown renders kramdown's dialect yet (smart quotes are kramdown's, not CommonMark's). */
const KRAMDOWN = markdownRenderer({ engine: 'kramdown' })('"quoted" -- text').includes('\u201c');

interface Ours {
  readonly content: string;
  readonly summary: string | undefined;
  readonly image: string | undefined;
  readonly link: string;
}

function textOf(node: unknown): string {
  if (typeof node === 'string') return node;
  if (node && typeof node === 'object') return '#text' in node ? String((node as XmlNode)['#text']) : '';
  return node === undefined ? '' : String(node);
}

function ourEntries(xml: string): Map<string, Ours> {
  return new Map(
    atomEntries(xml).map((e) => {
      const links = list(e.link);
      const alternate = links.find((l) => (l['@rel'] ?? 'alternate') === 'alternate');
      const enclosure = links.find((l) => l['@rel'] === 'enclosure');
      const summary = e.summary === undefined ? undefined : textOf(e.summary);
      return [
        textOf(e.id),
        { content: textOf(e.content), summary, image: enclosure ? String(enclosure['@href']) : undefined, link: alternate ? String(alternate['@href']) : '' },
      ] as const;
    }),
  );
}

let built: { out: string; stderr: string } | undefined;

/** feedwright build --site on a fresh copy of the fixture (what a user has: no _site, no reference page). */
function feedwrightBuild(): { out: string; stderr: string } {
  if (built) return built;
  assert.ok(existsSync(CLI), `${CLI} is missing: build it first (npm run build)`);
  const site = path.join(mkdtempSync(path.join(os.tmpdir(), 'fw-liquid-site-')), 'site');
  cpSync(JEKYLL_LIQUID_FIXTURE, site, { recursive: true });
  const out = mkdtempSync(path.join(os.tmpdir(), 'fw-liquid-out-'));
  const run = runCli(['build', '--site', site, '--out', out], { env: ENV });
  assert.equal(run.status, 0, `feedwright build failed:\n${run.stdout}${run.stderr}`);
  built = { out, stderr: run.stderr };
  return built;
}

/** The differences between Jekyll's entry and ours, as a reader would see them; empty when none. */
function differences(want: JekyllEntry, got: Ours): string[] {
  const out: string[] = [];
  const base = want.contentBase ?? want.link;
  const theirs = readContent(want.content ?? '', base);
  const ours = readContent(got.content, got.link);
  if (ours.text !== theirs.text) out.push(`text:\n  jekyll:     ${theirs.text}\n  feedwright: ${ours.text}`);
  if (ours.links.join('\n') !== theirs.links.join('\n')) out.push(`links:\n  jekyll:     ${theirs.links.join(' ')}\n  feedwright: ${ours.links.join(' ')}`);
  if (ours.images.join('\n') !== theirs.images.join('\n'))
    out.push(`images:\n  jekyll:     ${theirs.images.join(' ')}\n  feedwright: ${ours.images.join(' ')}`);
  if (ours.structure.join(' ') !== theirs.structure.join(' '))
    out.push(`structure:\n  jekyll:     ${theirs.structure.join(' ')}\n  feedwright: ${ours.structure.join(' ')}`);
  if (ours.liquid !== theirs.liquid) out.push(`Liquid left: ${ours.liquid}, Jekyll's output has ${theirs.liquid}`);
  return out;
}

test('every entry of every feed jekyll-feed writes: the same content as Jekyll rendered it, summary and image too', async (t) => {
  const reference = jekyllReference(JEKYLL_LIQUID_FIXTURE);
  const posts = new Map(reference.posts.map((p) => [p.id, p]));
  const { out } = feedwrightBuild();
  const produced: Record<string, string> = {};
  let compared = 0;
  for (const [rel, feed] of reference.feeds) {
    const file = path.join(out, ...rel.split('/'));
    assert.ok(existsSync(file), `feedwright wrote no ${rel} (jekyll-feed did)`);
    const xml = readFileSync(file, 'utf8');
    produced[rel] = xml;
    const ours = ourEntries(xml);
    assert.deepEqual([...ours.keys()].sort(), feed.entries.map((e) => e.id).sort(), `${rel}: the same entries`);
    for (const want of feed.entries) {
      const got = ours.get(want.id) as Ours;
      const where = `${rel} ${want.id}`;
      assert.equal(got.link, want.link, `${where}: link`);
      assert.equal(got.image, want.image, `${where}: image (absolute_url keeps baseurl)`);
      // Both summaries are type="html" (jekyll-feed's the excerpt's text, stripped): a reader decodes them once.
      const summary =
        decodeHTML(got.summary ?? '') === decodeHTML(want.summary ?? '')
          ? []
          : [`summary:\n  jekyll:     ${decodeHTML(want.summary ?? '')}\n  feedwright: ${decodeHTML(got.summary ?? '')}`];
      const diff = [...summary, ...differences(want, got)];
      if (posts.get(want.id)?.fixture === 'kramdown' && !KRAMDOWN) {
        await t.test(`${where}: content and summary (need kramdown's Markdown)`, { todo: 'until src/content/markdown renders kramdown' }, () => {
          assert.deepEqual(diff, []);
        });
        continue;
      }
      assert.deepEqual(diff, [], `${where}: content and summary as a reader gets them\n${diff.join('\n')}`);
      compared++;
    }
  }
  assert.ok(compared >= 16, `only ${compared} entries compared`);
  const report = validateFeeds(produced);
  assert.equal(report.errors, 0, report.output);
});

test('no Liquid left in any entry feedwright writes, except where Jekyll leaves it too (raw, render_with_liquid: false)', () => {
  const reference = jekyllReference(JEKYLL_LIQUID_FIXTURE);
  const feed = reference.feeds.get('feed.xml');
  assert.ok(feed);
  const ours = ourEntries(readFileSync(path.join(feedwrightBuild().out, 'feed.xml'), 'utf8'));
  let left = 0;
  for (const want of feed.entries) {
    const got = ours.get(want.id) as Ours;
    const theirs = readContent(want.content ?? '', want.link).liquid;
    assert.equal(readContent(got.content, got.link).liquid, theirs, `${want.id}: Liquid a reader would see`);
    left += theirs;
  }
  assert.ok(left > 0, 'the fixture shows Liquid as written somewhere (raw, render_with_liquid: false)');
});

test('feedwright check --site on the fixture: no problem, as Jekyll builds it without one', () => {
  const site = path.join(mkdtempSync(path.join(os.tmpdir(), 'fw-liquid-check-')), 'site');
  cpSync(JEKYLL_LIQUID_FIXTURE, site, { recursive: true });
  const run = runCli(['check', '--site', site], { env: ENV });
  assert.equal(run.status, 0, run.stdout + run.stderr);
  assert.equal(run.stdout, '', 'no problem lines');
  assert.match(run.stderr, / 0 errors, 0 warnings/);
});
