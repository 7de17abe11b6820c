// `feedwright check`: read the posts as a rescan does and report every problem, one `path:line: reason`
// line each (paths from the working folder, so editors can jump to them); exit 1 when a post is rejected.
import path from 'node:path';
import { scanPosts } from '../posts/scan.js';
import { scanOptionsFrom } from '../triggers/rescan.js';
import { configFrom, displayPath, problemLine, type Command } from './args.js';

export const checkCommand: Command = {
  name: 'check',
  summary: 'Read the posts and print every problem as path:line: reason. Exit 1 when any post is rejected.',
  options: {
    json: { type: 'boolean', help: 'print one JSON report on stdout instead' },
  },
  run: async (values) => {
    const config = configFrom(values);
    const scan = await scanPosts(scanOptionsFrom(config));
    const now = Date.now();
    const errors = scan.problems.filter((p) => p.severity === 'error').length;
    const warnings = scan.problems.length - errors;
    const counts = {
      files: scan.files,
      posts: scan.posts.length,
      // Dated in the future: not published until a rescan after their date.
      scheduled: scan.posts.filter((p) => p.date > now).length,
      excluded: scan.excluded,
      errors,
      warnings,
    };
    if (values.json === true) {
      const problems = scan.problems.map((p) => ({ ...p, file: displayPath(path.resolve(config.posts.dir, p.path)) }));
      process.stdout.write(`${JSON.stringify({ ok: errors === 0, postsDir: config.posts.dir, ...counts, problems }, null, 2)}\n`);
    } else {
      for (const p of scan.problems) process.stdout.write(`${problemLine(config, p)}\n`);
      process.stderr.write(
        `feedwright check: ${counts.files} files, ${counts.posts} posts (${counts.scheduled} dated in the future), ${counts.excluded} not published, ${errors} errors, ${warnings} warnings\n`,
      );
    }
    return errors > 0 ? 1 : 0;
  },
};
