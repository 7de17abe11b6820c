// `feedwright check`: read the posts as a rescan does and report every problem, one `path:line: reason`
// line each (paths from the working folder, so editors can jump to them); exit 1 when a post is rejected.
import path from 'node:path';
import type { Run } from './args.js';
import { configFrom } from './config-from.js';
import { displayPath, problemLine } from './display.js';
import { rescanOnce } from './rescan-once.js';

export const run: Run = async (values) => {
  const config = configFrom(values);
  // A whole rescan, not just a scan: problems found across posts (and the rescan's own) are reported too.
  const { result } = await rescanOnce(config, 'check');
  const errors = result.problems.filter((p) => p.severity === 'error').length;
  const warnings = result.problems.length - errors;
  const counts = {
    files: result.files,
    // Every readable post, those dated in the future (published by a rescan after their date) included.
    posts: result.posts + result.scheduled,
    scheduled: result.scheduled,
    excluded: result.excluded,
    errors,
    warnings,
  };
  if (values.json === true) {
    const problems = result.problems.map((p) => ({ ...p, file: displayPath(path.resolve(config.posts.dir, p.path)) }));
    process.stdout.write(`${JSON.stringify({ ok: errors === 0, postsDir: config.posts.dir, ...counts, problems }, null, 2)}\n`);
  } else {
    for (const p of result.problems) process.stdout.write(`${problemLine(config, p)}\n`);
    process.stderr.write(
      `feedwright check: ${counts.files} files, ${counts.posts} posts (${counts.scheduled} dated in the future), ${counts.excluded} not published, ${errors} errors, ${warnings} warnings\n`,
    );
  }
  return errors > 0 ? 1 : 0;
};
