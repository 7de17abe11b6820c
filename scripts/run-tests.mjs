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
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...flags, ...files], {
  stdio: 'inherit',
  env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' },
});
process.exit(result.status ?? 1);
