// Runs tools/validate-feed (W3C validator, feedparser, xmllint, JSON Feed 1.1 checks) on feeds.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const TOOL = path.resolve(import.meta.dirname, '../../tools/validate-feed');

export interface ValidationReport {
  readonly ok: boolean;
  readonly errors: number;
  readonly warnings: number;
  /** The tool's own text output, for assertion messages. */
  readonly output: string;
}

/**
 * Validates documents given as name → bytes (written to a temporary folder) or as http:// URLs.
 * The W3C layer runs when FEEDVALIDATOR_SRC is set; the other layers need only Debian packages
 * (.ci/run installs them).
 */
export function validateFeeds(feeds: Readonly<Record<string, string | Buffer>> | readonly string[]): ValidationReport {
  let targets: string[];
  if (Array.isArray(feeds)) targets = [...feeds];
  else {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fw-validate-'));
    // Numbered: paths that differ only in non-ASCII letters (/authors/李明/, /authors/王芳/) must not collide.
    targets = Object.entries(feeds).map(([name, bytes], i) => {
      const file = path.join(dir, `${i}-${name.replace(/[^A-Za-z0-9._-]+/g, '_')}`);
      writeFileSync(file, bytes);
      return file;
    });
  }
  const run = spawnSync(TOOL, ['--no-warnings', ...targets], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const output = `${run.stdout}${run.stderr}`;
  const summary = /validated (\d+) feeds: (\d+) errors, (\d+) warnings/.exec(output);
  if (run.status === 2 || !summary) throw new Error(`validate-feed could not run (exit ${run.status}):\n${output}`);
  return { ok: run.status === 0, errors: Number(summary[2]), warnings: Number(summary[3]), output };
}
