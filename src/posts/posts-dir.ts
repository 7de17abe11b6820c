// The posts folder must exist before anything starts: a missing one is a clear message (serve, build,
// check), not a first rescan that fails.
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { PostsDirError } from '../errors.js';

export async function requirePostsDir(dir: string): Promise<void> {
  const isDir = await stat(dir).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!isDir) throw new PostsDirError(`posts folder not found: ${dir} (set posts.dir in the config file, or FEEDWRIGHT_POSTS_DIR)`);
}

/**
 * What to tell someone whose posts folder gave no post files: where feedwright looked, and, when the
 * folder is a Jekyll site read as a plain folder (its posts are in `_posts`, which a plain folder skips),
 * what to pass instead.
 */
export function noPostsWarning(options: { readonly dir: string; readonly layout: 'folder' | 'jekyll'; readonly include: readonly string[] }): string {
  const looked =
    options.layout === 'jekyll'
      ? `no posts found in the Jekyll site ${options.dir} (looked in its _posts folders for dated files such as _posts/2024-01-31-title.md)`
      : `no posts found in ${options.dir} (looked for ${options.include.join(', ')})`;
  if (options.layout === 'folder' && existsSync(path.join(options.dir, '_posts'))) {
    return `${looked}; it has a _posts folder, so it is probably a Jekyll site's root: pass --site ${options.dir} instead`;
  }
  if (options.layout === 'jekyll' && !['_config.yml', '_config.yaml'].some((f) => existsSync(path.join(options.dir, f)))) {
    return `${looked}; it has no _config.yml either: is it the site's root?`;
  }
  return looked;
}
