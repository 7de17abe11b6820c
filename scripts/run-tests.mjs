#!/usr/bin/env node
// Runs every tests/**/*.test.ts with Node's test runner through tsx; extra arguments pick files or
// pass runner flags (npm test -- tests/http).
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';

function find(dir) {
  return readdirSync(dir)
    .flatMap((name) => {
      const full = path.join(dir, name);
      return statSync(full).isDirectory() ? find(full) : name.endsWith('.test.ts') ? [full] : [];
    })
    .sort();
}

// Most test files share one process: each file run alone pays ~0.5 s of CPU starting Node, tsx and the
// modules, and the machine's cores are the limit. Their services listen on port 0 with a registry each, and
// close what they start. Those that keep a process each: the CLI, browser, bench and deploy tests (child
// processes and Chromium, run beside the shared ones), and the two that measure this process's peak RSS,
// which earlier files in the same process would have raised already.
const SHARED = ['tests/config/', 'tests/content/', 'tests/http/', 'tests/posts/', 'tests/property/', 'tests/publish/', 'tests/render/', 'tests/rescan/', 'tests/scopes/', 'tests/snapshot/', 'tests/triggers/', /^tests\/[^/]+\.test\.ts$/];
const ALONE = ['tests/posts/read-file.test.ts', 'tests/rescan/hostile-rescan.test.ts'];
const ENTRY = 'tests/helpers/shared-process.ts';

const args = process.argv.slice(2);
const flags = args.filter((a) => a.startsWith('-'));
const picks = args.filter((a) => !a.startsWith('-'));
const files = (picks.length > 0 ? picks : ['tests']).flatMap((p) => (statSync(p).isDirectory() ? find(p) : [p]));
const posix = (f) => f.split(path.sep).join('/');
const shared = files.filter((f) => !ALONE.includes(posix(f)) && SHARED.some((s) => (typeof s === 'string' ? posix(f).startsWith(s) : s.test(posix(f)))));
const grouped = shared.length > 1;
const alone = grouped ? files.filter((f) => !shared.includes(f)) : files;

// The CLI tests (and tests/jekyll) run the built command (dist/cli/main.js, the package's bin) as a child process: build it
// first, so `npm test` on a clean clone tests the current sources and not a stale or missing dist/.
if (files.some((f) => f.split(path.sep).some((part) => part === 'cli' || part === 'jekyll'))) {
  const build = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
// Node 20 runs one file at a time on 2 cores (its default is cores − 1); most files spend their time
// waiting on child processes, sockets and threads, so one per core finishes sooner. A later
// --test-concurrency among the flags wins.
const concurrency = `--test-concurrency=${availableParallelism()}`;
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', concurrency, ...flags, ...(grouped ? [ENTRY] : []), ...alone], {
  stdio: 'inherit',
  env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent', ...(grouped ? { FW_SHARED_TESTS: JSON.stringify(shared) } : {}) },
});
process.exit(result.status ?? 1);
