// The posts folder must exist before anything starts: a missing one is a clear message (serve, build,
// check), not a first rescan that fails.
import { stat } from 'node:fs/promises';
import { PostsDirError } from '../errors.js';

export async function requirePostsDir(dir: string): Promise<void> {
  const isDir = await stat(dir).then((s) => s.isDirectory(), () => false);
  if (!isDir) throw new PostsDirError(`posts folder not found: ${dir} (set posts.dir in the config file, or FEEDWRIGHT_POSTS_DIR)`);
}
