// Issue 6: a short, bounded run of `npm run loadtest` (3 s and at least 400 requests, 10 connections), so CI exercises the checks
// it makes: no error, every 200 parses and matches its ETag while rescans change the feeds, memory flat.
// It asserts what happened, never how fast: speed is the script's to report.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';

test('a short load test under rescans: no error, 200s and 304s, changed feeds, memory measured', () => {
  const root = path.resolve(import.meta.dirname, '../..');
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'bench/loadtest.ts', '--duration', '3', '--connections', '10', '--min-requests', '400', '--json'],
    {
      cwd: root,
      encoding: 'utf8',
      timeout: 120_000,
    },
  );
  assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
  const summary = JSON.parse(run.stdout) as {
    errors: number;
    requests: number;
    ok200: number;
    notModified304: number;
    rescans: number;
    changedDocuments: number;
    memoryMiB?: { rss: { first: number; last: number } };
  };
  assert.equal(summary.errors, 0);
  assert.ok(summary.ok200 > 0 && summary.notModified304 > 0, 'both full and conditional answers');
  assert.equal(summary.requests, summary.ok200 + summary.notModified304);
  assert.ok(summary.rescans > 1 && summary.changedDocuments > 0, 'rescans changed feeds during the run');
  assert.ok(summary.memoryMiB && summary.memoryMiB.rss.first > 0, 'memory was sampled');
});
