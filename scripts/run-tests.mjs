#!/usr/bin/env node
// Runs the test files through Node's test runner and tsx, in two tiers:
//   npm test              the quick tier: everything that needs no server, browser, install or built command
//   npm run test:all      every test (what .ci/run and the README's test command run)
// Extra arguments pick files or folders (npm test -- tests/http), whatever their tier, or pass runner flags.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';

function find(dir) {
  return readdirSync(dir)
    .flatMap((name) => {
      const full = path.join(dir, name);
      return statSync(full).isDirectory() ? find(full) : name.endsWith('.test.ts') ? [full] : [];
    })
    .sort();
}

// Only in the full tier: the tests that start a real server other than our own in-process one (Redis,
// s3rver, Jekyll, Chromium), install the package, run the built command or kill processes, and the few
// that read many megabytes on purpose. Each is a folder or a file; a new test is quick unless listed here.
const FULL_ONLY = [
  'tests/browser/', // Chromium
  'tests/cluster/', // redis-server
  'tests/jekyll/', // jekyll build
  'tests/publish/', // s3rver, purge endpoints, hubs
  'tests/cli/', // the built command as a child process (needs tsc first)
  'tests/deploy/', // systemd-analyze over the packed unit
  'tests/bench/loadtest.test.ts', // a bounded load test
  'tests/config/hostile-config.test.ts', // the CLI under tsx as a child process
  'tests/service.test.ts', // a script under tsx as a child process
  'tests/cache/warm-cache-kill.test.ts', // kill -9 of writers
  'tests/sources/git/posts.test.ts', // git clones and fetches of a bare repository
  'tests/sources/git/checkout.test.ts', // git over a real smart-HTTP server
  'tests/sources/git/command.test.ts', // git against a server that never answers
  'tests/rescan/hostile-rescan.test.ts', // megabytes of hostile posts, measures peak RSS
  'tests/posts/hostile-posts.test.ts', // megabytes of hostile posts through a running service
];

// Most files share a process: each file run alone pays ~0.5 s of CPU starting Node, tsx and the modules.
// Their services listen on port 0 with a registry each, and close what they start. The shared files are
// dealt to one process per core. Those that keep a process each: the CLI, browser, bench and deploy tests
// (child processes and Chromium, run beside the shared ones), and the two that measure this process's
// peak RSS, which earlier files in the same process would have raised already.
const SHARED = [
  'tests/archives/',
  'tests/cache/',
  'tests/config/',
  'tests/content/',
  'tests/docs/',
  'tests/http/',
  'tests/posts/',
  'tests/property/',
  'tests/publish/',
  'tests/render/',
  'tests/rescan/',
  'tests/scopes/',
  'tests/sources/',
  'tests/snapshot/',
  'tests/triggers/',
  /^tests\/[^/]+\.test\.ts$/,
];
const ALONE = ['tests/posts/read-file.test.ts', 'tests/rescan/hostile-rescan.test.ts'];
const ENTRY = 'tests/helpers/shared-process.ts';

const args = process.argv.slice(2);
const all = args.includes('--all');
const flags = args.filter((a) => a.startsWith('-') && a !== '--all');
const picks = args.filter((a) => !a.startsWith('-'));
const posix = (f) => f.split(path.sep).join('/');
const listed = (f, list) => list.some((s) => (typeof s === 'string' ? (s.endsWith('/') ? posix(f).startsWith(s) : posix(f) === s) : s.test(posix(f))));
const found = (picks.length > 0 ? picks : ['tests']).flatMap((p) => (statSync(p).isDirectory() ? find(p) : [p]));
// Files picked by name run whatever their tier; a plain `npm test` leaves the full tier out.
const files = all || picks.length > 0 ? found : found.filter((f) => !listed(f, FULL_ONLY));
const shared = files.filter((f) => !ALONE.includes(posix(f)) && listed(f, SHARED));
const grouped = shared.length > 1;
const alone = grouped ? files.filter((f) => !shared.includes(f)) : files;

// The CLI tests (and tests/jekyll) run the built command (dist/cli/main.js, the package's bin) as a child process: build it
// first, so a run on a clean clone tests the current sources and not a stale or missing dist/.
if (files.some((f) => f.split(path.sep).some((part) => part === 'cli' || part === 'jekyll'))) {
  const build = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

/** The shared files dealt to `n` groups of about equal size (bytes of test source as the weight), in a fixed order. */
function deal(list, n) {
  const groups = Array.from({ length: Math.max(1, Math.min(n, list.length)) }, () => ({ weight: 0, files: [] }));
  const weighted = list.map((f) => ({ f, w: statSync(f).size })).sort((a, b) => b.w - a.w || (a.f < b.f ? -1 : 1));
  for (const { f, w } of weighted) {
    const lightest = groups.reduce((a, b) => (b.weight < a.weight ? b : a));
    lightest.files.push(f);
    lightest.weight += w;
  }
  return groups.map((g) => g.files.sort());
}

// Node 20 runs one file at a time on 2 cores (its default is cores − 1); most files spend their time
// waiting on child processes, sockets and threads, so one per core finishes sooner. A later
// --test-concurrency among the flags wins.
const cores = availableParallelism();
const concurrency = `--test-concurrency=${cores}`;
// No test may hang a run: one that waits for ever fails after this long instead (a test's own timeout wins).
// A shared runner is one file to Node's runner, so its bound holds all its files together: a loaded
// machine took 180 s for one of them, so they get more.
const timeout = '--test-timeout=180000';
const sharedTimeout = '--test-timeout=900000';
// Every temporary folder of a run (the tests', their child processes', Chromium's) goes in one folder,
// removed when the run ends, so that folders a test does not remove itself (many leave theirs for a look
// after a failure) do not pile up: hundreds a run and gigabytes a day in /tmp before.
const scratch = mkdtempSync(path.join(tmpdir(), 'feedwright-tests-'));
const removeScratch = () => rmSync(scratch, { recursive: true, force: true });
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    removeScratch();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  });
}
const env = { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent', TMPDIR: scratch };
// Each runner's report is printed whole when it ends (side by side, their lines would interleave), then
// the totals of all of them.
const run = (files, extraEnv, bound = timeout) =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', concurrency, bound, ...flags, ...files], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...env, ...extraEnv },
    });
    const out = [];
    child.stdout.on('data', (chunk) => out.push(chunk));
    child.stderr.on('data', (chunk) => out.push(chunk));
    child.on('close', (code, signal) => {
      const text = Buffer.concat(out).toString('utf8');
      process.stdout.write(text);
      resolve({ code: code ?? (signal ? 1 : 0), text });
    });
  });
// One runner for the files that keep a process each, and one per group of shared files, side by side.
const started = performance.now();
const results = await Promise.all([
  ...(alone.length > 0 ? [run(alone, {})] : []),
  ...(grouped ? deal(shared, cores).map((group) => run([ENTRY], { FW_SHARED_TESTS: JSON.stringify(group) }, sharedTimeout)) : []),
]);
removeScratch();
const total = (key) => results.reduce((sum, r) => sum + Number(r.text.match(new RegExp(`^ℹ ${key} (\\d+)$`, 'm'))?.[1] ?? 0), 0);
const failed = results.filter((r) => r.code !== 0).length;
console.log(
  `\n${all ? 'all tiers' : picks.length > 0 ? 'picked files' : 'quick tier (npm run test:all for every test)'}: ${total('tests')} tests, ${total('pass')} pass, ${total('fail')} fail, ${total('cancelled')} cancelled, ${total('skipped')} skipped, in ${results.length} runners, ${((performance.now() - started) / 1000).toFixed(1)} s${failed > 0 ? ` — ${failed} runner(s) failed` : ''}`,
);
process.exit(results.find((r) => r.code !== 0)?.code ?? 0);
