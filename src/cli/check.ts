// `feedwright check`: read the posts as a rescan does and report every problem, one `path:line: reason`
// line each (paths from the working folder, so editors can jump to them); exit 1 when a post is rejected.
import type { Run } from './args.js';
import type { Config } from '../config/schema.js';
import { originOf } from '../config/load.js';
import { explainedConfigFrom } from './config-from.js';
import { problemFile, problemLine } from './display.js';
import { rescanOnce } from './rescan-once.js';
import { noPostsWarning } from '../posts/posts-dir.js';
import { isSecretHeader, redactTemplate } from '../publish/redact.js';
import { redactUrlsIn } from '../url-secrets.js';

export const run: Run = async (values) => {
  const { config, origins } = explainedConfigFrom(values);
  if (values.explain === true) process.stdout.write(explain(config, origins));
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
    const problems = result.problems.map((p) => ({ ...p, file: problemFile(config, p) }));
    process.stdout.write(`${JSON.stringify({ ok: errors === 0, postsDir: config.posts.dir, ...counts, problems }, null, 2)}\n`);
  } else {
    for (const p of result.problems) process.stdout.write(`${problemLine(config, p)}\n`);
    if (result.ok && result.files === 0) process.stderr.write(`feedwright check: warning: ${noPostsWarning(config.posts)}\n`);
    process.stderr.write(
      `feedwright check: ${counts.files} files, ${counts.posts} posts (${counts.scheduled} dated in the future), ${counts.excluded} not published, ${errors} errors, ${warnings} warnings\n`,
    );
  }
  return errors > 0 ? 1 : 0;
};

/**
 * Every setting with its value and where it came from (a file and its key, a variable, a flag, or the
 * default), one per line: what a site that switched from Jekyll reads to see what was taken from where.
 */
export function explain(config: Config, origins: ReadonlyMap<string, string>): string {
  const lines: string[] = [];
  const walk = (value: unknown, key: string): void => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length > 0 && key !== 'authors') {
      for (const [k, v] of Object.entries(value)) walk(v, key ? `${key}.${k}` : k);
      return;
    }
    // Secrets are set or not; their value never reaches a terminal or a CI log. A purge template keeps its
    // {{env.NAME}} and hides literal tokens (publish/redact.ts); a URL's user name, password and query values
    // (posts.git.url, cluster.redisUrl, hubs…) are left out (url-secrets.ts).
    const shown =
      key === 'webhook.secret'
        ? value === undefined
          ? '(not set)'
          : '(set)'
        : value === undefined
          ? '(not set)'
          : key.startsWith('publish.') && typeof value === 'string'
            ? JSON.stringify(redactTemplate(value, /^publish\.purge\.headers\./.test(key) && isSecretHeader(key.slice('publish.purge.headers.'.length))))
            : redactUrlsIn(JSON.stringify(value));
    lines.push(`${key} = ${shown}    # ${originOf(key, origins) ?? 'default'}`);
  };
  walk(config, '');
  return `${lines.join('\n')}\n`;
}
