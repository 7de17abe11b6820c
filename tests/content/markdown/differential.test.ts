// Random documents (seeded, so the same on every run) rendered by Debian's Jekyll and by the kramdown engine:
// the HTML must be the same (after normalize.ts). Documents on which kramdown itself raises are skipped (Jekyll
// cannot build such a post at all); the test says how many.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { markdownRenderer } from '../../../src/content/markdown/index.js';
import { normalizeHtml } from './normalize.js';
import { lineSoup, tokenSoup } from './random-markdown.js';
import { referenceHtml } from './reference.js';

// Jekyll's defaults, and the option sets that change the grammar most.
const SETS: readonly { readonly name: string; readonly kramdown?: Record<string, unknown>; readonly documents: readonly string[] }[] = [
  { name: "Jekyll's defaults", documents: [...tokenSoup(1, 300, 60), ...tokenSoup(2, 100, 200), ...lineSoup(3, 300, 25)] },
  { name: 'input: kramdown', kramdown: { input: 'kramdown' }, documents: [...tokenSoup(4, 100, 60), ...lineSoup(5, 150, 25)] },
  { name: 'parse_block_html: true', kramdown: { parse_block_html: true }, documents: [...tokenSoup(6, 100, 60), ...lineSoup(7, 150, 25)] },
];

const expected = referenceHtml(
  SETS.flatMap((set, k) => set.documents.map((source, i) => ({ name: `s${k}d${i}`, kind: 'markdown' as const, source, kramdown: set.kramdown }))),
);

for (const [k, set] of SETS.entries()) {
  test(`${set.documents.length} random documents render as Jekyll's kramdown renders them (${set.name})`, (t) => {
    const render = markdownRenderer({ engine: 'kramdown', kramdown: set.kramdown });
    const differing: string[] = [];
    let skipped = 0;
    set.documents.forEach((source, i) => {
      const want = expected.get(`s${k}d${i}`) ?? '';
      if (want.startsWith('!error')) {
        skipped++;
        return;
      }
      if (normalizeHtml(render(source)) !== normalizeHtml(want)) differing.push(JSON.stringify(source));
    });
    t.diagnostic(`${skipped} documents kramdown cannot convert were skipped`);
    assert.ok(skipped < set.documents.length / 10);
    assert.deepEqual(differing, []);
  });
}
