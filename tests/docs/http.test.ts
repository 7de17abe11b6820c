// docs/reference/http.md and the code: every fixed address feedwright answers is on the page, and its
// metrics table lists exactly the metrics src/metrics.ts exports.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RESERVED_PATHS } from '../../src/config/alias-clash.js';
import { read, section, tableRows } from './markdown.js';

const PAGE = read('docs/reference/http.md');

test('every fixed address is on the page', () => {
  // /index.html is reserved for `feedwright build`'s tree (a folder's page), not an address the server answers.
  const served = [...RESERVED_PATHS].filter((p) => p !== '/index.html');
  assert.deepEqual(
    served.filter((p) => !PAGE.includes(`\`${p}\``) && !PAGE.includes(`\`POST ${p}\``)),
    [],
  );
  for (const prefix of ['/categories/<slug>/', '/tags/<slug>/', '/authors/<slug>/', '/assets/']) assert.ok(PAGE.includes(prefix), prefix);
});

test('the metrics table lists exactly the metrics feedwright exports', () => {
  const exported = new Set([...read('src/metrics.ts').matchAll(/'(feedwright_[a-z_]+)'/g)].map((m) => m[1] ?? ''));
  const listed = new Set(
    tableRows(section(PAGE, 'Status, health and metrics')).flatMap(([cell = '']) => [...cell.matchAll(/`(feedwright_[a-z_]+)`/g)].map((m) => m[1] ?? '')),
  );
  assert.ok(exported.size > 20, `${exported.size} metrics found in src/metrics.ts`);
  assert.deepEqual([...exported].filter((m) => !listed.has(m)).sort(), [], 'metrics missing from the table');
  assert.deepEqual([...listed].filter((m) => !exported.has(m)).sort(), [], 'metrics in the table that do not exist');
});
