// Random documents (seeded, so the same on every run) rendered by Debian's Jekyll and by the kramdown engine:
// the HTML must be the same (after normalize.ts). Documents on which kramdown itself raises are skipped (Jekyll
// cannot build such a post at all); the test says how many.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { markdownRenderer } from '../../../src/content/markdown/index.js';
import { normalizeHtml } from './normalize.js';
import { lineSoup, tokenSoup } from './random-markdown.js';
import { referenceHtml } from './reference.js';

const documents = [...tokenSoup(1, 300, 60), ...tokenSoup(2, 100, 200), ...lineSoup(3, 300, 25)];
const expected = referenceHtml(documents.map((source, i) => ({ name: `d${i}`, kind: 'markdown' as const, source })));

test(`${documents.length} random documents render as Jekyll's kramdown renders them`, (t) => {
  const render = markdownRenderer({ engine: 'kramdown' });
  const differing: string[] = [];
  let skipped = 0;
  documents.forEach((source, i) => {
    const want = expected.get(`d${i}`) ?? '';
    if (want.startsWith('!error')) {
      skipped++;
      return;
    }
    if (normalizeHtml(render(source)) !== normalizeHtml(want)) differing.push(JSON.stringify(source));
  });
  t.diagnostic(`${skipped} documents kramdown cannot convert were skipped`);
  assert.ok(skipped < documents.length / 10);
  assert.deepEqual(differing, []);
});
