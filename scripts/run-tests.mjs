#!/usr/bin/env node
// Runs every tests/**/*.test.ts with Node's test runner through tsx; extra arguments pick files or
// pass runner flags (npm test -- tests/http).
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

function find(dir) {
  return readdirSync(dir)
    .flatMap((name) => {
      const full = path.join(dir, name);
      return statSync(full).isDirectory() ? find(full) : name.endsWith('.test.ts') ? [full] : [];
    })
    .sort();
}

const args = process.argv.slice(2);
const flags = args.filter((a) => a.startsWith('-'));
const picks = args.filter((a) => !a.startsWith('-'));
const files = (picks.length > 0 ? picks : ['tests']).flatMap((p) => (statSync(p).isDirectory() ? find(p) : [p]));

// The CLI tests (and tests/jekyll) run the built command (dist/cli/main.js, the package's bin) as a child process: build it
// first, so `npm test` on a clean clone tests the current sources and not a stale or missing dist/.
if (files.some((f) => f.split(path.sep).some((part) => part === 'cli' || part === 'jekyll'))) {
  const build = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...flags, ...files], {
  stdio: 'inherit',
  env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' },
});
process.exit(result.status ?? 1);
