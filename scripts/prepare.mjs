#!/usr/bin/env node
// npm's `prepare` (on `npm install` / `npm ci` in a clone, and `npm pack`): builds dist/ from src/.
// TypeScript is a dev dependency, so `npm ci --omit=dev` has no compiler: rather than fail with
// `tsc: not found` (exit 127), keep a dist/ built before, or stop with one line naming the ways to install.
// The build goes to a new folder swapped in whole: no file of a removed source stays in dist/ (or in the
// packed tarball), and a failed build leaves the old dist/ as it was.
import { spawnSync } from 'node:child_process';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'dist');
let tsc;
try {
  tsc = path.join(path.dirname(createRequire(path.join(root, 'package.json')).resolve('typescript/package.json')), 'bin', 'tsc');
} catch {
  if (existsSync(path.join(dist, 'cli', 'main.js'))) {
    console.error('feedwright: TypeScript is not installed (--omit=dev): keeping the dist/ already built');
    process.exit(0);
  }
  // Exit 1: the install stops here, rather than leave a clone where `npm start` cannot find dist/.
  console.error(
    'feedwright: cannot build dist/ without TypeScript, a dev dependency (--omit=dev); install with `npm ci` in a clone, or `npm pack` there and `npm install -g --omit=dev ./feedwright-*.tgz`',
  );
  process.exit(1);
}

const fresh = path.join(root, `.dist-new-${process.pid}`);
const build = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json'), '--outDir', fresh], { stdio: 'inherit' });
if (build.status !== 0) {
  rmSync(fresh, { recursive: true, force: true });
  process.exit(build.status ?? 1);
}
const old = path.join(root, `.dist-old-${process.pid}`);
if (existsSync(dist)) renameSync(dist, old);
renameSync(fresh, dist);
rmSync(old, { recursive: true, force: true });
